import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from './support/server.ts'
import { startServer } from './support/server.ts'
import { launchBrowser, newPage } from './support/browser.ts'
import { signIn } from './support/console.ts'
import { ensurePortalBuilt, newPhonePage, signInOnPortal } from './support/portal.ts'

/**
 * A company serves Doorstep on its office LAN over plain http (http://doorstep.lan:3000): not a secure context,
 * so the page has no `crypto.randomUUID`. The booking forms of the portal and the console still open.
 */
describe('pages opened over plain http on a LAN name', () => {
  let server: RunningServer
  let browser: Browser
  let lanUrl = ''
  const phone = `136${String(Date.now()).slice(-8)}`

  beforeAll(async () => {
    ensurePortalBuilt()
    server = await startServer()
    lanUrl = server.url.replace('127.0.0.1', 'doorstep.lan')
    browser = await launchBrowser({ args: ['--host-resolver-rules=MAP doorstep.lan 127.0.0.1'] })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  const failures = (page: Page) => {
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    return errors
  }

  it('should open the portal booking page without a secure context', async () => {
    const page = await newPhonePage(browser)
    const errors = failures(page)
    await page.goto(`${lanUrl}/book/`)
    // The premise: this origin is not secure, so randomUUID is missing.
    await expect(page.evaluate(() => [isSecureContext, typeof crypto.randomUUID])).resolves.toEqual(
      [false, 'undefined'],
    )
    await page.locator('[data-testid=service-CLEAN-DAILY]').click()
    await page.locator('[data-testid=book]').click()
    await page.waitForURL(/\/book\/sign-in\?redirect=/)
    await signInOnPortal(page, server.dataDir, phone, '林女士')
    await page.waitForURL(/\/book\/booking\//)
    await page.locator('[data-testid=step-address]').waitFor()
    await page.locator('[data-testid=add-address]').waitFor()
    expect(errors).toEqual([])
  })

  it('should open the console phone-order page without a secure context', async () => {
    const page = await newPage(browser)
    const errors = failures(page)
    await signIn(page, lanUrl, 'cs', server.adminPassword)
    await page.locator('[data-menu="/phone-order"]').click()
    await page.locator('[data-testid=phone-search]').waitFor()
    expect(errors).toEqual([])
  })
})
