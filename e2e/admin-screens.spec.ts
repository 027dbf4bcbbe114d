import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from './support/server.ts'
import { startServer } from './support/server.ts'
import { launchBrowser, newPage, screenshot } from './support/browser.ts'
import { look } from './support/look.ts'
import { signIn } from './support/console.ts'

describe('admin console screens', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    page = await newPage(browser)
    await signIn(page, server.url, 'admin', server.adminPassword)
    await page.locator('[data-testid=welcome]').waitFor()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('should send one sign-in for one Enter, so a typo counts once toward the lockout', async () => {
    const other = await newPage(browser)
    const sent: string[] = []
    other.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/auth/login')) sent.push(r.url())
    })
    await other.goto(`${server.url}/admin/sign-in`)
    await other.locator('input[name=login]').fill('dispatcher')
    await other.locator('input[name=password]').fill('not-the-password')
    await other.locator('input[name=password]').press('Enter')
    await other.locator('[data-testid=sign-in-error]').waitFor()
    expect(sent).toHaveLength(1)
    await other.close()
  })

  it("should open on the day's work: today's visits by status, orders waiting for a worker, open complaints", async () => {
    const overview = page.locator('[data-testid=overview]')
    const value = async (testId: string) =>
      Number(await overview.locator(`[data-testid=${testId}] .stat__value`).innerText())
    await expect.poll(() => value('stat-today')).toBeGreaterThan(0)
    const today = await value('stat-today')
    // The parts add up to the whole, each a link to today's orders of that status.
    const parts = await overview.locator('[data-testid=stat-today] .stat__part').allInnerTexts()
    expect(parts.reduce((sum, p) => sum + Number(/\d+$/.exec(p)?.[0]), 0)).toBe(today)
    expect(Number.isInteger(await value('stat-pending-dispatch'))).toBe(true)
    expect(Number.isInteger(await value('stat-complaints'))).toBe(true)
    await look(page, 'dashboard-overview')

    await overview.locator('[data-testid=stat-today] .stat__head').click()
    await page.waitForURL(/\/orders\?.*from=\d{4}-\d\d-\d\d.*to=/)
    await page.locator('[data-testid=orders-table] .el-table__row').first().waitFor()
    await expect(page.locator('[data-testid=orders-table] .el-table__row').count()).resolves.toBe(
      Math.min(today, 20),
    )
    await page.goBack()
    await overview.locator('[data-testid=stat-pending-dispatch]').click()
    await page.waitForURL(/\/orders\?status=pending_dispatch/)
    await page.goBack()
    await overview.waitFor()
  })

  it('should keep a list as it was left on Back and reload: filters, page, search with no match', async () => {
    await page.goto(`${server.url}/admin/customers`)
    const table = page.locator('[data-testid=customers-table]')
    await table.locator('.el-table__row').first().waitFor()
    await page.locator('input[placeholder="标签"]').fill('老客户')
    await page.waitForURL(/\/customers\?tag=/)
    await table.locator('.el-table__row').first().click()
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/)
    await page.goBack()
    await expect(page.locator('input[placeholder="标签"]').inputValue()).resolves.toBe('老客户')
    await page.goto(`${server.url}/admin/roles?q=${encodeURIComponent('客服')}`)
    const roles = page.locator('[data-testid=roles-table] .el-table__row')
    await expect.poll(() => roles.count()).toBe(1)
    await page.reload()
    await expect.poll(() => roles.count()).toBe(1)
    // The page a list was on comes back too, with Previous still working.
    await page.goto(`${server.url}/admin/orders`)
    const pager = page.locator('[data-testid=pager]')
    const firstRow = page.locator('[data-testid=orders-table] .el-table__row').first()
    const first = await firstRow.innerText()
    await pager.locator('[data-testid=next-page]').click()
    await pager.getByText('第 2 页').waitFor()
    // The pager turns before the next page's rows arrive: wait for them, or page 1's row is taken for page 2's.
    await expect.poll(() => firstRow.innerText()).not.toBe(first)
    const second = await firstRow.innerText()
    await firstRow.click()
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/)
    await page.goBack()
    await pager.getByText('第 2 页').waitFor()
    await expect.poll(() => firstRow.innerText()).toBe(second)
    await page.reload()
    await pager.getByText('第 2 页').waitFor()
    await pager.getByRole('button', { name: '上一页' }).click()
    await pager.getByText('第 1 页').waitFor()
    // A search that finds nothing says so, and clears in one click.
    await page.goto(`${server.url}/admin/orders?q=ZZ404`)
    const orders = page.locator('[data-testid=orders-table]')
    await orders.getByText('没有符合筛选条件的记录').waitFor()
    await look(page, 'orders-no-match')
    await orders.locator('[data-testid=clear-filters]').click()
    await orders.locator('.el-table__row').first().waitFor()
  })

  it('should list staff with masked phones and explain bad input in the create form', async () => {
    await page.locator('[data-menu="/users"]').click()
    const table = page.locator('[data-testid=users-table]')
    await table.getByText('admin', { exact: true }).waitFor()
    expect(await table.locator('.el-table__row').count()).toBeGreaterThan(3)
    await screenshot(page, '07-staff-list')

    await page.locator('[data-testid=new-user]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.locator('input[name=login]').fill('9bad')
    await dialog.locator('input[name=phone]').fill('12345')
    await dialog.locator('input[name=password]').fill('short')
    await page.locator('[data-testid=save-user]').click()
    // login, name, phone and password are all wrong: four explanations, one under each field.
    await dialog.locator('.el-form-item__error').nth(3).waitFor()
    const errors = await dialog.locator('.el-form-item__error').allInnerTexts()
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('以字母开头'),
        expect.stringContaining('请填写'),
        expect.stringContaining('手机号'),
        expect.stringContaining('至少 10 位'),
      ]),
    )
    await screenshot(page, '08-staff-form-validation')
    await dialog.locator('.el-dialog__headerbtn').click()
  })

  it('should explain a login that is already taken with the server message next to the field', async () => {
    await page.locator('[data-testid=new-user]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.locator('input[name=login]').fill('admin')
    await dialog.locator('input[name=displayName]').fill('重复账号')
    await dialog.locator('input[name=password]').fill('Abcdefgh12345')
    await page.locator('[data-testid=save-user]').click()
    await dialog.locator('.el-alert, .el-form-item__error').first().waitFor()
    await look(page, 'staff-duplicate-login')
    await dialog.locator('.el-dialog__headerbtn').click()
    await dialog.waitFor({ state: 'hidden' })
  })

  it('should open the edit and reset-password dialogs of an existing staff member', async () => {
    const row = page
      .locator('[data-testid=users-table] .el-table__row', { hasText: 'dispatcher' })
      .first()
    await row.getByText('编辑', { exact: true }).click()
    const dialog = page.locator('.el-dialog:visible')
    await expect(dialog.locator('input[name=login]').isDisabled()).resolves.toBe(true)
    await expect(dialog.locator('input[name=displayName]').inputValue()).resolves.toBe('李调度')
    await look(page, 'staff-edit-dialog')
    await dialog.locator('.el-dialog__headerbtn').click()
    await dialog.waitFor({ state: 'hidden' })
    await row.locator('.el-dropdown .el-button').click()
    await page.locator('.el-dropdown-menu__item:visible', { hasText: '重置密码' }).click()
    const reset = page.locator('.el-dialog:visible')
    await expect(reset.locator('input[name=newPassword]').inputValue()).resolves.toMatch(
      /^(?=.*[A-Za-z])(?=.*\d).{12}$/,
    )
    await look(page, 'staff-reset-password')
    await reset.locator('.el-dialog__headerbtn').click()
    await reset.waitFor({ state: 'hidden' })
  })

  it('should show roles and a read-only built-in role', async () => {
    await page.locator('[data-menu="/roles"]').click()
    const table = page.locator('[data-testid=roles-table]')
    await table.getByText('客服', { exact: true }).waitFor()
    await look(page, 'roles-list')
    await table.getByText('客服', { exact: true }).click()
    await page.waitForURL(/\/admin\/roles\/[0-9a-f-]{36}$/)
    await page.locator('[data-permission="orders:create"]').waitFor()
    // The permission grid can draw before the role itself has loaded: wait for the editor to turn read-only.
    await page.locator('[data-testid=save-role]').waitFor({ state: 'detached' })
    await look(page, 'role-builtin-readonly')
  })

  it('should search the audit log and show a diff', async () => {
    await page.locator('[data-menu="/audit"]').click()
    const table = page.locator('[data-testid=audit-table]')
    await table.locator('.el-table__row').first().waitFor()
    await page
      .locator('input[placeholder*="user.update"], input[placeholder*="动作"]')
      .first()
      .fill('user.created')
    await page.waitForTimeout(900)
    const actions = await table.locator('[data-testid=audit-action-code]').allInnerTexts()
    expect(actions.length).toBeGreaterThan(0)
    for (const action of actions) expect(action.trim()).toBe('user.created')
    // The action in words, with the code the filter takes beside it.
    await expect(table.locator('.el-table__row td:nth-child(5)').first().innerText()).resolves.toBe(
      '新建员工\nuser.created',
    )
    await table.locator('.el-table__expand-icon').first().click()
    await page.locator('[data-testid=audit-diff]').first().waitFor()
    await screenshot(page, '09-audit-log-diff')
  })

  it('should list projects and show the profile', async () => {
    await page.locator('[data-menu="/projects"]').click()
    await page.locator('[data-testid=projects-table] .el-table__row').first().waitFor()
    await look(page, 'projects')
    await page.getByRole('button', { name: '新建项目' }).click()
    const dialog = page.locator('.el-dialog:visible')
    await page.locator('.el-dialog:visible .el-button--primary').click()
    await dialog.locator('.el-form-item__error').nth(2).waitFor()
    await look(page, 'project-create-validation')

    // A new city with its service area, then renamed and closed to new addresses.
    await dialog.locator('input[name=code]').fill('HZ-XH')
    await dialog.locator('input[name=name]').fill('杭州西湖')
    await dialog.locator('input[name=city]').fill('杭州')
    await dialog.locator('input[name=lat]').fill('30.274')
    await dialog.locator('input[name=lng]').fill('120.155')
    await dialog.locator('input[name=radiusKm]').fill('12')
    // The number customers call: words are not one, named beside the field before anything is sent.
    const servicePhone = dialog.locator('input[name=servicePhone]')
    await servicePhone.fill('找前台')
    await servicePhone.blur()
    await dialog.getByText('请输入电话号码，如 400-820-6688 或 021-5081 6688').waitFor()
    await servicePhone.fill('0571-8765 4321')
    await servicePhone.blur()
    // Typed coordinates show on the map as its pin, with the service area around it.
    await dialog.locator('[data-testid=pin-map] .leaflet-tile-loaded').first().waitFor()
    await dialog.locator('[data-testid=pin-map] path.leaflet-interactive').waitFor()
    await look(page, 'project-centre-map')
    await dialog.locator('[data-testid=save-project]').click()
    await dialog.waitFor({ state: 'hidden' })
    const row = page.locator('[data-testid=projects-table] .el-table__row', { hasText: 'HZ-XH' })
    await expect(row.locator('[data-testid=project-area]').innerText()).resolves.toBe(
      '30.2740, 120.1550 · 半径 12 km',
    )
    // The header's switcher knows the new project at once.
    await page.locator('[data-testid=project-switcher]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '杭州西湖' }).waitFor()
    await page.keyboard.press('Escape')

    await row.locator('[data-testid=edit-project]').click()
    await expect(dialog.locator('input[name=code]').isDisabled()).resolves.toBe(true)
    await expect(servicePhone.inputValue()).resolves.toBe('0571-8765 4321')
    await dialog.locator('input[name=name]').fill('杭州西湖服务区')
    await dialog.locator('[data-testid=project-active]').click()
    await look(page, 'project-edit')
    await dialog.locator('[data-testid=save-project]').click()
    await dialog.waitFor({ state: 'hidden' })
    const renamed = page.locator('[data-testid=projects-table] .el-table__row', {
      hasText: '杭州西湖服务区',
    })
    await expect(renamed.innerText()).resolves.toContain('停用')
    await look(page, 'projects-edited')
    await page.locator('[data-menu="/profile"]').click()
    await page.locator('[data-testid=change-password]').waitFor()
    await look(page, 'profile')
  })

  it('should switch to English, remember it after a reload, and translate Element Plus too', async () => {
    await page.locator('[data-menu="/roles"]').click()
    await page.locator('[data-testid=language-switch]').click()
    await page.locator('.el-dropdown-menu__item[data-locale=en]').click()
    await expect(page.locator('[data-menu="/users"]').innerText()).resolves.toBe('Staff')
    await page.reload()
    await expect(page.locator('[data-menu="/users"]').innerText()).resolves.toBe('Staff')
    await page.locator('[data-testid=new-role]').click()
    await page.locator('[data-permission="users:read"]').waitFor()
    await screenshot(page, '10-role-editor-english')
    await page.locator('[data-menu="/users"]').click()
    await page.locator('[data-testid=users-table] .el-table__row').first().waitFor()
    await look(page, 'staff-english')
  })
})
