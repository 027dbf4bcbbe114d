import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { ApiClient } from '@doorstep/api-client'
import type { RunningServer } from './support/server.ts'
import { startServer } from './support/server.ts'
import { look } from './support/look.ts'
import { launchBrowser, screenshot } from './support/browser.ts'
import {
  addAddressOnPortal,
  calm,
  completeOrderAsStaff,
  ensurePortalBuilt,
  newPhonePage,
  signInOnPortal,
  staffApi,
} from './support/portal.ts'

const WEEKDAY_ZH: Record<string, string> = {
  MO: '一',
  TU: '二',
  WE: '三',
  TH: '四',
  FR: '五',
  SA: '六',
  SU: '日',
}

/**
 * Recurring plans, notices and live status on a phone with the real server: a customer books a weekly
 * cleaning, sees its visits (booked as orders 28 days ahead), skips one, moves another to a later window,
 * finds the one notice for the plan in the inbox (the server relays them every 5 s), turns SMS off, and watches an
 * order's status change on My orders when staff assign it — without reloading.
 */
describe('customer books and manages a recurring plan on the portal', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  let staff: ApiClient
  let planId = ''
  const phone = `137${String(Date.now()).slice(-8)}`

  beforeAll(async () => {
    ensurePortalBuilt()
    server = await startServer()
    browser = await launchBrowser()
    page = await newPhonePage(browser)
    staff = await staffApi(server.url, 'admin', server.adminPassword)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('should offer a recurring plan on the service page and summarise the choice', async () => {
    await page.goto(`${server.url}/book/`)
    await page.locator('[data-testid=company-name]').waitFor()
    await page.locator('[data-testid=service-CLEAN-DAILY]').click()
    await page.locator('[data-testid=book-plan]').waitFor()
    await calm(page)
    await screenshot(page, 'portal-20-service-with-plan')
    await page.locator('[data-testid=book-plan]').click()
    await page.waitForURL(/\/book\/sign-in\?redirect=/)
    await signInOnPortal(page, server.dataDir, phone, '孙女士')
    await page.waitForURL(/\/book\/plans\/new\//)
    await addAddressOnPortal(page, phone)
    await page.locator('[data-testid=address-option]').first().waitFor()

    // The default is every week on tomorrow's weekday, 10:00–12:00, 12 visits.
    const day = await page
      .locator('[data-testid=plan-recurrence] [data-weekday].is-active')
      .getAttribute('data-weekday')
    expect(day).toBeTruthy()
    await expect(page.locator('[data-testid=plan-summary]').innerText()).resolves.toBe(
      `每周${WEEKDAY_ZH[day!]} 10:00–12:00，共 12 次`,
    )
    // No day at all is caught at the field before anything is sent.
    await page.locator(`[data-testid=plan-recurrence] [data-weekday=${day}]`).click()
    await page.locator('[data-testid=submit-plan]').click()
    await expect(page.locator('[data-testid=error-rrule]').innerText()).resolves.toBe(
      '请至少选择一天',
    )
    await page.locator(`[data-testid=plan-recurrence] [data-weekday=${day}]`).click()
    await expect(page.locator('[data-testid=error-rrule]').count()).resolves.toBe(0)

    await page.locator('[data-hour="13"]').click()
    await page.locator('[data-frequency=biweekly]').click()
    await expect(page.locator('[data-testid=plan-summary]').innerText()).resolves.toBe(
      `每两周的周${WEEKDAY_ZH[day!]} 13:00–15:00，共 12 次`,
    )
    await page.locator('[data-frequency=weekly]').click()
    await page.locator('[data-hour="10"]').click()
    // What the whole series comes to, next to what one visit costs.
    const perVisit = await page.locator('[data-testid=plan-summary-card] .ds-price').innerText()
    const each = Number(perVisit.replace(/[¥,]/g, ''))
    await expect(page.locator('[data-testid=plan-total]').innerText()).resolves.toBe(
      `12 次合计\n¥${(each * 12).toLocaleString('en-US', { minimumFractionDigits: 2 })}`,
    )
    await page.locator('[data-testid=plan-summary-card]').scrollIntoViewIfNeeded()
    await calm(page)
    await screenshot(page, 'portal-21-plan-form')
  })

  it('should book the plan and show its visits as orders', async () => {
    await page.locator('[data-testid=submit-plan]').click()
    await page.waitForURL(/\/book\/plans\/[0-9a-f-]{36}$/)
    planId = page.url().split('/').pop()!
    await page.locator('[data-testid=plan-status]', { hasText: '进行中' }).waitFor()
    const visits = page.locator('[data-testid=visit]')
    await visits.first().waitFor()
    // Four weeks are booked ahead: 4 (or 5) visits, each an order.
    expect(await visits.count()).toBeGreaterThanOrEqual(4)
    await expect(page.locator('[data-testid=visit][data-status=booked]').count()).resolves.toBe(
      await visits.count(),
    )
    await expect(page.locator('[data-testid=visit-order]').first().innerText()).resolves.toMatch(
      /订单 \S+/,
    )
    await expect(page.locator('[data-testid=plan-visits]').innerText()).resolves.toContain(
      '次上门会在服务日前 28 天自动预约',
    )
    await expect(
      page.locator('[data-testid=plan-price] .van-cell__value').innerText(),
    ).resolves.toMatch(/^¥[\d,.]+$/)
    const plan = await staff.call('getPlan', { params: { id: planId } })
    expect(plan.visits.every((v) => v.status === 'booked' && v.orderId)).toBe(true)
    await calm(page)
    await screenshot(page, 'portal-22-plan-visits')
  })

  it('should skip one visit after confirming', async () => {
    const first = page.locator('[data-testid=visit]').first()
    const date = await first.getAttribute('data-date')
    await first.locator('[data-testid=skip-visit]').click()
    await page.locator('.van-dialog', { hasText: '跳过这次上门？' }).waitFor()
    await calm(page)
    await screenshot(page, 'portal-23-skip-confirm')
    await page.locator('.van-dialog__confirm').click()
    await page.locator(`[data-testid=visit][data-date="${date}"][data-status=skipped]`).waitFor()
    await expect(
      page.locator(`[data-testid=visit][data-date="${date}"] [data-testid=skip-visit]`).count(),
    ).resolves.toBe(0)
    const plan = await staff.call('getPlan', { params: { id: planId } })
    const skipped = plan.visits.find((v) => v.date === date)!
    expect(skipped.status).toBe('skipped')
    const order = await staff.call('getOrder', { params: { id: skipped.orderId! } })
    expect(order.status).toBe('cancelled')
  })

  it('should move this visit only to a later window', async () => {
    const second = page.locator('[data-testid=visit][data-status=booked]').first()
    const date = (await second.getAttribute('data-date'))!
    await second.locator('[data-testid=change-visit-button]').click()
    const popup = page.locator('[data-testid=change-visit]')
    await popup.locator('[data-scope=this].is-active').waitFor()
    await popup.locator('[data-hour="15"]').click()
    await calm(page)
    await screenshot(page, 'portal-24-change-visit')
    await popup.locator('[data-testid=confirm-change]').click()
    await popup.waitFor({ state: 'hidden' })
    const moved = page.locator(`[data-testid=visit][data-date="${date}"]`)
    await moved.locator('.visit__when', { hasText: '15:00–17:00' }).waitFor()
    await expect(moved.getAttribute('data-status')).resolves.toBe('booked')
    // The others keep their window.
    const others = page.locator(
      `[data-testid=visit][data-status=booked]:not([data-date="${date}"]) .visit__when`,
    )
    for (const text of await others.allInnerTexts()) expect(text).toContain('10:00–12:00')
    await calm(page)
    await screenshot(page, 'portal-25-plan-changed')
  })

  it('should list the plan under my recurring services', async () => {
    await page.goto(`${server.url}/book/me`)
    await page.locator('[data-testid=my-plans]').click()
    await page.waitForURL(/\/book\/plans$/)
    const card = page.locator('[data-testid=plan-card]')
    await card.first().waitFor()
    await expect(card.count()).resolves.toBe(1)
    await expect(card.innerText()).resolves.toMatch(/每周. 10:00–12:00，共 12 次/)
    await calm(page)
    await screenshot(page, 'portal-26-my-plans')
  })

  it('should show one notice for the whole plan in the inbox with an unread badge, and open the first visit from it', async () => {
    await page.goto(`${server.url}/book/me`)
    // The relay runs every 5 s: the badge appears once the notices are written.
    await page.locator('[data-testid=me-unread]').waitFor({ timeout: 30_000 })
    await page.locator('[data-testid=tab-me] .van-badge').waitFor()
    await calm(page)
    await screenshot(page, 'portal-27-me-unread')
    await page.locator('[data-testid=my-notices]').click()
    await page.waitForURL(/\/book\/notices$/)
    // One notice for the plan, not one text per visit it booked.
    const booked = page.locator('[data-testid=notice][data-template=plan_booked]')
    await booked.first().waitFor()
    expect(await booked.count()).toBe(1)
    await expect(booked.innerText()).resolves.toMatch(
      /周期服务已预约[\s\S]*每周.，共 12 次[\s\S]*首次上门/,
    )
    expect(
      await page.locator('[data-testid=notice][data-template=booking_confirmed]').count(),
    ).toBe(0)
    await page
      .locator('[data-testid=notice][data-template=order_cancelled]')
      .first()
      .waitFor({ timeout: 20_000 })
    await calm(page)
    await screenshot(page, 'portal-28-notices')

    const unreadBefore = (await unreadNow()) ?? 0
    await booked.first().click()
    await page.waitForURL(/\/book\/orders\/[0-9a-f-]{36}$/)
    await page.locator('[data-testid=detail-status]').waitFor()
    await page.goBack()
    await page.waitForURL(/\/book\/notices$/)
    await page.locator('[data-testid=notice][data-read=true]').first().waitFor()
    expect(await unreadNow()).toBe(unreadBefore - 1)

    // 未读: only what is still unread, asked of the server; the notice just read is not among them.
    await page.locator('[data-testid=notice-tabs] .van-tab', { hasText: '未读' }).click()
    await expect.poll(() => page.locator('[data-testid=notice][data-read=true]').count()).toBe(0)
    await page.locator('[data-testid=notice][data-read=false]').first().waitFor()
    expect(await page.locator('[data-testid=notice][data-template=plan_booked]').count()).toBe(0)
    await calm(page)
    await look(page, 'portal-notices-unread-tab')
    await page.locator('[data-testid=notice-tabs] .van-tab', { hasText: '全部' }).click()
    await booked.first().waitFor()
  })

  it('should keep notification preferences', async () => {
    await page.locator('[data-testid=notice-settings]').click()
    await page.waitForURL(/\/book\/notices\/settings$/)
    const sms = page.locator('[data-testid=pref-sms]')
    await expect(sms.getAttribute('aria-checked')).resolves.toBe('true')
    await sms.click()
    await page.locator('[data-testid=pref-review_request]').click()
    await page.waitForTimeout(500)
    await page.reload()
    await page.locator('[data-testid=pref-sms][aria-checked=false]').waitFor()
    await page.locator('[data-testid=pref-review_request][aria-checked=false]').waitFor()
    await page.locator('[data-testid=pref-booking_confirmed][aria-checked=true]').waitFor()
    await calm(page)
    await screenshot(page, 'portal-29-notice-settings')
  })

  it('should show an order’s new status live when staff assign it', async () => {
    const plan = await staff.call('getPlan', { params: { id: planId } })
    const visit = plan.visits.filter((v) => v.status === 'booked').at(-1)!
    let order = await staff.call('getOrder', { params: { id: visit.orderId! } })
    if (order.allowedEvents.includes('pay_on_site'))
      order = await staff.call('orderEvent', {
        params: { id: order.id },
        body: { event: 'pay_on_site' },
      })
    expect(order.workerId).toBeTruthy()

    await page.goto(`${server.url}/book/orders`)
    const card = page.locator(`[data-testid=order-card][href$="/orders/${order.id}"]`)
    await card.waitFor()
    await expect(card.getAttribute('data-status')).resolves.toBe(order.status)
    // Let the stream connect, then assign: the card changes well before the 30 s poll.
    await page.waitForTimeout(1_500)
    await staff.call('orderEvent', {
      params: { id: order.id },
      body: { event: 'assign', workerId: order.workerId! },
    })
    await page
      .locator(`[data-testid=order-card][href$="/orders/${order.id}"][data-status=dispatched]`)
      .waitFor({ timeout: 10_000 })
    await card.scrollIntoViewIfNeeded()
    await calm(page)
    await screenshot(page, 'portal-30-live-status')
  })

  it('should show my review and complaint in full after a reload, and the complaint move live', async () => {
    const plan = await staff.call('getPlan', { params: { id: planId } })
    const visit = plan.visits.filter((v) => v.status === 'booked')[0]!
    await completeOrderAsStaff(staff, visit.orderId!)
    await page.goto(`${server.url}/book/orders/${visit.orderId}`)
    await page.locator('[data-testid=review-order]').click()
    await page.waitForURL(/\/review$/)
    for (const aspect of ['overall', 'punctuality', 'quality', 'attitude'])
      await page.locator(`[data-testid=rate-${aspect}] .van-rate__item`).nth(4).click()
    await page.locator('textarea[name=text]').fill('每周都很准时，厨房擦得很干净。')
    await page.locator('[data-testid=submit-review]').click()
    await page.locator('[data-testid=review-success]').waitFor()
    await page.goto(`${server.url}/book/orders/${visit.orderId}`)
    await page.reload()
    await page.locator('[data-testid=my-review]', { hasText: '厨房擦得很干净' }).waitFor()

    await page.locator('[data-testid=complain-order]').click()
    await page.locator('[data-testid=complaint-category] [data-category=quality]').click()
    await page.locator('textarea[name=description]').fill('卫生间的镜子没有擦。')
    await page.locator('[data-testid=submit-complaint]').click()
    await page.waitForURL(/\/book\/complaints\/[0-9a-f-]{36}$/)
    const complaintId = page.url().split('/').pop()!
    await page.reload()
    await page.locator('[data-testid=complaint-status]', { hasText: '待处理' }).waitFor()
    await page.waitForTimeout(1_500)
    await staff.call('complaintEvent', {
      params: { id: complaintId },
      body: { event: 'respond', note: '已联系师傅下次上门补擦' },
    })
    await page
      .locator('[data-testid=complaint-status]', { hasText: '处理中' })
      .waitFor({ timeout: 10_000 })
    await page.reload()
    await expect(page.locator('[data-testid=complaint-timeline]').innerText()).resolves.toContain(
      '已联系师傅下次上门补擦',
    )
    await calm(page)
    await screenshot(page, 'portal-31-complaint-after-reload')
  })

  it('should pause the plan after confirming, cancelling the visits ahead, and resume it', async () => {
    await page.goto(`${server.url}/book/plans/${planId}`)
    await page.locator('[data-testid=plan-pause]').click()
    await page.locator('.van-dialog', { hasText: '暂停周期服务？' }).waitFor()
    await calm(page)
    await screenshot(page, 'portal-32-pause-confirm')
    await page.locator('.van-dialog__confirm').click()
    await page.locator('[data-testid=plan-status]', { hasText: '已暂停' }).waitFor()
    // The visits ahead are cancelled (the one already done stays as it was); a paused plan's visits cannot change.
    await page.locator('[data-testid=visit][data-status=cancelled]').first().waitFor()
    await expect(page.locator('[data-testid=skip-visit]').count()).resolves.toBe(0)
    await page.locator('[data-testid=plan-resume]').click()
    await page.locator('.van-dialog__confirm').click()
    await page.locator('[data-testid=plan-status]', { hasText: '进行中' }).waitFor()
    await page.locator('[data-testid=visit][data-status=booked]').first().waitFor()
  })

  it('should mark visits no worker can take and say what to do about them', async () => {
    // Eight hours from 17:00 fits no worker's shift: every visit is booked as "no worker free".
    await page.goto(`${server.url}/book/`)
    await page.locator('[data-testid=service-CLEAN-DAILY]').click()
    await page.locator('[data-testid=book-plan]').click()
    await page.waitForURL(/\/book\/plans\/new\//)
    await page.locator('[data-testid=address-option]').first().waitFor()
    await page.locator('[data-testid=quantity] input').fill('8')
    await page.locator('[data-testid=quantity] input').blur()
    await page.locator('[data-frequency=monthly]').click()
    await page.locator('[data-hour="17"]').click()
    await expect(page.locator('[data-testid=plan-summary]').innerText()).resolves.toMatch(
      /^每月 \d+ 日 17:00–19:00，共 6 次$/,
    )
    await page.locator('[data-testid=submit-plan]').click()
    await page.waitForURL(/\/book\/plans\/[0-9a-f-]{36}$/)
    await page.locator('[data-testid=unavailable-note]').waitFor()
    await page.locator('[data-testid=visit][data-status=unavailable]').first().waitFor()
    await expect(page.locator('[data-testid=plan-visits]').innerText()).resolves.toContain(
      '该时段暂无空闲的服务人员',
    )
    await page
      .locator('[data-testid=visit][data-status=unavailable] [data-testid=change-visit-button]')
      .first()
      .waitFor()
    await calm(page)
    await screenshot(page, 'portal-33-unavailable-visits')
  })

  it('should say it all in English', async () => {
    await page.evaluate(() => window.localStorage.setItem('doorstep.locale', 'en'))
    await page.goto(`${server.url}/book/plans/${planId}`)
    await page.locator('[data-testid=plan-status]', { hasText: 'Active' }).waitFor()
    await expect(page.locator('[data-testid=plan-summary]').innerText()).resolves.toMatch(
      /^Every \w+day 10:00–12:00, 12 visits$/,
    )
    await calm(page)
    await screenshot(page, 'portal-34-plan-english')
    await page.goto(`${server.url}/book/notices`)
    await page.locator('[data-testid=notice]').first().waitFor()
    await calm(page)
    await screenshot(page, 'portal-35-notices-english')
    const { serviceItemId } = await staff.call('getPlan', { params: { id: planId } })
    await page.goto(`${server.url}/book/plans/new/${serviceItemId}`)
    await expect(page.locator('[data-testid=plan-summary]').innerText()).resolves.toMatch(
      /^Every \w+day 10:00–12:00, 12 visits$/,
    )
    await page.locator('[data-testid=plan-recurrence]').scrollIntoViewIfNeeded()
    await calm(page)
    await screenshot(page, 'portal-36-plan-form-english')
    await page.evaluate(() => window.localStorage.setItem('doorstep.locale', 'zh-CN'))
  })

  it('should move this and later visits to another weekday, carrying the plan on as a new one', async () => {
    await page.goto(`${server.url}/book/plans/${planId}`)
    const last = page.locator('[data-testid=visit][data-status=booked]').last()
    await last.waitFor()
    await last.locator('[data-testid=change-visit-button]').click()
    const popup = page.locator('[data-testid=change-visit]')
    await popup.locator('[data-scope=future]').click()
    await popup.locator('[data-testid=change-rule]').click()
    // It starts from the plan's own weekday; with none chosen the popup says so and sends nothing.
    const own = (await popup.locator('[data-weekday].is-active').getAttribute('data-weekday'))!
    const other = own === 'SA' ? 'SU' : 'SA'
    await popup.locator(`[data-weekday=${own}]`).click()
    await popup.locator('[data-testid=confirm-change]').click()
    await expect(popup.locator('[data-testid=change-rule-error]').innerText()).resolves.toBe(
      '请至少选择一天',
    )
    await popup.locator(`[data-weekday=${other}]`).click()
    await expect(popup.locator('[data-testid=change-split-note]').innerText()).resolves.toContain(
      `起改为：每周${WEEKDAY_ZH[other]} 10:00–12:00`,
    )
    await calm(page)
    await screenshot(page, 'portal-38-change-days')
    await popup.locator('[data-testid=confirm-change]').click()
    await page.waitForURL(
      (url) =>
        /\/book\/plans\/[0-9a-f-]{36}$/.test(url.toString()) && !url.toString().endsWith(planId),
    )
    await page.locator('[data-testid=plan-previous]').waitFor()
    await expect(page.locator('[data-testid=plan-summary]').innerText()).resolves.toMatch(
      new RegExp(`^每周${WEEKDAY_ZH[other]} 10:00–12:00`),
    )
    await calm(page)
    await screenshot(page, 'portal-39-plan-carried-on')
    // The earlier plan leads to the new one, and My plans tells them apart.
    await page.locator('[data-testid=plan-previous]').click()
    await page.waitForURL((url) => url.toString().endsWith(planId))
    await page.locator('[data-testid=plan-next]').waitFor()
    await page.goto(`${server.url}/book/plans`)
    await page.locator('[data-testid=plan-continuation]', { hasText: '接续自原计划' }).waitFor()
    await page.locator('[data-testid=plan-continuation]', { hasText: '之后由新计划接续' }).waitFor()
    await calm(page)
    await look(page, 'portal-plans-continuation')
  })

  it('should end the plan after confirming and tell the customer once, in the inbox', async () => {
    await page.goto(`${server.url}/book/plans/${planId}`)
    await page.locator('[data-testid=plan-end]').click()
    await page.locator('.van-dialog__confirm').click()
    await page.locator('[data-testid=plan-status]', { hasText: '已结束' }).waitFor()
    await page.goto(`${server.url}/book/notices`)
    // The relay runs every 5 s: one notice for the end, not a cancellation per visit.
    const ended = page.locator('[data-testid=notice][data-template=plan_ended]')
    await ended.first().waitFor({ timeout: 20_000 })
    expect(await ended.count()).toBe(1)
    await expect(ended.innerText()).resolves.toContain('周期服务已结束')
    await calm(page)
    await screenshot(page, 'portal-37-plan-ended-notice')
  })

  /** My unread count as the portal API tells it (the page's own cookie). */
  async function unreadNow(): Promise<number | null> {
    return page.evaluate(async () => {
      const response = await fetch('/api/v1/portal/notifications?unread=true&limit=1')
      return response.ok ? ((await response.json()) as { unread: number }).unread : null
    })
  }
})
