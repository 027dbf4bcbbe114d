import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { ApiClient } from '@doorstep/api-client'
import { createApiClient } from '@doorstep/api-client'
import { PRIVACY_NOTICE_VERSION } from '@doorstep/contracts'
import type { RunningServer } from './support/server.ts'
import { startServer } from './support/server.ts'
import { launchBrowser, newPage, screenshot } from './support/browser.ts'
import { look } from './support/look.ts'
import { chooseOption, menuPaths, signIn } from './support/console.ts'
import { completeOrderAsStaff, staffApi, waitForDevSmsCode } from './support/portal.ts'

/** A small real PNG (a red dot on pink), as a customer or an agent uploads it. */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAwCAIAAADYYG7QAAAAbklEQVR42u3XUQ3AIBCD4apEKRIQMxlTMMJBjvSyP6mA762tnt6tIkCAAAECBOjPoNHaV26DJpRDlvI0eyalajZMytZETbqgCZnKgg416yZAgAABqgKiOiq2veMeclyMjpva8XVwFAEBAgQIkE1e26VSvhxm4hoAAAAASUVORK5CYII=',
  'base64',
)
const ABUSIVE = '什么垃圾师傅，骗子！厨房根本没擦，还敢收钱，滚！'
const DESCRIPTION = '师傅打扫不干净，厨房台面还有油污，客户很不满意，要求返工。'

/**
 * A customer's portal session through the API (cookie jar and CSRF token), signed in by SMS code; `upload`
 * sends a picture as the portal does (the raw body) and answers its file id.
 */
async function customerApi(
  baseUrl: string,
  dataDir: string,
  phone: string,
): Promise<ApiClient & { upload(png: Buffer): Promise<string> }> {
  const cookies = new Map<string, string>()
  const session: { csrf?: string } = {}
  const client = createApiClient({
    baseUrl,
    csrfToken: () => session.csrf,
    fetch: async (input, init) => {
      const headers = new Headers(init?.headers)
      if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '))
      const response = await fetch(input, { ...init, headers })
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';')
        const at = pair.indexOf('=')
        if (at > 0) cookies.set(pair.slice(0, at), pair.slice(at + 1))
      }
      return response
    },
  })
  await client.call('portalRequestOtp', { body: { phone } })
  const code = await waitForDevSmsCode(dataDir, phone)
  session.csrf = (
    await client.call('portalLogin', {
      body: { phone, code, consentVersion: PRIVACY_NOTICE_VERSION },
    })
  ).csrfToken
  const upload = async (png: Buffer) => {
    const response = await fetch(`${baseUrl}/api/v1/portal/uploads`, {
      method: 'POST',
      headers: {
        'content-type': 'image/png',
        'x-csrf-token': session.csrf ?? '',
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
      body: new Uint8Array(png),
    })
    if (response.status !== 201)
      throw new Error(`upload: ${response.status} ${await response.text()}`)
    return ((await response.json()) as { id: string }).id
  }
  return Object.assign(client, { upload })
}

/**
 * The data the screens work on, made through the real APIs on top of the demo company's own reviews and
 * complaints: a demo customer's two new bookings taken to completion by staff and reviewed by the customer
 * on the portal API, one abusive with a photo and one glowing.
 */
async function seed(staff: ApiClient, server: RunningServer) {
  const done = (await staff.call('listOrders', { query: { status: 'completed', limit: 20 } })).items
  const base = await staff.call('getOrder', { params: { id: done[0]!.id } })
  const phone = (await staff.call('revealCustomer', { params: { id: base.customerId } })).phone
  const windows: string[] = []
  for (let day = 1; day <= 6 && windows.length < 2; day++) {
    const date = new Date(Date.now() + day * 86_400_000).toISOString().slice(0, 10)
    const free = await staff.call('availability', {
      query: { serviceItemId: base.serviceItemId, addressId: base.addressId, date },
    })
    windows.push(...free.windows.filter((w) => w.available).map((w) => w.start))
  }
  const booked = []
  for (const windowStart of windows.slice(0, 2)) {
    const order = await staff.call('createOrder', {
      body: {
        customerId: base.customerId,
        addressId: base.addressId,
        serviceItemId: base.serviceItemId,
        quantityMilli: base.quantityMilli,
        addons: [],
        windowStart,
        asap: false,
        channel: 'phone',
        payOnSite: true,
        discountFen: 0,
        notes: '',
      },
      idempotencyKey: randomUUID(),
    })
    booked.push(await completeOrderAsStaff(staff, order.id))
  }
  const [complained, praised] = booked
  if (!complained || !praised) throw new Error('no two free windows in the coming week')
  const customer = await customerApi(server.url, server.dataDir, phone)
  await customer.call('portalReview', {
    params: { id: complained.id },
    body: {
      overall: 1,
      punctuality: 2,
      quality: 1,
      attitude: 1,
      text: ABUSIVE,
      photos: [await customer.upload(PHOTO)],
    },
  })
  await customer.call('portalReview', {
    params: { id: praised.id },
    body: {
      overall: 5,
      punctuality: 5,
      quality: 5,
      attitude: 4,
      text: '阿姨很细心，准时到，下次还约。',
      photos: [],
    },
  })
  return { orderId: complained.id, orderNo: complained.orderNo }
}

/** Waits until Element Plus's toasts have faded, so a screenshot shows the screen rather than the last message. */
async function quiet(page: Page) {
  await expect.poll(() => page.locator('.el-message').count(), { timeout: 8_000 }).toBe(0)
}

const eventsOf = (page: Page) =>
  page
    .locator('[data-testid=complaint-actions] [data-event]')
    .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-event')))

describe('after-sales screens', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  let orderId = ''
  let orderNo = ''

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    page = await newPage(browser)
    const staff = await staffApi(server.url, 'admin', server.adminPassword)
    ;({ orderId, orderNo } = await seed(staff, server))
    await signIn(page, server.url, 'admin', server.adminPassword)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('should show after-sales in the menu to an administrator', async () => {
    expect(await menuPaths(page)).toEqual(
      expect.arrayContaining(['/complaints', '/reviews', '/reports/complaints']),
    )
  })

  it('should record a complaint from the order page, checking the form before sending', async () => {
    await page.goto(`${server.url}/admin/orders/${orderId}`)
    await page.locator('[data-testid=complaints-card]').getByText('这个订单没有投诉').waitFor()
    await page.locator('[data-testid=record-complaint]').click()
    const dialog = page.locator('[data-testid=record-complaint-dialog]')
    await dialog.locator('[data-testid=record-complaint-confirm]').click()
    await dialog.getByText('请选择此项').waitFor()
    await dialog.getByText('至少 5 个字符').waitFor()
    await dialog.locator('[data-category=quality]').click()
    await dialog.locator('[data-testid=complaint-description-input]').fill(DESCRIPTION)
    await dialog
      .locator('[data-testid=complaint-photos-upload] input[type=file]')
      .setInputFiles({ name: 'kitchen.png', mimeType: 'image/png', buffer: PHOTO })
    await dialog.locator('.el-upload-list__item.is-success').waitFor()
    await screenshot(page, '17b-record-complaint-photo')
    await look(page, 'record-complaint-dialog')
    await dialog.locator('[data-testid=record-complaint-confirm]').click()
    await page.waitForURL(/\/complaints\/[0-9a-f-]{36}$/)
    await page.locator('[data-testid=complaint-status]', { hasText: '待响应' }).waitFor()
    const complaintUrl = page.url()
    // The order's page lists it now, linking back to it.
    await page.goto(`${server.url}/admin/orders/${orderId}`)
    const listed = page.locator('[data-testid=complaint-link]')
    await listed.filter({ hasText: '待响应' }).waitFor()
    await expect(listed.count()).resolves.toBe(1)
    await look(page, 'order-detail-complaints')
    await listed.click()
    await page.waitForURL(complaintUrl)
    // While it is in progress the order offers the way to it, not a second one.
    await page.goto(`${server.url}/admin/orders/${orderId}`)
    await page.locator('[data-testid=complaint-in-progress]').waitFor()
    await expect(page.locator('[data-testid=record-complaint]').count()).resolves.toBe(0)
    await look(page, 'order-detail-complaint-in-progress')
    await page.locator('[data-testid=complaint-in-progress]').click()
    await page.waitForURL(complaintUrl)
    // The customer's page lists it too, naming the order.
    await page.goto(`${server.url}/admin/orders/${orderId}`)
    await page.locator('.el-descriptions a.link').first().click()
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/)
    await page.locator('[data-testid=complaint-link]', { hasText: orderNo }).waitFor()
    await look(page, 'customer-detail-complaints')
  })

  it('should list complaints with their first-response deadline, and say when a filter finds none', async () => {
    await page.locator('[data-menu="/complaints"]').click()
    const table = page.locator('[data-testid=complaints-table]')
    const row = table.locator('.el-table__row', { hasText: orderNo })
    await row.waitFor()
    const all = await table.locator('.el-table__row').count()
    // The demo company's complaints are there too, in every status.
    expect(all).toBeGreaterThan(1)
    await expect(row.locator('[data-testid=complaint-status]').innerText()).resolves.toBe('待响应')
    await expect(row.locator('[data-state=due]').innerText()).resolves.toMatch(/剩余 1 小时 5\d 分/)

    await chooseOption(page, 'complaints-status', '待响应')
    const statuses = async () =>
      [...new Set(await table.locator('[data-testid=complaint-status]').allInnerTexts())].sort()
    await expect.poll(statuses, { timeout: 10_000 }).toEqual(['待响应'])
    // Everything here was filed within the last two hours, so nothing is overdue yet.
    await page.locator('[data-testid=complaints-overdue]').click()
    await page.getByText('没有符合条件的投诉').waitFor()
    await look(page, 'complaints-none-overdue')
    await page.locator('[data-testid=clear-filters]').click()
    await expect.poll(() => table.locator('.el-table__row').count(), { timeout: 10_000 }).toBe(all)
    // The order number a customer quotes on the phone finds its complaint.
    await page.locator('[data-testid=complaints-order-no]').fill(orderNo.toLowerCase())
    await expect.poll(() => table.locator('.el-table__row').count(), { timeout: 10_000 }).toBe(1)
    await table.locator('.el-table__row', { hasText: orderNo }).waitFor()
    await page.locator('[data-testid=complaints-order-no]').fill('')
    await expect.poll(() => table.locator('.el-table__row').count(), { timeout: 10_000 }).toBe(all)
    await quiet(page)
    await screenshot(page, '16-complaints-queue')
  })

  it('should take the complaint through response, free rework, follow-up and close, offering only allowed steps', async () => {
    await page
      .locator('[data-testid=complaints-table] .el-table__row', { hasText: orderNo })
      .click()
    await page.waitForURL(/\/complaints\/[0-9a-f-]{36}$/)
    // The page loaded (its buttons follow the complaint), then what it offers.
    await page.locator('[data-testid=complaint-status]', { hasText: '待响应' }).waitFor()
    await expect(eventsOf(page)).resolves.toEqual(['respond'])
    await expect(
      page.locator('[data-testid=complaint-customer-phone]').innerText(),
    ).resolves.toMatch(/^\d{3}\*{4}\d{4}$/)
    // To call the customer back, the number is revealed where the complaint is handled (audited).
    await page.locator('[data-testid=reveal-complaint-customer]').click()
    await expect
      .poll(() => page.locator('[data-testid=complaint-customer-phone]').innerText())
      .toMatch(/^1\d{10}$/)
    await expect(page.locator('[data-testid=complaint-order-link]').innerText()).resolves.toBe(
      orderNo,
    )
    await expect(page.locator('[data-testid=photos] img').count()).resolves.toBe(1)

    const dialog = page.locator('[data-testid=complaint-event-dialog]')
    const confirm = dialog.locator('[data-testid=complaint-event-confirm]')
    const status = page.locator('[data-testid=complaint-status]')

    // Triage: the first response must say what was done.
    await page.locator('[data-event=respond]').click()
    await confirm.click()
    await dialog.getByText('请填写此项').waitFor()
    await dialog.locator('[data-testid=complaint-note]').fill('已致电客户致歉，约定上门返工')
    await confirm.click()
    await status.filter({ hasText: '处理中' }).waitFor()
    await expect(eventsOf(page)).resolves.toEqual(['resolve'])

    // Resolution: a free rework visit in a window the picker offers.
    await page.locator('[data-event=resolve]').click()
    await confirm.click()
    await dialog.getByText('请选择处理方式').waitFor()
    // A refund asks how much, at most what the order charged.
    await dialog.locator('[data-kind=refund_request]').click()
    await confirm.click()
    await dialog.getByText('请填写申请金额').waitFor()
    await dialog.locator('[data-testid=complaint-note]').fill('退还部分服务费')
    await dialog.getByText(/最多可退 ¥[\d,.]+（订单实收）/).waitFor()
    await dialog.locator('[data-testid=resolution-amount] input').fill('99999')
    await dialog.locator('[data-testid=complaint-note]').click()
    await dialog.getByText(/退款不能超过订单实收 ¥[\d,.]+/).waitFor()
    await look(page, 'complaint-refund-too-large')
    await dialog.locator('[data-testid=resolution-amount] input').fill('50')
    await dialog.locator('[data-testid=complaint-note]').click()
    await dialog.getByText(/退款不能超过订单实收/).waitFor({ state: 'detached' })
    await dialog.locator('[data-kind=rework]').click()
    await confirm.click()
    await dialog.getByText('请选择上门时间').waitFor()
    await dialog.locator('[data-testid=window][data-available=true]').first().click()
    await dialog.locator('[data-testid=complaint-note]').fill('返工上门，重点清洁厨房')
    await look(page, 'complaint-resolve-dialog')
    await confirm.click()
    await status.filter({ hasText: '已处理' }).waitFor()
    await expect(page.locator('[data-testid=resolution]').innerText()).resolves.toContain(
      '返工上门',
    )
    await page.locator('[data-testid=rework-order-link]').waitFor()
    await expect(eventsOf(page)).resolves.toEqual(['follow_up', 'reopen'])
    await quiet(page)
    await screenshot(page, '17-complaint-detail')

    await page.locator('[data-event=follow_up]').click()
    await dialog.locator('[data-testid=complaint-note]').fill('回访：返工后客户满意')
    await confirm.click()
    await status.filter({ hasText: '已回访' }).waitFor()
    await expect(eventsOf(page)).resolves.toEqual(['close', 'reopen'])

    await page.locator('[data-event=close]').click()
    await confirm.click()
    await status.filter({ hasText: '已结案' }).waitFor()
    await expect(eventsOf(page)).resolves.toEqual([])
    const timeline = await page
      .locator('[data-testid=complaint-timeline] [data-event]')
      .evaluateAll((entries) => entries.map((e) => e.getAttribute('data-event')))
    expect(timeline).toEqual(['close', 'follow_up', 'resolve', 'respond', 'file'])
    await quiet(page)
    await look(page, 'complaint-closed')
  })

  it('should count complaint reasons per project and service', async () => {
    await page.locator('[data-menu="/reports/complaints"]').click()
    await page.locator('[data-testid=report-total]', { hasText: /共 \d+ 条投诉/ }).waitFor()
    await expect(page.locator('[data-testid=report-reasons]').innerText()).resolves.toContain(
      '服务质量',
    )
    expect(await page.locator('[data-testid=report-table] .el-table__row').count()).toBeGreaterThan(
      0,
    )
    await quiet(page)
    await screenshot(page, '19-complaint-report')

    // A count opens the complaints behind it: the queue with the report's days, project and service.
    const cell = page.locator('[data-testid=report-cell]').first()
    const count = Number(await cell.innerText())
    await cell.click()
    await page.waitForURL(/\/complaints\?.*from=\d{4}-\d{2}-\d{2}.*serviceItemId=/)
    const rows = page.locator('[data-testid=complaints-table] .el-table__row')
    await expect.poll(() => rows.count()).toBe(count)
    await expect(
      page.locator('.el-date-editor--daterange input').first().inputValue(),
    ).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/)
    await quiet(page)
    await look(page, 'complaints-from-report')

    // Back from the queue, a link or a reload opens the report on the days it was read for.
    await page.goBack()
    await page.waitForURL(/\/reports\/complaints\?from=\d{4}-\d{2}-\d{2}&to=/)
    await page.goto(`${server.url}/admin/reports/complaints?from=2026-01-01&to=2026-01-31`)
    await page.reload()
    const picker = page.locator('.el-date-editor--daterange input')
    await expect(picker.first().inputValue()).resolves.toBe('2026-01-01')
    await expect(picker.last().inputValue()).resolves.toBe('2026-01-31')
  })

  it('should reply to a low review and hide its abusive text, then show it again', async () => {
    await page.locator('[data-menu="/reviews"]').click()
    const table = page.locator('[data-testid=reviews-table]')
    await table.locator('.el-table__row', { hasText: ABUSIVE }).waitFor()
    await chooseOption(page, 'reviews-score', '2 星及以下')
    await expect
      .poll(
        async () =>
          (
            await table
              .locator('[data-testid=review-overall]')
              .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-score'))))
          ).every((score) => score <= 2),
        { timeout: 10_000 },
      )
      .toBe(true)
    // Found by its order: the text goes away when it is hidden.
    const row = table.locator('.el-table__row', { hasText: orderNo })
    await expect(row.locator('[data-testid=review-text]').innerText()).resolves.toBe(ABUSIVE)

    await row.locator('[data-testid=reply-review]').click()
    const reply = page.locator('[data-testid=reply-dialog]')
    await reply.locator('[data-testid=reply-confirm]').click()
    await reply.getByText('请填写此项').waitFor()
    await reply
      .locator('[data-testid=reply-text]')
      .fill('非常抱歉给您带来不好的体验，我们已安排免费返工。')
    await reply.locator('[data-testid=reply-confirm]').click()
    await row.locator('[data-testid=review-reply]', { hasText: '已安排免费返工' }).waitFor()
    // Replied to: off the list of reviews awaiting a reply, and back when that filter is off.
    await page.locator('[data-testid=reviews-awaiting-reply]').click()
    await row.waitFor({ state: 'detached' })
    await look(page, 'reviews-awaiting-reply')
    await page.locator('[data-testid=reviews-awaiting-reply]').click()
    await row.waitFor()

    await row.locator('[data-testid=hide-review]').click()
    const moderate = page.locator('[data-testid=moderate-dialog]')
    await moderate.locator('[data-testid=moderate-confirm]').click()
    await moderate.getByText('请填写此项').waitFor()
    await moderate.locator('[data-testid=moderate-reason]').fill('含辱骂性语言')
    await look(page, 'review-hide-dialog')
    await moderate.locator('[data-testid=moderate-confirm]').click()
    await row.locator('[data-testid=review-hidden]').waitFor()
    // The moderator still reads the hidden words, set apart under the "hidden" mark, not as a shown review.
    await expect(row.locator('[data-testid=review-text]').count()).resolves.toBe(0)
    await expect(row.locator('[data-testid=review-hidden-text]').innerText()).resolves.toBe(ABUSIVE)

    await page.locator('.ds-filters').getByRole('button', { name: '重置' }).click()
    await page.locator('.ds-page-header h1').click()
    await table.locator('[data-testid=review-overall][data-score="5"]').first().waitFor()
    await quiet(page)
    await screenshot(page, '18-reviews')

    await row.locator('[data-testid=unhide-review]').click()
    await moderate.locator('[data-testid=moderate-reason]').fill('误判，恢复显示')
    await moderate.locator('[data-testid=moderate-confirm]').click()
    await table.locator('[data-testid=review-text]', { hasText: ABUSIVE }).waitFor()
  })

  it('should speak English on the complaints screens', async () => {
    await page.evaluate(() => localStorage.setItem('doorstep.locale', 'en'))
    await page.goto(`${server.url}/admin/complaints`)
    const table = page.locator('[data-testid=complaints-table]')
    await table.locator('.el-table__row').first().waitFor()
    const chrome = await page
      .locator('.el-table__header, [data-testid=complaint-status]')
      .allInnerTexts()
    expect(chrome.join(' ')).not.toMatch(/[一-龥]/)
    await look(page, 'complaints-english')
    await table.locator('.el-table__row', { hasText: orderNo }).click()
    await page.waitForURL(/\/complaints\/[0-9a-f-]{36}$/)
    await page.locator('[data-testid=complaint-status]', { hasText: 'Closed' }).waitFor()
    await look(page, 'complaint-detail-english')
    await page.goto(`${server.url}/admin/reviews`)
    await page.locator('[data-testid=reviews-table] .el-table__row').first().waitFor()
    await look(page, 'reviews-english')
    await page.evaluate(() => localStorage.setItem('doorstep.locale', 'zh-CN'))
  })
})
