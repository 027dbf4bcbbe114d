import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from './support/server.ts'
import { startServer } from './support/server.ts'
import { launchBrowser, newPage, screenshot } from './support/browser.ts'
import { look } from './support/look.ts'
import { chooseOption, menuPaths, signIn } from './support/console.ts'
import { staffApi } from './support/portal.ts'

/** The office screens for ordering on the demo company: orders, customers, catalog, workers. */
describe('ordering screens', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    page = await newPage(browser)
    await signIn(page, server.url, 'admin', server.adminPassword)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('should show the ordering menu and filter orders by several statuses', async () => {
    expect(await menuPaths(page)).toEqual(
      expect.arrayContaining(['/orders', '/phone-order', '/customers', '/catalog', '/workers']),
    )
    await page.goto(`${server.url}/admin/orders?status=pending_dispatch,dispatched`)
    const table = page.locator('[data-testid=orders-table]')
    await table.locator('.el-table__row').first().waitFor()
    const statuses = await table.locator('[data-testid=order-status]').allInnerTexts()
    expect(statuses.length).toBeGreaterThan(0)
    expect(new Set(statuses)).toEqual(
      new Set(statuses.filter((s) => s === '待派单' || s === '待接单')),
    )
    const totals = await table.locator('.money').allInnerTexts()
    for (const total of totals) expect(total).toMatch(/^¥[\d,]+\.\d\d$/)
    await look(page, 'orders-filtered')

    // The filters live in the address: back from an order, the list is as it was left.
    await page.locator('[data-testid=channel-filter]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '电话' }).click()
    await page.waitForURL(/channel=phone/)
    await table.locator('.el-table__row').first().click()
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/)
    await page.goBack()
    await page.waitForURL(/status=pending_dispatch%2Cdispatched|status=pending_dispatch,dispatched/)
    expect(page.url()).toContain('channel=phone')
    await table.locator('.el-table__row').first().waitFor()
    const channels = await table.locator('.el-table__row').allInnerTexts()
    for (const row of channels) expect(row).toContain('电话')
  })

  it('should reschedule an order into a free window of another day, with the reason on the timeline', async () => {
    await page.goto(`${server.url}/admin/orders?status=pending_dispatch`)
    await page.locator('[data-testid=orders-table] .el-table__row').last().click()
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/)
    const before = await page.locator('[data-testid=order-window]').innerText()
    await page.locator('[data-event=reschedule]').click()
    const dialog = page.locator('.el-dialog:visible')
    // It opens on the order's own day, its window marked and not offered.
    const current = dialog.locator('[data-testid=window][data-current=true]')
    await expect(current.innerText()).resolves.toContain('当前时段')
    await expect(current.isDisabled()).resolves.toBe(true)
    await look(page, 'order-reschedule-current')
    // A day other than the order's own ("11-24 周二 08:00–10:00"), so the new window must differ.
    await dialog
      .locator('[data-testid=window-picker] .el-radio-button')
      .filter({ hasNotText: before.slice(0, 5) })
      .nth(2)
      .click()
    await dialog.locator('[data-testid=window][data-available=true]').first().click()
    await dialog.locator('[data-testid=event-reason]').fill('客户改时间')
    await look(page, 'order-reschedule-dialog')
    await dialog.locator('[data-testid=event-confirm]').click()
    await dialog.waitFor({ state: 'hidden' })
    await page.locator('[data-testid=timeline] [data-event=reschedule]').first().waitFor()
    await page.locator('[data-testid=timeline]').getByText('客户改时间').waitFor()
    const after = await page.locator('[data-testid=order-window]').innerText()
    expect(after).not.toBe(before)
    // The step shows the window it left and the one it moved to.
    await expect(
      page.locator('[data-testid=timeline-window]').first().innerText(),
    ).resolves.toBe(`${before} → ${after}`)
    await look(page, 'order-rescheduled-timeline')
  })

  /** Opens the first order waiting for dispatch, then has "someone else" cancel it through the API. */
  async function openThenCancelElsewhere(on: Page) {
    await on.goto(`${server.url}/admin/orders?status=pending_dispatch`)
    await on.locator('[data-testid=orders-table] .el-table__row').first().click()
    await on.waitForURL(/\/orders\/[0-9a-f-]{36}$/)
    await on.locator('[data-event=cancel]').waitFor()
    const id = on.url().split('/').pop() ?? ''
    const me = (await (await on.request.get(`${server.url}/api/v1/auth/me`)).json()) as {
      csrfToken: string
    }
    const cancelled = await on.request.post(`${server.url}/api/v1/orders/${id}/events`, {
      headers: { 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' },
      data: { event: 'cancel', reason: '客户来电取消' },
    })
    expect(cancelled.status()).toBe(200)
  }

  it('should show a change someone else made to the open order live, without a reload', async () => {
    await openThenCancelElsewhere(page)
    await page.locator('[data-testid=order-status]', { hasText: '已取消' }).waitFor()
    await expect(page.locator('[data-testid=order-actions] [data-event]').count()).resolves.toBe(0)
  })

  it('should explain a refused transition and show the order as it is now', async () => {
    // Without the live stream (a dropped connection), the page still offers the old actions: the server
    // refuses, the page says so and reloads the order.
    await page.routeWebSocket(/\/api\/v1\/stream/, (ws) => ws.close())
    await page.reload()
    await openThenCancelElsewhere(page)
    await page.locator('[data-event=reschedule]').click()
    await page
      .locator('[data-testid=window][data-available=true], [data-testid=windows]')
      .first()
      .waitFor()
    const free = page.locator('[data-testid=window][data-available=true]')
    if ((await free.count()) === 0)
      await page
        .locator('[data-testid=window-picker] .el-radio-button', { hasText: '明天' })
        .click()
    await free.first().click()
    await page.locator('[data-testid=event-confirm]').click()
    await page.locator('.el-message--error').waitFor()
    await page.locator('[data-testid=order-status]', { hasText: '已取消' }).waitFor()
    await expect(page.locator('[data-testid=order-actions] [data-event]').count()).resolves.toBe(0)
    await look(page, 'order-invalid-transition')
  })

  it('should reveal a customer only on request, and show their order history', async () => {
    // The refusal of the test before fades first: the screenshot below is of this screen's own messages.
    await expect.poll(() => page.locator('.el-message--error').count(), { timeout: 8_000 }).toBe(0)
    await page.locator('[data-menu="/customers"]').click()
    // Where customers came from: the list narrows to one source, asked of the server.
    await chooseOption(page, 'customers-source', '微信')
    await expect
      .poll(async () => [
        ...new Set(
          await page
            .locator('[data-testid=customers-table] .el-table__row td:nth-child(4)')
            .allInnerTexts(),
        ),
      ])
      .toEqual(['微信'])
    await page.locator('.ds-filters').getByRole('button', { name: '重置' }).click()
    await page.locator('[data-testid=customers-table] .el-table__row').first().click()
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/)
    const phone = page.locator('[data-testid=customer-phone]')
    await expect(phone.innerText()).resolves.toMatch(/^\d{3}\*{4}\d{4}$/)
    await page.locator('[data-testid=reveal-customer]').click()
    await page.waitForFunction(() =>
      /^\d{11}$/.test(
        document.querySelector('[data-testid=customer-phone]')?.textContent?.trim() ?? '',
      ),
    )
    await screenshot(page, '14-customer-detail-revealed')

    // Edit with If-Match: a note and a preferred time, shown after the save.
    await page.locator('[data-testid=edit-customer]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.locator('textarea').first().fill('周末上午方便，进门换鞋')
    await dialog.locator('.el-input-tag input').nth(1).fill('周末上午')
    await dialog.locator('.el-input-tag input').nth(1).press('Enter')
    // A preferred worker, found by typing (the picker searches the server), named on the page after the save.
    const worker = await page.evaluate(async () => {
      const body = (await (await fetch('/api/v1/workers?limit=50')).json()) as {
        items: Array<{ name: string }>
      }
      return body.items.at(-1)!.name
    })
    await dialog.locator('[data-testid=preferred-workers] input').fill(worker)
    await page.locator('.el-select-dropdown__item:visible', { hasText: worker }).first().click()
    await page.keyboard.press('Escape')
    await page.locator('[data-testid=save-customer]').click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByText('周末上午方便，进门换鞋').waitFor()
    await page.locator('.el-descriptions').getByText('周末上午', { exact: true }).waitFor()
    await page.locator('.el-descriptions').getByText(worker, { exact: true }).waitFor()

    // The customer's change history: the reveal and the edit, in the audit log filtered to this customer.
    await page.locator('[data-testid=customer-history]').click()
    await page.waitForURL(/\/audit\?.*entityType=customer/)
    const audit = page.locator('[data-testid=audit-table]')
    await audit.getByText('customer.pii_revealed').first().waitFor()
    await audit.getByText('customer.updated').first().waitFor()
    await look(page, 'customer-history')
  })

  it('should add, correct, make default and remove an address, and keep one an open order goes to', async () => {
    await page.goto(`${server.url}/admin/orders?status=pending_dispatch`)
    await page.locator('[data-testid=orders-table] .el-table__row').first().click()
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/)
    const orderNo = /[A-Z]+\d[\d-]+/.exec(
      await page.locator('[data-testid=order-no]').innerText(),
    )![0]
    const booked = await page.locator('[data-testid=order-address]').innerText()
    await page.locator('.el-descriptions a.link').first().click()
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/)
    const rows = page.locator(
      '[data-testid=addresses-table] .el-table__body-wrapper .el-table__row',
    )
    await rows.first().waitFor()
    const before = await rows.count()

    await page.locator('[data-testid=add-address]').click()
    let dialog = page.locator('.el-dialog:visible')
    // The contact is the customer, and a second address is not made the default unasked.
    await expect.poll(() => dialog.locator('input[name=contactName]').inputValue()).not.toBe('')
    await expect(dialog.locator('.el-checkbox.is-checked').count()).resolves.toBe(0)
    await dialog.locator('input[name=contactPhone]').fill('13900001111')
    await dialog.locator('input[name=city]').fill('上海')
    await dialog.locator('input[name=district]').fill('浦东新区')
    await dialog.locator('input[name=detail]').fill('芳甸路 300 弄 5 号 601 室')
    // A new address opens the map on a project's centre with no pin; the first tap sets both numbers.
    const map = dialog.locator('[data-testid=pin-map]')
    await map.locator('.leaflet-tile-loaded').first().waitFor()
    await expect(map.locator('.ds-map-pin').count()).resolves.toBe(0)
    await map.click({ position: { x: 60, y: 60 } })
    await map.locator('.ds-map-pin').waitFor()
    await expect.poll(() => dialog.locator('input[name=lat]').inputValue()).not.toBe('')
    const tappedLng = await dialog.locator('input[name=lng]').inputValue()
    await dialog.locator('[data-testid=use-project-centre]').click()
    await page
      .locator('.el-dropdown-menu:visible .el-dropdown-menu__item', { hasText: '上海' })
      .first()
      .click()
    // The centre moves the pin; a tap moves it again, and the numbers follow.
    await expect.poll(() => dialog.locator('input[name=lng]').inputValue()).not.toBe(tappedLng)
    const centreLng = Number(await dialog.locator('input[name=lng]').inputValue())
    const box = (await map.boundingBox())!
    await map.click({ position: { x: box.width * 0.8, y: box.height / 2 } })
    await expect
      .poll(async () => Number(await dialog.locator('input[name=lng]').inputValue()))
      .toBeGreaterThan(centreLng)
    const pinnedLng = Number(await dialog.locator('input[name=lng]').inputValue())
    await look(page, 'address-map-pin')
    await dialog.locator('[data-testid=save-address]').click()
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => rows.count()).toBe(before + 1)
    expect(pinnedLng).toBeGreaterThan(centreLng)
    // The next new address starts without the last one's pin.
    await page.locator('[data-testid=add-address]').click()
    dialog = page.locator('.el-dialog:visible')
    await dialog.locator('[data-testid=pin-map] .leaflet-tile-loaded').first().waitFor()
    await expect(dialog.locator('[data-testid=pin-map] .ds-map-pin').count()).resolves.toBe(0)
    await dialog.locator('.el-dialog__headerbtn').click()
    await dialog.waitFor({ state: 'hidden' })
    const added = rows.filter({ hasText: '芳甸路****' })

    // Edit without revealing: phone and detail stay blank and unchanged; the label is corrected.
    await added.locator('[data-testid=edit-address]').click()
    dialog = page.locator('.el-dialog:visible')
    await expect(dialog.locator('input[name=detail]').inputValue()).resolves.toBe('')
    await dialog.locator('input[placeholder="如：家、公司"]').fill('父母家')
    await look(page, 'address-edit')
    await dialog.locator('[data-testid=save-address]').click()
    await dialog.waitFor({ state: 'hidden' })
    await added.getByText('父母家').waitFor()

    await added.locator('[data-testid=default-address]').click()
    await expect.poll(() => rows.first().innerText()).toContain('父母家')
    await expect(rows.first().innerText()).resolves.toContain('默认')

    // The address the open order goes to cannot be removed: the refusal names the order.
    await rows
      .filter({ hasText: booked.trim() })
      .first()
      .locator('[data-testid=remove-address]')
      .click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('.el-message--error', { hasText: orderNo }).waitFor()
    await look(page, 'address-in-use')

    await added.locator('[data-testid=remove-address]').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await expect.poll(() => rows.count()).toBe(before)
    await expect(rows.filter({ hasText: '默认' }).count()).resolves.toBe(1)
  })

  it('should add, rename and delete a category, and keep one that still holds services', async () => {
    await page.locator('[data-menu="/catalog"]').click()
    const tree = page.locator('[data-testid=category-tree]')
    await tree.locator('.el-tree-node').first().waitFor()
    await page.locator('[data-testid=new-category]').click()
    let dialog = page.locator('.el-dialog:visible')
    await dialog.locator('input[name=categoryName]').fill('收纳服务')
    await dialog.locator('[data-testid=save-category]').click()
    await dialog.waitFor({ state: 'hidden' })
    const node = (name: string) => tree.locator(`[data-category="${name}"]`)
    await node('收纳服务').waitFor()

    await node('收纳服务').hover()
    await node('收纳服务').locator('[data-testid=edit-category]').click()
    dialog = page.locator('.el-dialog:visible')
    await expect(dialog.locator('input[name=categoryName]').inputValue()).resolves.toBe('收纳服务')
    await dialog.locator('input[name=categoryName]').fill('整理收纳')
    await look(page, 'category-edit')
    await dialog.locator('[data-testid=save-category]').click()
    await dialog.waitFor({ state: 'hidden' })
    await node('整理收纳').waitFor()

    // 保洁 holds services: the refusal says what is still in it.
    await node('保洁').first().hover()
    await node('保洁').first().locator('[data-testid=delete-category]').first().click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('.el-message--error', { hasText: '服务项目' }).waitFor()
    await look(page, 'category-not-empty')

    await node('整理收纳').hover()
    await node('整理收纳').locator('[data-testid=delete-category]').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await node('整理收纳').waitFor({ state: 'detached' })
  })

  it('should save a price change as a new price version', async () => {
    await page.locator('[data-menu="/catalog"]').click()
    await page.locator('[data-testid=items-table] .el-table__row').first().click()
    await page.waitForURL(/\/catalog\/items\/[0-9a-f-]{36}$/)
    const version = page.locator('[data-testid=price-version]')
    const before = Number(/v(\d+)/.exec(await version.innerText())?.[1])
    const price = page.locator('[data-testid=price-yuan] input')
    const current = Number(await price.inputValue())
    await price.fill(String(current + 10))
    await price.blur()
    await page.locator('[data-testid=save-item]').click()
    await page.waitForFunction(
      (n) =>
        new RegExp(`v${n}\\b`).test(
          document.querySelector('[data-testid=price-version]')?.textContent ?? '',
        ),
      before + 1,
    )
    await screenshot(page, '15-service-item-editor')
  })

  it('should take time per m² for a per-m² service, with a worked example, and none for a per-hour one', async () => {
    await page.locator('[data-menu="/catalog"]').click()
    // The list gives a visit that grows with the area as a minimum, with the time per m² on hover; a
    // fixed-price visit as it is.
    const duration = (code: string) =>
      page
        .locator('[data-testid=items-table] .el-table__row', { hasText: code })
        .locator('[data-testid=item-duration]')
    await expect.poll(() => duration('CLEAN-DEEP').innerText()).toBe('300 分钟起')
    await expect(duration('CLEAN-DEEP').getAttribute('title')).resolves.toBe(
      '每多 1 平方米加 1.5 分钟',
    )
    await expect(duration('REPAIR-AC').innerText()).resolves.toBe('90 分钟')
    await page.locator('[data-testid=items-table] .el-table__row', { hasText: 'CLEAN-DEEP' }).click()
    await page.waitForURL(/\/catalog\/items\/[0-9a-f-]{36}$/)
    const perUnit = page.locator('[data-testid=minutes-per-unit] input')
    await expect.poll(() => perUnit.inputValue()).toBe('1.5')
    // 5 h for 60 m², 1.5 min for each m² more: 110 m² take 6 h 15 min.
    await expect(page.locator('[data-testid=size-hint]').innerText()).resolves.toBe(
      '预计时长按起订量 60 平方米 计，110 平方米 约 6 小时 15 分钟',
    )
    await screenshot(page, '15b-service-item-time-per-m2')
    await page.locator('[data-testid=pricing-kind] .el-radio-button', { hasText: '按小时' }).click()
    await expect.poll(() => perUnit.count()).toBe(0)
    await page.goBack()
  })

  it('should count cats fed as pets (只) in the catalog list and the editor', async () => {
    await page.locator('[data-menu="/catalog"]').click()
    const row = page.locator('[data-testid=items-table] .el-table__row', { hasText: 'PET-FEED' })
    await expect(row.innerText()).resolves.toContain('¥40.00/只 · 起 1')
    await row.click()
    await page.waitForURL(/\/catalog\/items\/[0-9a-f-]{36}$/)
    const unit = page.locator('[data-testid=pricing-unit]')
    await expect.poll(() => unit.innerText()).toBe('只')
    await expect(page.locator('[data-testid=price-unit]').innerText()).resolves.toBe('/只')
    await expect(page.locator('[data-testid=size-hint]').innerText()).resolves.toBe(
      '预计时长按起订量 1 只 计，3 只 约 1 小时 15 分钟',
    )
    await page.getByText('每只加时（分钟）').waitFor()
    await screenshot(page, '15c-service-item-unit-word')
    await page.goBack()
  })

  it('should count each add-on in its own word (a fridge 台, a window 扇)', async () => {
    const row = page.locator('[data-testid=items-table] .el-table__row', { hasText: 'CLEAN-DAILY' })
    await row.click()
    await page.waitForURL(/\/catalog\/items\/[0-9a-f-]{36}$/)
    const units = page.locator('[data-testid=addon-row] [data-testid=addon-unit]')
    await expect.poll(() => units.allInnerTexts()).toEqual(['/台', '/扇'])
    await look(page, 'service-item-addon-units')
    // In English too, each word whole, not cut to '/a…'.
    await page.evaluate(() => window.localStorage.setItem('doorstep.locale', 'en'))
    try {
      await page.reload()
      await expect.poll(() => units.allInnerTexts()).toEqual(['/appliance', '/window'])
      const clipped = await units.evaluateAll((els) =>
        els.filter((el) => {
          const word = el.querySelector<HTMLElement>('.el-select__placeholder')!
          return word.scrollWidth > word.clientWidth
        }).length,
      )
      expect(clipped).toBe(0)
      await look(page, 'service-item-addon-units-en')
    } finally {
      await page.evaluate(() => window.localStorage.setItem('doorstep.locale', 'zh-CN'))
      await page.reload()
    }
    await page.goBack()
  })

  it('should say what a new service lacks beside each field, an add-on\'s on its own row', async () => {
    await page.goto(`${server.url}/admin/catalog/items/new`)
    await page.locator('[data-testid=save-item]').click()
    await page.getByText('请选择分类').waitFor()
    await page.getByText('请填写编码').waitFor()
    await page.locator('input[name=code]').fill('深度 保洁')
    await page.locator('input[name=code]').blur()
    await page.getByText('编码为 1–40 位字母、数字、- 或 _，保存时转为大写').waitFor()
    await page.getByRole('button', { name: '添加附加项' }).click()
    await page.locator('[data-testid=save-item]').click()
    const addon = page.locator('[data-testid=addon-row]')
    await expect.poll(() => addon.locator('.el-form-item__error').allInnerTexts()).toEqual(['请填写编码', '请填写名称'])
    await look(page, 'service-item-missing')
  })

  it('should refuse overlapping worker shifts before sending them', async () => {
    await page.locator('[data-menu="/workers"]').click()
    const row = page.locator('[data-testid=workers-table] .el-table__row').first()
    await row.getByText('编辑', { exact: true }).click()
    const dialog = page.locator('.el-dialog:visible')
    // The worker's home is on the map too.
    await dialog.locator('[data-testid=pin-map] .ds-map-pin').waitFor()
    // The demo workers work every day; a new shift takes the next day after the last and the same hours,
    // so it lands on a day that already has those hours.
    await dialog.locator('[data-testid=add-shift]').click()
    await dialog.locator('[data-testid=save-worker]').click()
    await dialog.getByText('与同一天的其他班次重叠').first().waitFor()
    await expect(dialog.isVisible()).resolves.toBe(true)
    await look(page, 'worker-shift-overlap')
    await dialog.locator('.el-dialog__headerbtn').click()
  })

  it("should show a browser on another time zone the company's times and days", async () => {
    const rows = async (p: Page) => {
      await p.goto(`${server.url}/admin/orders?status=pending_dispatch`)
      const table = p.locator('[data-testid=orders-table] .el-table__row')
      await table.first().waitFor()
      return table.allInnerTexts()
    }
    const away = await newPage(browser, 'zh-CN', 'America/New_York')
    try {
      await signIn(away, server.url, 'admin', server.adminPassword)
      // Windows, created-at and the phone-order day picker read the same as in Shanghai, 13 hours ahead.
      expect(await rows(away)).toEqual(await rows(page))
      await away.goto(`${server.url}/admin/phone-order`)
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
      await expect(away.locator('.el-date-editor input').first().inputValue()).resolves.toBe(today)
    } finally {
      await away.context().close()
    }
  })

  it('should let a project manager change only the addresses in their own project', async () => {
    const admin = await staffApi(server.url, 'admin', server.adminPassword)
    const place = (label: string, lat: number, lng: number, detail: string) => ({
      label,
      contactName: '吴女士',
      contactPhone: '13811119999',
      city: '上海',
      district: label === '家' ? '浦东新区' : '徐汇区',
      detail,
      location: { lat, lng },
    })
    const phone = `139${String(Date.now()).slice(-8)}`
    const created = await admin.call('createCustomer', {
      body: {
        name: '两地吴女士',
        phone,
        addresses: [
          place('家', 31.23, 121.62, '川沙路 8 号'),
          place('父母家', 31.15, 121.4, '龙华路 6 号'),
        ],
      },
    })
    // pm manages Pudong only: the Xuhui address is shown, not offered for change.
    const pm = await newPage(browser)
    await signIn(pm, server.url, 'pm', server.adminPassword)
    await pm.goto(`${server.url}/admin/customers/${created.id}`)
    const rows = pm.locator('[data-testid=addresses-table] .el-table__row')
    await rows.nth(1).waitFor()
    await rows.filter({ hasText: '川沙路' }).locator('[data-testid=edit-address]').waitFor()
    await rows
      .filter({ hasText: '龙华路' })
      .locator('[data-testid=address-other-project]')
      .waitFor()
    await expect(
      rows.filter({ hasText: '龙华路' }).locator('[data-testid=edit-address]').count(),
    ).resolves.toBe(0)
    await look(pm, 'customer-address-other-project')
    await pm.close()

    // An agent of Pudong taking a phone order for her may choose only the Pudong address.
    const roles = (await admin.call('listRoles', { query: { limit: 100 } })).items
    const projects = (await admin.call('me', {})).projects
    const login = `cs-pd-${Date.now() % 100000}`
    await admin.call('createUser', {
      body: {
        login,
        displayName: '浦东客服',
        password: 'Pudong2026agent',
        roleIds: [roles.find((r) => r.key === 'customer_service')!.id],
        projectIds: [projects.find((p) => p.code === 'SH-PD')!.id],
      },
    })
    const agent = await newPage(browser)
    await signIn(agent, server.url, login, 'Pudong2026agent')
    if (agent.url().endsWith('/password')) {
      await agent.locator('input[name=currentPassword]').fill('Pudong2026agent')
      await agent.locator('input[name=newPassword]').fill('Pudong2026agent2')
      await agent.locator('input[name=repeat]').fill('Pudong2026agent2')
      await agent.locator('[data-testid=change-password]').click()
      await agent.waitForURL((url) => url.pathname === '/admin/' || url.pathname === '/admin')
    }
    await agent.locator('[data-menu="/phone-order"]').click()
    await agent.locator('[data-testid=phone-search]').fill(phone)
    await agent.locator('[data-testid=pick-customer]').click()
    const choices = agent.locator('[data-testid=address-choice]')
    await choices.nth(1).waitFor()
    const classes = async (text: string) =>
      (await choices.filter({ hasText: text }).getAttribute('class')) ?? ''
    await expect.poll(() => classes('川沙路')).toContain('is-checked')
    expect(await classes('龙华路')).toContain('is-disabled')
    await choices.filter({ hasText: '龙华路' }).getByText('其他项目，无权下单').waitFor()
    await look(agent, 'phone-order-other-project-address')
    await agent.close()
  })

  it('should speak English on the orders list', async () => {
    await page.evaluate(() => localStorage.setItem('doorstep.locale', 'en'))
    await page.goto(`${server.url}/admin/orders`)
    await page.locator('[data-testid=orders-table] .el-table__row').first().waitFor()
    await page.getByText('Phone order', { exact: false }).first().waitFor()
    const statuses = await page
      .locator('[data-testid=orders-table] [data-testid=order-status]')
      .allInnerTexts()
    expect(statuses.some((s) => /[一-龥]/.test(s))).toBe(false)
    await look(page, 'orders-english')
    await page.evaluate(() => localStorage.setItem('doorstep.locale', 'zh-CN'))
  })
})
