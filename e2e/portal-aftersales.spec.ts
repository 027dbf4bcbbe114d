import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { ApiClient } from '@doorstep/api-client'
import type { RunningServer } from './support/server.ts'
import { startServer } from './support/server.ts'
import { launchBrowser, screenshot } from './support/browser.ts'
import { look } from './support/look.ts'
import {
  bookOnPortal,
  calm,
  completeOrderAsStaff,
  ensurePortalBuilt,
  newPhonePage,
  staffApi,
} from './support/portal.ts'

/**
 * After the service, on a phone with the real server: a customer books an air-conditioner repair (30 days'
 * warranty), staff complete it, the customer reviews it, files a complaint, finds it in My complaints and,
 * once customer service has resolved it, confirms it resolved.
 */
describe('customer reviews and complains on the portal', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  let staff: ApiClient
  let orderId = ''
  let complaintId = ''
  const phone = `136${String(Date.now()).slice(-8)}`

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

  it('should offer review and complaint, and no cancel, once the order is completed', async () => {
    await page.goto(`${server.url}/book/`)
    await page.locator('[data-testid=service-REPAIR-AC]').click()
    orderId = await bookOnPortal(page, { dataDir: server.dataDir, phone, name: '钱先生' })
    await page.goto(`${server.url}/book/orders/${orderId}`)
    await page.locator('[data-testid=cancel-order]').waitFor()
    await expect(page.locator('[data-testid=review-order]').count()).resolves.toBe(0)

    const done = await completeOrderAsStaff(staff, orderId)
    expect(done.status).toBe('completed')
    await page.reload()
    await page.locator('[data-testid=detail-status]', { hasText: '已完成' }).waitFor()
    await page.locator('[data-testid=review-order]').waitFor()
    await page.locator('[data-testid=complain-order]').waitFor()
    await expect(page.locator('[data-testid=cancel-order]').count()).resolves.toBe(0)
    await expect(page.locator('[data-testid=warranty]').innerText()).resolves.toContain('免费返修')
    await calm(page)
    await screenshot(page, 'portal-11-order-completed')
  })

  it('should explain what is missing, then post the review and show the order as reviewed', async () => {
    await page.locator('[data-testid=review-order]').click()
    await page.waitForURL(/\/review$/)
    await page.locator('[data-testid=submit-review]').click()
    await page.getByText('请为总体评价打分').waitFor()
    await expect(page.getByText('请打分').count()).resolves.toBe(3)
    await page.locator('input[name=photoUrl]').fill('不是链接')
    await page.locator('[data-testid=add-photo]').click()
    await page.getByText('请填写以 http:// 或 https:// 开头的图片链接').waitFor()
    await calm(page)
    await screenshot(page, 'portal-12-review-validation')

    await page.locator('[data-testid=rate-overall] .van-rate__item').nth(4).click()
    await page.locator('[data-testid=rate-punctuality] .van-rate__item').nth(3).click()
    await page.locator('[data-testid=rate-quality] .van-rate__item').nth(4).click()
    await page.locator('[data-testid=rate-attitude] .van-rate__item').nth(4).click()
    await page.locator('textarea[name=text]').fill('师傅准时到，空调修好了，还把现场清理干净。')
    await page.locator('input[name=photoUrl]').fill('https://img.example.com/ac-outdoor-unit.jpg')
    await page.locator('[data-testid=add-photo]').click()
    await expect(page.locator('[data-testid=photo]').count()).resolves.toBe(1)
    await expect(page.locator('[data-testid=rate-overall]').innerText()).resolves.toContain(
      '非常满意',
    )
    await calm(page)
    await screenshot(page, 'portal-13-review-form')
    await page.locator('[data-testid=submit-review]').click()
    await page.locator('[data-testid=review-success]').waitFor()
    await calm(page)
    await screenshot(page, 'portal-14-review-posted')

    await page.locator('[data-testid=back-to-order]').click()
    await page.locator('[data-testid=detail-status]', { hasText: '已评价' }).waitFor()
    await expect(page.locator('[data-testid=my-review]').innerText()).resolves.toContain(
      '空调修好了',
    )
    await expect(page.locator('[data-testid=review-order]').count()).resolves.toBe(0)
    await page.locator('[data-testid=complain-order]').waitFor()
    await calm(page)
    await look(page, 'portal-aftersales-order-reviewed')

    const reviews = await staff.call('listReviews', { query: { limit: 50 } })
    const mine = reviews.items.find((r) => r.orderId === orderId)
    expect(mine).toMatchObject({ overall: 5, punctuality: 4, quality: 5, attitude: 5 })
    expect(mine?.photos).toHaveLength(1)
  })

  it('should file a complaint within the warranty and show it with its status', async () => {
    await page.locator('[data-testid=complain-order]').click()
    await page.waitForURL(/\/complain$/)
    await page.locator('[data-testid=warranty]').waitFor()
    await page.locator('[data-testid=submit-complaint]').click()
    await page.getByText('请选择问题类型').waitFor()
    await page.getByText('问题描述至少 5 个字').waitFor()
    await calm(page)
    await look(page, 'portal-aftersales-complaint-validation')

    await page.locator('[data-testid=complaint-category] [data-category=quality]').click()
    await page.locator('textarea[name=description]').fill('修好第二天空调又不制冷了，外机有异响。')
    await calm(page)
    await screenshot(page, 'portal-15-complaint-form')
    await page.locator('[data-testid=submit-complaint]').click()
    await page.waitForURL(/\/book\/complaints\/[0-9a-f-]{36}$/)
    complaintId = page.url().split('/').pop()!
    await page.locator('[data-testid=complaint-status]', { hasText: '待处理' }).waitFor()
    await expect(page.locator('[data-testid=complaint-timeline]').innerText()).resolves.toContain(
      '提交投诉',
    )
    await expect(page.getByText('保修期内，返修免费').count()).resolves.toBe(1)
    await expect(page.locator('[data-testid=confirm-resolved]').count()).resolves.toBe(0)
    await calm(page)
    await screenshot(page, 'portal-16-complaint-filed')
  })

  it('should list the complaint in My complaints', async () => {
    await page.goto(`${server.url}/book/me`)
    await page.locator('[data-testid=my-complaints]').click()
    const card = page.locator('[data-testid=complaint-card]')
    await card.first().waitFor()
    await expect(card.count()).resolves.toBe(1)
    await expect(card.first().innerText()).resolves.toContain('空调又不制冷')
    await expect(card.first().locator('[data-testid=complaint-status]').innerText()).resolves.toBe(
      '待处理',
    )
    await calm(page)
    await screenshot(page, 'portal-17-my-complaints')
  })

  it('should let the customer confirm once customer service has resolved it', async () => {
    await staff.call('complaintEvent', {
      params: { id: complaintId },
      body: { event: 'respond', note: '已致电客户，安排师傅复查' },
    })
    await staff.call('complaintEvent', {
      params: { id: complaintId },
      body: {
        event: 'resolve',
        resolution: { kind: 'explanation', note: '师傅复查后更换了电容，已恢复制冷' },
      },
    })
    await page.reload()
    await page.locator('[data-testid=complaint-status]', { hasText: '已处理，待确认' }).click()
    await page.waitForURL(/\/book\/complaints\/[0-9a-f-]{36}$/)
    await expect(page.locator('[data-testid=complaint-resolution]').innerText()).resolves.toContain(
      '更换了电容',
    )
    await calm(page)
    await screenshot(page, 'portal-18-complaint-resolved')
    await page.locator('[data-testid=confirm-resolved]').click()
    await page.locator('.van-dialog__confirm').click()
    await page.locator('[data-testid=complaint-status]', { hasText: '已完结' }).waitFor()
    await expect(page.locator('[data-testid=complaint-timeline]').innerText()).resolves.toContain(
      '您已确认解决',
    )
    await expect(page.locator('[data-testid=confirm-resolved]').count()).resolves.toBe(0)
    await calm(page)
    await look(page, 'portal-aftersales-complaint-closed')
    const closed = await staff.call('getComplaint', { params: { id: complaintId } })
    expect(closed.status).toBe('closed')
  })
})
