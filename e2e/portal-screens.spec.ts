import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from './support/browser.ts'
import { look } from './support/look.ts'
import { agreeToPrivacy, calm, newPhonePage, servePortalDist } from './support/portal.ts'
import type { FakePortal } from './support/portal-fake-api.ts'
import { fakePortalApi } from './support/portal-fake-api.ts'

/**
 * Every portal screen and its error states on a phone, against a stand-in API with the contract's shapes
 * (wrong code, address outside the service area, a window taken meanwhile). The real server's run is
 * portal-booking.spec.ts.
 */
describe('portal screens on a phone', () => {
  let site: Awaited<ReturnType<typeof servePortalDist>>
  let browser: Browser
  let page: Page
  let fake: FakePortal

  beforeAll(async () => {
    site = await servePortalDist()
    browser = await launchBrowser()
    page = await newPhonePage(browser)
    fake = await fakePortalApi(page, { slotTakenOnce: true, rescheduleTakenOnce: true })
  })

  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

  it('should let a guest browse but send My orders to the sign-in', async () => {
    await page.goto(`${site.url}/book/me`)
    await page.locator('[data-testid=profile-sign-in]').waitFor()
    await look(page, 'portal-00-guest-profile')
    await page.locator('[data-testid=tab-orders]').click()
    await page.waitForURL(/\/book\/sign-in\?redirect=(%2F|\/)orders/)
    await page.getByText('请先登录后继续').waitFor()
  })

  it('should browse categories, search and show a service with its prices and policies', async () => {
    await page.goto(`${site.url}/book/`)
    await page.locator('[data-testid=service-CLEAN-DAILY]').waitFor()
    await calm(page)
    await look(page, 'portal-01-home')
    await page.locator('[data-testid=search] input').fill('空调')
    await expect(page.locator('.service-card').count()).resolves.toBe(1)
    await page.locator('[data-testid=search] input').fill('')
    await page.locator('[data-testid=categories] .van-grid-item', { hasText: '保洁' }).click()
    await expect(page.locator('.service-card').count()).resolves.toBe(2)
    await calm(page)
    await look(page, 'portal-02-home-category')
    await page.locator('[data-testid=service-CLEAN-DAILY]').click()
    await page.locator('[data-testid=service-name]').waitFor()
    await expect(page.locator('[data-testid=policy]').innerText()).resolves.toContain('24 小时')
    await calm(page)
    await look(page, 'portal-03-service')
  })

  it('should ask for a sign-in when booking and explain a wrong code', async () => {
    await page.locator('[data-testid=book]').click()
    await page.waitForURL(/\/book\/sign-in\?redirect=/)
    await page.locator('[data-testid=sign-in]').click()
    await calm(page)
    await look(page, 'portal-04-sign-in-empty')
    await page.locator('input[name=phone]').fill('13912340001')
    await agreeToPrivacy(page)
    await page.locator('[data-testid=send-code]').click()
    await page.locator('[data-testid=send-code]', { hasText: /秒后重发/ }).waitFor()
    await page.locator('input[name=code]').fill('111111')
    await page.locator('[data-testid=sign-in]').click()
    await page.getByText('验证码错误，还可尝试 4 次').waitFor()
    await calm(page)
    await look(page, 'portal-05-sign-in-wrong-code')
    await page.locator('input[name=code]').fill('246810')
    await page.locator('[data-testid=sign-in]').click()
    await page.locator('[data-testid=save-name]').waitFor()
    await calm(page)
    await page.locator('[data-testid=save-name]').click()
    await page.getByText('请填写称呼，或点“跳过”').waitFor()
    await calm(page)
    await look(page, 'portal-06-set-name')
    await page.locator('input[name=name]').fill('王女士')
    await page.locator('[data-testid=save-name]').click()
    await page.waitForURL(/\/book\/booking\//)
  })

  it('should add an address, refusing one outside the service area', async () => {
    await page.locator('[data-testid=step-address]').waitFor()
    await calm(page)
    await look(page, 'portal-07-booking-no-address')
    await page.locator('[data-testid=add-address]').click()
    await page.locator('input[name=contactPhone]').fill('13912340001')
    await page.locator('textarea[name=detail]').fill('张杨路 500 号 3 栋 1201')
    await page.locator('[data-testid=save-address]').click()
    await page.locator('.van-field__error-message').first().waitFor()
    await calm(page)
    await look(page, 'portal-08-address-validation')
    await page.locator('[data-testid=area]').click()
    await page.locator('.van-cascader__option', { hasText: '上海' }).click()
    await page.locator('.van-cascader__option', { hasText: '闵行区' }).click()
    await page.locator('[data-testid=save-address]').click()
    await page.getByText('该位置不在任何服务区内').waitFor()
    await calm(page)
    await look(page, 'portal-09-address-outside')
    await page.locator('[data-testid=area]').click()
    await page.locator('.van-cascader__tab', { hasText: '闵行区' }).click()
    await page.locator('.van-cascader__option', { hasText: '浦东新区' }).click()
    await page
      .locator('.van-button', { hasText: '家' })
      .first()
      .click()
      .catch(() => undefined)
    await page.locator('[data-testid=save-address]').click()
    await page.waitForURL(/\/book\/booking\//)
    await page.locator('[data-testid=address-option]').first().waitFor()
    expect(fake.addresses).toHaveLength(1)
    await calm(page)
    await look(page, 'portal-10-booking-address')
  })

  it('should price the amount and extras live, then offer windows and ASAP', async () => {
    await page.locator('[data-testid=next]').click()
    await page.locator('[data-testid=step-items]').waitFor()
    await expect(page.locator('[data-testid=live-total]').innerText()).resolves.toBe('¥150.00')
    await page.locator('[data-testid=quantity] .van-stepper__plus').click()
    await page.locator('[data-testid=addon-FRIDGE] .van-stepper__plus').click()
    await expect(page.locator('[data-testid=live-total]').innerText()).resolves.toBe('¥235.00')
    await calm(page)
    await look(page, 'portal-11-booking-items')
    await page.locator('[data-testid=next]').click()
    await page.locator('[data-testid=step-time]').waitFor()
    // Today: past windows are disabled; ASAP is offered while the day lasts.
    await page.locator('[data-testid=window]').first().waitFor()
    await calm(page)
    await look(page, 'portal-12a-booking-time-today')
    // Tomorrow has every window but the full 12:00 one.
    await page.locator('.picker__day').nth(1).click()
    await page.locator('[data-testid=window][data-available=true]').first().waitFor()
    await calm(page)
    await look(page, 'portal-12-booking-time')
    await page.locator('[data-testid=window][data-available=true]').first().click()
    await page.locator('[data-testid=next]').click()
    await page.locator('[data-testid=step-confirm]').waitFor()
    await page.locator('[data-testid=notes] textarea').fill('家里有猫，请带鞋套')
    await calm(page)
    await look(page, 'portal-13-booking-confirm')
  })

  it('should offer other windows when the chosen one was just taken, then book', async () => {
    await page.locator('[data-testid=submit-order]').click()
    await page.locator('[data-testid=alternative]').first().waitFor()
    await calm(page)
    await look(page, 'portal-14-slot-taken')
    await page.locator('[data-testid=alternative]').first().click()
    await page.locator('[data-testid=submit-order]').click()
    await page.waitForURL(/\/book\/booked\//)
    await page.locator('[data-testid=booked-order-no]').waitFor()
    await calm(page)
    await look(page, 'portal-15-booked')
    expect(fake.orders).toHaveLength(1)
    expect((fake.orders[0]!.price as { totalFen: number }).totalFen).toBe(23500)
  })

  it('should list the order, show its timeline, reschedule and cancel with the fee stated', async () => {
    await page.locator('[data-testid=view-order]').click()
    await page.locator('[data-testid=timeline]').waitFor()
    await calm(page)
    await look(page, 'portal-16-order-detail')
    await page.locator('[data-testid=reschedule-order]').click()
    await page.locator('[data-testid=reschedule-popup] .picker__day').nth(2).click()
    await page
      .locator('[data-testid=reschedule-popup] [data-testid=window][data-available=true]')
      .first()
      .click()
    await expect(page.locator('[data-testid=reschedule-fee]').innerText()).resolves.toMatch(
      /^现在改约(免费|将收取 ¥[\d,]+\.\d\d)$/,
    )
    await calm(page)
    await look(page, 'portal-17-reschedule')
    await page.locator('[data-testid=confirm-reschedule]').click()
    // Taken meanwhile: the sheet offers the server's alternatives.
    await page
      .locator('[data-testid=reschedule-alternatives] [data-testid=alternative]')
      .first()
      .waitFor()
    await calm(page)
    await look(page, 'portal-17a-reschedule-taken')
    await page
      .locator('[data-testid=reschedule-alternatives] [data-testid=alternative]')
      .first()
      .click()
    await page.locator('[data-testid=confirm-reschedule]').click()
    await page.locator('[data-testid=reschedule-popup]').waitFor({ state: 'hidden' })
    await page.locator('[data-testid=cancel-order]').click()
    await expect(page.locator('[data-testid=cancel-fee]').innerText()).resolves.toMatch(
      /^现在取消(免费|将收取 ¥[\d,]+\.\d\d)$/,
    )
    await calm(page)
    await look(page, 'portal-18-cancel')
    await page.locator('.van-dialog__confirm').click()
    await page.locator('[data-testid=detail-status]', { hasText: '已取消' }).waitFor()
    await page.goto(`${site.url}/book/orders`)
    await page.locator('[data-testid=order-card]').first().waitFor()
    await expect(page.locator('[data-testid=order-status]').first().innerText()).resolves.toBe(
      '已取消',
    )
    await calm(page)
    await look(page, 'portal-19-orders')
  })

  it('should show the profile, switch to English and sign out', async () => {
    await page.locator('[data-testid=tab-me]').click()
    await expect(page.locator('[data-testid=profile-name]').innerText()).resolves.toBe('王女士')
    await calm(page)
    await look(page, 'portal-20-profile')
    // A blank name is explained under the field, not met with a dialog that just stays open.
    await page.locator('[data-testid=edit-name]').click()
    await page.locator('[data-testid=name-input] input').fill('   ')
    await page.locator('.van-dialog__confirm').click()
    await page.locator('[data-testid=name-input]').getByText('请填写此项').waitFor()
    await calm(page)
    await look(page, 'portal-20a-name-blank')
    await page.locator('.van-dialog__cancel').click()
    await page.locator('.van-dialog').waitFor({ state: 'hidden' })
    await page.locator('[data-testid=language]').click()
    await page.locator('.van-action-sheet__item', { hasText: 'English' }).click()
    await page.getByText('Sign out').waitFor()
    await calm(page)
    await look(page, 'portal-21-profile-en')
    await page.locator('[data-testid=tab-orders]').click()
    await page.locator('[data-testid=order-card]').first().waitFor()
    await calm(page)
    await look(page, 'portal-22-orders-en')
    await page.locator('[data-testid=tab-home]').click()
    await page.locator('.service-card').first().waitFor()
    await calm(page)
    await look(page, 'portal-23-home-en')
    await page.locator('[data-testid=service-CLEAN-DEEP]').click()
    await page.getByText('Cancelling and rescheduling').waitFor()
    await calm(page)
    await look(page, 'portal-24-service-en')
    await page.locator('[data-testid=book]').click()
    await page.locator('[data-testid=step-address]').waitFor()
    await page.locator('[data-testid=next]').click()
    await page.locator('[data-testid=step-items]').waitFor()
    await calm(page)
    await look(page, 'portal-25-booking-items-en')
    await page.locator('[data-testid=next]').click()
    await page.locator('[data-testid=window]').first().waitFor()
    await calm(page)
    await look(page, 'portal-26-booking-time-en')
    await page.goto(`${site.url}/book/me`)
    await page.locator('[data-testid=sign-out]').click()
    await page.locator('.van-dialog__confirm').click()
    await page.waitForURL((url) => url.pathname === '/book/')
    expect(fake.signedIn()).toBe(false)
  })
})
