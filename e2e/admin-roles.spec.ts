import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from './support/server.ts'
import { startServer } from './support/server.ts'
import { launchBrowser, newPage, screenshot } from './support/browser.ts'
import { look } from './support/look.ts'
import { chooseOption, closePoppers, menuPaths, signIn, signOut } from './support/console.ts'

/**
 * Issue 2, item 11: an administrator derives a role from the built-in customer service role minus "view staff",
 * gives it to a new staff member, and that person sees only what the role allows — in the menu, at a typed URL,
 * and at the API.
 */
describe('admin console: custom role inheriting customer service minus users:read', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  const roleName = '客服（不含员工查看）'
  const login = 'cs.limited'
  const firstPassword = 'Welcome2024x'
  const ownPassword = 'MyOwnPass2025'

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    page = await newPage(browser)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('should show the sign-in page in Chinese when not signed in', async () => {
    await page.goto(`${server.url}/admin/`)
    await page.waitForURL(/\/admin\/sign-in/)
    await expect(page.locator('[data-testid=sign-in]').innerText()).resolves.toContain('登录')
    await screenshot(page, '01-sign-in')
  })

  it('should sign the admin in and show the full menu', async () => {
    await signIn(page, server.url, 'admin', server.adminPassword)
    await page.locator('[data-testid=welcome]').waitFor()
    expect(await menuPaths(page)).toEqual([
      '/',
      '/orders',
      '/phone-order',
      '/plans',
      '/complaints',
      '/reviews',
      '/reports/complaints',
      '/customers',
      '/catalog',
      '/workers',
      '/users',
      '/roles',
      '/projects',
      '/audit',
      '/ops/deliveries',
      '/api-tokens',
      '/profile',
    ])
    await screenshot(page, '02-admin-dashboard')
  })

  it('should create a role that inherits customer service and denies users:read', async () => {
    await page.locator('[data-menu="/roles"]').click()
    await page.locator('[data-testid=roles-table]').getByText('客服', { exact: true }).waitFor()
    await page.locator('[data-testid=new-role]').click()
    await page.waitForURL(/\/admin\/roles\/new/)

    await page.locator('input[name=name]').fill(roleName)
    await chooseOption(page, 'inherits', '客服')
    await closePoppers(page)

    const usersRead = page.locator('[data-permission="users:read"]')
    await expect(usersRead.locator('.col-inherited').innerText()).resolves.toContain('所属项目')
    await usersRead.locator('[data-role=deny]').click()
    await expect(usersRead.locator('.col-effective').innerText()).resolves.toContain('已禁止')

    const preview = page.locator('[data-testid=effective-preview]')
    await expect(preview.locator('[data-effective="users:read"]').count()).resolves.toBe(0)
    await expect(preview.locator('[data-effective="projects:read"]').count()).resolves.toBe(1)
    await screenshot(page, '03-role-editor-deny-inherited')

    await page.locator('[data-testid=save-role]').click()
    await page.waitForURL(/\/admin\/roles\/[0-9a-f-]{36}$/)

    // What the server stored, read back through the page's own session.
    const roleId = page.url().split('/').pop() ?? ''
    const stored = await page.evaluate(async (id) => {
      const response = await fetch(`/api/v1/roles/${id}`)
      return (await response.json()) as { denies: string[]; effective: Array<{ permission: string }> }
    }, roleId)
    expect(stored.denies).toEqual(['users:read'])
    const effective = stored.effective.map((g) => g.permission)
    expect(effective).toContain('projects:read')
    expect(effective).not.toContain('users:read')
  })

  it('should create a staff member holding the new role', async () => {
    await page.locator('[data-menu="/users"]').click()
    await page.locator('[data-testid=new-user]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.locator('input[name=login]').fill(login)
    await dialog.locator('input[name=displayName]').fill('受限客服小王')
    await dialog.locator('input[name=password]').fill(firstPassword)
    await chooseOption(page, 'user-roles', roleName)
    await closePoppers(page)
    await chooseOption(page, 'user-projects', null)
    await closePoppers(page)
    await screenshot(page, '04-create-user-dialog')
    await page.locator('[data-testid=save-user]').click()
    await dialog.waitFor({ state: 'hidden' })
    await page.locator('[data-testid=users-table]').getByText(login, { exact: true }).waitFor()
  })

  it('should show the new user only the permitted menu', async () => {
    await signOut(page)
    await signIn(page, server.url, login, firstPassword)
    if (page.url().endsWith('/password')) {
      // A password set by an administrator must be replaced at first sign-in.
      await page.locator('[data-testid=change-password]').waitFor()
      await look(page, 'must-change-password')
      await page.locator('input[name=currentPassword]').fill(firstPassword)
      await page.locator('input[name=newPassword]').fill(ownPassword)
      await page.locator('input[name=repeat]').fill(ownPassword)
      await page.locator('[data-testid=change-password]').click()
      await page.waitForURL((url) => url.pathname === '/admin/' || url.pathname === '/admin')
    }
    await page.locator('[data-testid=welcome]').waitFor()
    const menu = await menuPaths(page)
    expect(menu).toContain('/projects')
    expect(menu).not.toContain('/users')
    expect(menu).not.toContain('/roles')
    expect(menu).not.toContain('/audit')
    await screenshot(page, '05-limited-user-menu')

    await page.locator('[data-menu="/projects"]').click()
    await page.locator('[data-testid=projects-table] .el-table__row').first().waitFor()
  })

  it('should show forbidden at a typed URL the role does not allow, and the API should agree', async () => {
    await page.goto(`${server.url}/admin/users`)
    await page.locator('[data-testid=forbidden]').waitFor()
    // The permission as the role editor names it, not its code.
    await page.locator('[data-testid=forbidden]').getByText('所需权限：查看员工').waitFor()
    expect(new URL(page.url()).pathname).toBe('/admin/users')
    await expect(page.locator('[data-testid=users-table]').count()).resolves.toBe(0)
    await screenshot(page, '06-forbidden-users')

    const status = await page.evaluate(async () => (await fetch('/api/v1/users')).status)
    expect(status).toBe(403)
  })

  it('should create an API token shown once, that can do only what it was given, until revoked', async () => {
    await signOut(page)
    await signIn(page, server.url, 'admin', server.adminPassword)
    await page.goto(`${server.url}/admin/api-tokens`)
    await page.locator('[data-testid=new-token]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.locator('[data-testid=save-token]').click()
    await dialog.locator('.el-form-item__error').first().waitFor()
    await dialog.locator('input[name=tokenName]').fill('财务系统对接')
    await dialog.locator('[data-testid=save-token]').click()
    await dialog.locator('.el-alert--error', { hasText: '请至少选择一项权限' }).waitFor()
    await dialog.locator('[data-permission="orders:read"] .el-checkbox').click()
    await look(page, 'api-token-create')
    await dialog.locator('[data-testid=save-token]').click()
    const secret = (await dialog.locator('[data-testid=created-token]').innerText()).trim()
    expect(secret.length).toBeGreaterThan(20)
    await look(page, 'api-token-created')
    await dialog.locator('[data-testid=token-done]').click()
    const row = page.locator('[data-testid=tokens-table] .el-table__row', { hasText: '财务系统对接' })
    await row.waitFor()
    await expect(row.innerText()).resolves.toContain('从未使用')
    // A list with nothing to filter offers no reset.
    await expect(page.getByRole('button', { name: '重置', exact: true }).count()).resolves.toBe(0)
    await look(page, 'api-tokens')

    const status = (path: string) =>
      page.evaluate(
        async ([p, token]) => (await fetch(p!, { headers: { authorization: `Bearer ${token}` }, credentials: 'omit' })).status,
        [path, secret],
      )
    expect(await status('/api/v1/orders?limit=1')).toBe(200)
    expect(await status('/api/v1/customers?limit=1')).toBe(403)
    await page.reload()
    await expect.poll(() => row.innerText()).not.toContain('从未使用')
    await look(page, 'api-tokens')

    await row.locator('[data-testid=revoke-token]').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await row.waitFor({ state: 'detached' })
    expect(await status('/api/v1/orders?limit=1')).toBe(401)
  })
})
