import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { ApiClient } from '@doorstep/api-client'
import type { RunningServer } from './support/server.ts'
import { startServer } from './support/server.ts'
import { launchBrowser, newPage, screenshot } from './support/browser.ts'
import { signIn } from './support/console.ts'
import { look } from './support/look.ts'
import {
  bookOnPortal,
  calm,
  completeOrderAsStaff,
  ensurePortalBuilt,
  newPhonePage,
  staffApi,
} from './support/portal.ts'

/** A real PNG of a few hundred bytes: a warm gradient, so a thumbnail visibly shows a picture. */
function gradientPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const out = Buffer.alloc(body.length + 8)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(zlib.crc32(body), body.length + 4)
    return out
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const rows = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      rows.set(
        [255, 106 + Math.round((x / width) * 120), Math.round((y / height) * 160)],
        y * (width * 3 + 1) + 1 + x * 3,
      )
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const photoInput = (page: Page) => page.locator('[data-testid=photo-uploader] input[type=file]')

/** Waits until every chosen photo has gone up (no tile still shows its progress or a failure). */
async function photosUploaded(page: Page, count: number) {
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll('.van-uploader__preview').length === n &&
      document.querySelectorAll('.van-uploader__mask').length === 0,
    count,
  )
}

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
    // Nothing paid ahead: paid on site, once the service is done.
    await expect(page.locator('[data-testid=pay-line]').innerText()).resolves.toBe('服务完成后支付')

    const done = await completeOrderAsStaff(staff, orderId)
    expect(done.status).toBe('completed')
    await page.reload()
    await page.locator('[data-testid=detail-status]', { hasText: '已完成' }).waitFor()
    await page.locator('[data-testid=review-order]').waitFor()
    await page.locator('[data-testid=complain-order]').waitFor()
    await expect(page.locator('[data-testid=cancel-order]').count()).resolves.toBe(0)
    await expect(page.locator('[data-testid=warranty]').innerText()).resolves.toContain('免费返修')
    // Done: how it is paid, no longer "after the service" as if still to come (no payment is recorded yet).
    await expect(page.locator('[data-testid=pay-line]').innerText()).resolves.toBe('现场支付')
    await calm(page)
    await screenshot(page, 'portal-11-order-completed')
  })

  it('should explain what is missing, then post the review and show the order as reviewed', async () => {
    await page.locator('[data-testid=review-order]').click()
    await page.waitForURL(/\/review$/)
    await page.locator('[data-testid=submit-review]').click()
    await page.getByText('请为总体评价打分').waitFor()
    await expect(page.getByText('请打分').count()).resolves.toBe(3)
    await photoInput(page).setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not a picture'),
    })
    await page
      .locator('[data-testid=photo-error]', { hasText: '只能上传 JPG、PNG 或 WebP 格式的照片' })
      .waitFor()
    await calm(page)
    await screenshot(page, 'portal-12-review-validation')

    await page.locator('[data-testid=rate-overall] .van-rate__item').nth(4).click()
    await page.locator('[data-testid=rate-punctuality] .van-rate__item').nth(3).click()
    await page.locator('[data-testid=rate-quality] .van-rate__item').nth(4).click()
    await page.locator('[data-testid=rate-attitude] .van-rate__item').nth(4).click()
    await page.locator('textarea[name=text]').fill('师傅准时到，空调修好了，还把现场清理干净。')
    await photoInput(page).setInputFiles({
      name: 'ac-outdoor-unit.png',
      mimeType: 'image/png',
      buffer: gradientPng(160, 120),
    })
    await photosUploaded(page, 1)
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
    expect(mine?.photos).toEqual([expect.stringMatching(/^\/api\/v1\/files\/[0-9a-f-]{36}$/)])
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

    // A photo whose upload fails (the connection drops): its tile says so, and the form will not go
    // without it until the customer removes it.
    await page.route('**/api/v1/portal/uploads', (route) => route.abort('connectionreset'))
    await photoInput(page).setInputFiles({
      name: 'lost.png',
      mimeType: 'image/png',
      buffer: gradientPng(200, 150),
    })
    await page.locator('.van-uploader__preview', { hasText: '上传失败' }).waitFor()
    await page.unroute('**/api/v1/portal/uploads')
    // Under the photos, for as long as the failed one is there: why, and what to do about it.
    await expect(page.locator('[data-testid=photo-failed]').innerText()).resolves.toBe(
      '网络中断，照片没有传上去\n点失败照片右上角的 × 删除，可再重新添加；删除前无法提交',
    )
    await page.locator('[data-testid=submit-complaint]').click()
    await page.locator('.van-toast', { hasText: '有照片没有上传成功，请先删除它' }).waitFor()
    await calm(page)
    await screenshot(page, 'portal-15a-complaint-photo-failed')
    expect(page.url()).toMatch(/\/complain$/)
    await page.locator('.van-uploader__preview-delete').first().click()
    await expect(page.locator('.van-uploader__preview').count()).resolves.toBe(0)
    await expect(page.locator('[data-testid=photo-failed]').count()).resolves.toBe(0)

    await photoInput(page).setInputFiles([
      { name: 'outdoor-unit.png', mimeType: 'image/png', buffer: gradientPng(240, 180) },
      { name: 'remote.png', mimeType: 'image/png', buffer: gradientPng(120, 160) },
    ])
    await photosUploaded(page, 2)
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
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLImageElement>('[data-testid=photo-thumb] img')].filter(
          (img) => img.complete && img.naturalWidth > 0,
        ).length === 2,
    )
    await calm(page)
    await screenshot(page, 'portal-16-complaint-filed')
    await page.locator('[data-testid=photo-thumb]').first().click()
    await page.locator('.van-image-preview').waitFor()
    await calm(page)
    await screenshot(page, 'portal-16b-complaint-photo-preview')
    await page.locator('.van-image-preview__close-icon').click()
    await page.locator('.van-image-preview').waitFor({ state: 'hidden' })
  })

  it("should show the customer's photos on the console's complaint detail", async () => {
    const console = await newPage(browser)
    await signIn(console, server.url, 'admin', server.adminPassword)
    await console.goto(`${server.url}/admin/complaints/${complaintId}`)
    await console.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLImageElement>('[data-testid=photos] img')].filter(
          (img) => img.complete && img.naturalWidth > 0,
        ).length === 2,
    )
    await screenshot(console, 'portal-16c-console-complaint-photos')
    await console.locator('[data-testid=photos] .el-image').first().click()
    await console.locator('.el-image-viewer__wrapper').waitFor()
    await screenshot(console, 'portal-16d-console-photo-enlarged')
    await console.context().close()
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

  it('should take the customer to the complaint in progress when they complain about the order again', async () => {
    await page.goto(`${server.url}/book/orders/${orderId}/complain`)
    // One complaint at a time: the form is not offered, the one in progress is.
    const notice = page.locator('[data-testid=complaint-in-progress]')
    await notice.getByText('这个订单已有一条处理中的投诉').waitFor()
    await expect(page.locator('[data-testid=submit-complaint]').count()).resolves.toBe(0)
    await calm(page)
    await look(page, 'portal-aftersales-complaint-in-progress')
    await notice.locator('button').click()
    await page.waitForURL(new RegExp(`/book/complaints/${complaintId}$`))
    await page.getByText('空调又不制冷').first().waitFor()
    const mine = await staff.call('listComplaints', { query: { orderId } })
    expect(mine.items).toHaveLength(1)
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
        resolution: {
          kind: 'refund_request',
          note: '师傅复查后更换了电容，已恢复制冷；退还部分服务费',
          amountFen: 3000,
        },
      },
    })
    await page.reload()
    await page.locator('[data-testid=complaint-status]', { hasText: '已处理，待确认' }).click()
    await page.waitForURL(/\/book\/complaints\/[0-9a-f-]{36}$/)
    await expect(page.locator('[data-testid=complaint-resolution]').innerText()).resolves.toContain(
      '更换了电容',
    )
    await expect(page.locator('[data-testid=resolution-amount]').innerText()).resolves.toContain(
      '¥30.00',
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
    // The office's steps are signed by role: a staff member's name is nothing to the customer.
    const steps = await page.locator('[data-testid=complaint-timeline]').innerText()
    expect(steps).toContain('客服')
    expect(steps).not.toContain((await staff.call('me', {})).user.displayName)
    await calm(page)
    await look(page, 'portal-aftersales-complaint-closed')
    const closed = await staff.call('getComplaint', { params: { id: complaintId } })
    expect(closed.status).toBe('closed')
  })
})
