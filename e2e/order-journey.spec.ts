import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from './support/server.ts'
import { startServer } from './support/server.ts'
import { launchBrowser, newPage, screenshot } from './support/browser.ts'
import { signIn, signOut } from './support/console.ts'
import { bookOnPortal, calm, ensurePortalBuilt, newPhonePage } from './support/portal.ts'

interface StaffReview {
  orderNo: string
  overall: number
  text: string
}

/**
 * One order's whole life on the real server: a customer books on /book (SMS sign-in after consenting to the
 * privacy notice), customer service finds the order in /admin, an administrator takes it to completion with
 * the order page's actions, the customer reviews it on /book, and staff can read that review.
 */
describe('order journey from booking to review', () => {
  let server: RunningServer
  let browser: Browser
  let phone: Page
  let desk: Page
  let orderId = ''
  let orderNo = ''
  const number = `135${String(Date.now()).slice(-8)}`
  const reviewText = '阿姨很细心，厨房油污都清理干净了，下次还约她。'

  beforeAll(async () => {
    ensurePortalBuilt()
    server = await startServer()
    browser = await launchBrowser()
    phone = await newPhonePage(browser)
    desk = await newPage(browser)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('should send no code before the customer agrees to the privacy notice', async () => {
    await phone.goto(`${server.url}/book/`)
    await phone.locator('[data-testid=service-CLEAN-DAILY]').click()
    await phone.locator('[data-testid=book]').click()
    await phone.waitForURL(/\/book\/sign-in\?redirect=/)
    await phone.locator('input[name=phone]').fill(number)
    await phone.locator('[data-testid=send-code]').click()
    await phone.locator('[data-testid=consent-error]').waitFor()
    await expect(phone.locator('[data-testid=send-code]').innerText()).resolves.toBe('获取验证码')
    await calm(phone)
    await screenshot(phone, 'journey-01-consent-required')

    await phone.locator('[data-testid=privacy-link]').click()
    await phone.waitForURL(/\/book\/privacy$/)
    const notice = await phone.locator('[data-testid=privacy-notice]').innerText()
    for (const words of ['手机号码', '服务地址', '保存', '查阅', '更正', '删除', '联系我们'])
      expect(notice).toContain(words)
    await calm(phone)
    await screenshot(phone, 'journey-02-privacy-notice')
    await phone.goBack()
    await phone.waitForURL(/\/book\/sign-in\?redirect=/)
  })

  it('should let the customer sign in with the SMS code and book a window', async () => {
    orderId = await bookOnPortal(phone, {
      dataDir: server.dataDir,
      phone: number,
      name: '孙女士',
      onStep: async (step) => {
        if (step !== 'windows' && step !== 'booked') return
        await calm(phone)
        await screenshot(phone, step === 'windows' ? 'journey-03-window' : 'journey-04-booked')
      },
    })
    orderNo = await phone.locator('[data-testid=booked-order-no] .van-cell__value').innerText()
    expect(orderNo).toMatch(/^DS\d+$/)
  })

  it('should show the booked order to customer service in the console order list', async () => {
    await signIn(desk, server.url, 'cs', server.adminPassword)
    await desk.locator('[data-menu="/orders"]').click()
    await desk.locator('[data-testid=orders-search]').fill(orderNo)
    const row = desk.locator('[data-testid=orders-table] .el-table__row', { hasText: orderNo })
    await row.waitFor()
    await expect
      .poll(() => desk.locator('[data-testid=orders-table] .el-table__row').count(), {
        timeout: 10_000,
      })
      .toBe(1)
    await expect(row.innerText()).resolves.toContain('孙女士')
    // Nothing to pay ahead: paid after the service, so it waits for a worker, not for money.
    await expect(row.locator('[data-testid=order-status]').innerText()).resolves.toBe('待派单')
    await screenshot(desk, 'journey-05-console-orders')
    await signOut(desk)
  })

  it('should take the order to completion through the console order page', async () => {
    await signIn(desk, server.url, 'admin', server.adminPassword)
    await desk.goto(`${server.url}/admin/orders/${orderId}`)
    await desk.locator('[data-testid=order-status]', { hasText: '待派单' }).waitFor()
    await desk.locator('[data-event=assign]').click()
    await desk.locator('[data-testid=worker-choices] .el-radio').first().waitFor()
    await desk.locator('[data-testid=event-confirm]').click()
    await desk.locator('[data-testid=order-status]', { hasText: '待接单' }).waitFor()
    const steps: Array<[string, string]> = [
      ['accept', '待服务'],
      ['depart', '上门中'],
      ['check_in', '服务中'],
      ['complete', '已完成'],
    ]
    for (const [event, status] of steps) {
      await desk.locator(`[data-testid=order-actions] [data-event=${event}]`).click()
      // Completing cannot be undone: the console asks first.
      if (event === 'complete') await desk.locator('.complete-confirm').click()
      await desk.locator('[data-testid=order-status]', { hasText: status }).waitFor()
    }
    // The console confirms each step in a message; let them fade so the page itself is on the picture.
    await expect.poll(() => desk.locator('.el-message').count(), { timeout: 10_000 }).toBe(0)
    await screenshot(desk, 'journey-06-console-completed')
  })

  it('should let the customer review the completed order on /book', async () => {
    await phone.goto(`${server.url}/book/orders/${orderId}`)
    await phone.locator('[data-testid=detail-status]', { hasText: '已完成' }).waitFor()
    await phone.locator('[data-testid=review-order]').click()
    await phone.waitForURL(/\/review$/)
    await phone.locator('[data-testid=rate-overall] .van-rate__item').nth(4).click()
    for (const aspect of ['punctuality', 'quality', 'attitude'])
      await phone.locator(`[data-testid=rate-${aspect}] .van-rate__item`).nth(4).click()
    await phone.locator('textarea[name=text]').fill(reviewText)
    await calm(phone)
    await screenshot(phone, 'journey-07-review')
    await phone.locator('[data-testid=submit-review]').click()
    await phone.locator('[data-testid=review-success]').waitFor()
    await phone.locator('[data-testid=back-to-order]').click()
    await phone.locator('[data-testid=detail-status]', { hasText: '已评价' }).waitFor()
    await expect(phone.locator('[data-testid=my-review]').innerText()).resolves.toContain(
      reviewText,
    )
    await calm(phone)
    await screenshot(phone, 'journey-08-reviewed')
  })

  it('should show staff the order as reviewed, and the review itself', async () => {
    await desk.goto(`${server.url}/admin/orders/${orderId}`)
    await desk.locator('[data-testid=order-status]', { hasText: '已评价' }).waitFor()
    await screenshot(desk, 'journey-09-console-reviewed')
    const reviews = await desk.evaluate(async () => {
      const response = await fetch('/api/v1/reviews?limit=200')
      return ((await response.json()) as { items: StaffReview[] }).items
    })
    expect(reviews.find((r) => r.orderNo === orderNo)).toMatchObject({
      overall: 5,
      text: reviewText,
    })
  })
})
