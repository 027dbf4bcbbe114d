import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from './support/server.ts'
import { startServer } from './support/server.ts'
import { AMAP_FOUND, startFakeAmap } from '../apps/server/src/test-support/fake-amap.ts'
import { launchBrowser, newPage } from './support/browser.ts'
import { look } from './support/look.ts'
import { signIn } from './support/console.ts'
import { calm, ensurePortalBuilt, newPhonePage, signInOnPortal } from './support/portal.ts'

/**
 * With an Amap key configured, both address forms find a written address on the map: the portal's and the
 * console's "按地址定位" ask the server, which asks Amap (here a local fake of its Web Service), and the pin
 * and the saved place are where Amap put it.
 */
describe('address forms with a geocoder', () => {
  let server: RunningServer
  let browser: Browser
  let amap: Awaited<ReturnType<typeof startFakeAmap>>

  beforeAll(async () => {
    ensurePortalBuilt()
    amap = await startFakeAmap()
    Object.assign(process.env, {
      DOORSTEP_AMAP_KEY: 'e2e-key',
      DOORSTEP_AMAP_ENDPOINT: amap.endpoint,
    })
    server = await startServer()
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await amap?.close()
  })

  it("should put the portal's pin where the written address is, and save it there", async () => {
    const page: Page = await newPhonePage(browser)
    const phone = `136${String(Date.now()).slice(-8)}`
    await page.goto(`${server.url}/book/sign-in?redirect=/addresses/new`)
    // Without a name, the customer keeps the placeholder (客户 and the last four digits) the console sees below.
    await signInOnPortal(page, server.dataDir, phone, null)
    await page.waitForURL(/\/book\/addresses\/new/)
    // The phone signed in with is offered as the contact's, also after a reload (its owner reads it in full).
    await page.reload()
    await expect.poll(() => page.locator('input[name=contactPhone]').inputValue()).toBe(phone)
    await expect(page.locator('input[name=contactName]').inputValue()).resolves.toBe('')
    await page.locator('input[name=contactName]').fill('钱先生')
    await page.locator('[data-testid=area]').click()
    await page.locator('.van-cascader__option', { hasText: '上海' }).click()
    await page.locator('.van-cascader__option', { hasText: '浦东新区' }).click()
    await page.locator('textarea[name=detail]').fill('世纪大道 100 号 8 楼')
    await page.locator('[data-testid=find-address]').click()
    const where = page.locator('[data-testid=location-cell] .van-cell__label')
    await where.getByText('按填写的地址定位').waitFor()
    const cell = page.locator('[data-testid=location-cell]')
    expect(Number(await cell.getAttribute('data-lat'))).toBeCloseTo(AMAP_FOUND.lat, 4)
    expect(Number(await cell.getAttribute('data-lng'))).toBeCloseTo(AMAP_FOUND.lng, 4)
    expect(amap.asked).toContain('上海|浦东新区世纪大道 100 号 8 楼')
    await calm(page)
    await look(page, 'portal-address-found')
    await page.locator('[data-testid=save-address]').click()
    await page.waitForURL(/\/book\/addresses$/)
    const saved = await page.evaluate(async () => {
      const list = (await (await fetch('/api/v1/portal/addresses')).json()) as {
        items: Array<{ location: { lat: number; lng: number } }>
      }
      return list.items[0]?.location
    })
    expect(saved?.lat).toBeCloseTo(AMAP_FOUND.lat, 3)
    expect(saved?.lng).toBeCloseTo(AMAP_FOUND.lng, 3)
  })

  it("should fill the console form's coordinates from the written address", async () => {
    const page = await newPage(browser)
    await signIn(page, server.url, 'admin', server.adminPassword)
    await page.locator('[data-testid=welcome]').waitFor()
    await page.goto(`${server.url}/admin/customers`)
    await page.locator('[data-testid=customers-table] .el-table__row').first().click()
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/)
    await page.locator('[data-testid=add-address]').click()
    const dialog = page.locator('.el-dialog:visible')
    // The newest customer is the portal's, still under its placeholder name: that is no contact's name.
    await expect(page.locator('h1.title').innerText()).resolves.toMatch(/^客户\d{4}/)
    await expect(dialog.locator('input[name=contactName]').inputValue()).resolves.toBe('')
    await dialog.locator('input[name=city]').fill('上海')
    await dialog.locator('input[name=district]').fill('浦东新区')
    await dialog.locator('input[name=detail]').fill('世纪大道 200 号')
    await dialog.locator('[data-testid=find-address]').click()
    await expect
      .poll(() => dialog.locator('input[name=lat]').inputValue())
      .toBe(String(AMAP_FOUND.lat))
    await expect(dialog.locator('input[name=lng]').inputValue()).resolves.toBe(
      String(AMAP_FOUND.lng),
    )
    await dialog.locator('[data-testid=pin-map] .leaflet-tile-loaded').first().waitFor()
    await look(page, 'address-found')
  })
})
