import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from './support/server.ts'
import { startServer } from './support/server.ts'
import { launchBrowser } from './support/browser.ts'
import { look } from './support/look.ts'
import { calm, ensurePortalBuilt, newPhonePage, signInOnPortal } from './support/portal.ts'

/** What a page said was wrong: console errors and failed API answers, as a developer tool would show them. */
function watchFailures(page: Page) {
  const failures: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') failures.push(`console: ${message.text()}`)
  })
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`)
  })
  return failures
}

/** The portal on the real server for a guest and for a customer coming back (ADR 0054). */
describe('portal visits', () => {
  let server: RunningServer
  let browser: Browser

  beforeAll(async () => {
    ensurePortalBuilt()
    server = await startServer()
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('should let a guest browse with no error in the console, and still ask them to sign in for orders', async () => {
    const page = await newPhonePage(browser)
    const failures = watchFailures(page)
    await page.goto(`${server.url}/book/`)
    await page.locator('.service-card').first().waitFor()
    await page.locator('[data-testid=tab-me]').click()
    await page.locator('[data-testid=profile-sign-in]').waitFor()
    await look(page, 'portal-guest-profile')
    expect(failures).toEqual([])
    await page.locator('[data-testid=tab-orders]').click()
    await page.waitForURL(/\/book\/sign-in\?redirect=(%2F|\/)orders/)
    await page.context().close()
  })

  it('should offer a returning customer their own name and phone as a new address contact, editable', async () => {
    const phone = `135${String(Date.now()).slice(-8)}`
    const first = await newPhonePage(browser)
    await first.goto(`${server.url}/book/sign-in?redirect=/me`)
    await signInOnPortal(first, server.dataDir, phone, '孙女士')
    await first.waitForURL(/\/book\/me$/)
    // Days later, a new visit: still signed in (the cookie), nothing left of the sign-in page's typing.
    const page = await newPhonePage(browser, 'zh-CN', { page: first, timezoneId: 'Asia/Shanghai' })
    await first.context().close()
    const failures = watchFailures(page)
    await page.goto(`${server.url}/book/addresses/new`)
    const phoneField = page.locator('input[name=contactPhone]')
    await expect.poll(() => phoneField.inputValue()).toBe(phone)
    await expect(page.locator('input[name=contactName]').inputValue()).resolves.toBe('孙女士')
    await calm(page)
    await look(page, 'portal-address-new-prefilled')
    // The contact may be someone else (parents' home): the offer is only a start.
    await phoneField.fill('13912345678')
    await expect(phoneField.inputValue()).resolves.toBe('13912345678')
    expect(failures).toEqual([])
    await page.context().close()
  })
})
