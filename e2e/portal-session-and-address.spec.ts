import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from './support/server.ts'
import { startServer } from './support/server.ts'
import { launchBrowser } from './support/browser.ts'
import { look } from './support/look.ts'
import {
  calm,
  ensurePortalBuilt,
  newPhonePage,
  signInOnPortal,
  staffApi,
} from './support/portal.ts'

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

/**
 * How the page fits a phone: its width beyond the screen's (the layout viewport: `innerWidth` grows with the
 * content on a mobile page, so it cannot tell), each address card's contact line cut off at the card's edge,
 * and label tags whose text breaks onto a second line inside the rounded outline.
 */
function fit(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement
    /** The lines an element's text takes: the distinct tops of its text's boxes. */
    const lines = (el: Element) => {
      const tops = new Set<number>()
      const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
      for (let text = texts.nextNode(); text; text = texts.nextNode()) {
        if (!text.textContent?.trim()) continue
        const range = document.createRange()
        range.selectNodeContents(text)
        for (const box of range.getClientRects()) tops.add(Math.round(box.top))
      }
      return tops.size
    }
    return {
      overflowX: root.scrollWidth - root.clientWidth,
      clippedContacts: [...document.querySelectorAll('[data-testid=address-contact]')].filter(
        (el) => el.scrollWidth > el.clientWidth,
      ).length,
      wrappedTags: [...document.querySelectorAll('.addr .van-tag')].filter((el) => lines(el) > 1)
        .length,
    }
  })
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

  it('should fit an address with a long contact name and label on a phone screen, on the list and when booking', async () => {
    const phone = `133${String(Date.now()).slice(-8)}`
    const page = await newPhonePage(browser)
    await page.goto(`${server.url}/book/sign-in?redirect=/me`)
    await signInOnPortal(page, server.dataDir, phone, '郑女士')
    await page.waitForURL(/\/book\/me$/)
    // Staff wrote the address (the console takes any label of up to 20 characters): a 40-letter name, no spaces.
    const longName = 'WOLFGANGAMADEUSMOZARTWOLFGANGAMADEUSMOZ'.padEnd(40, 'W')
    const staff = await staffApi(server.url, 'admin', server.adminPassword)
    const [customer] = (await staff.call('listCustomers', { query: { q: phone } })).items
    await staff.call('addCustomerAddress', {
      params: { id: customer!.id },
      body: {
        label: '外婆家老房子东边那栋楼三楼靠窗那间屋子',
        contactName: longName,
        contactPhone: phone,
        city: '上海',
        district: '浦东新区',
        detail: '张杨路 500 号 3 栋 1201',
        location: { lat: 31.2304, lng: 121.544 },
        isDefault: true,
      },
    })

    await page.goto(`${server.url}/book/addresses`)
    await page.locator('[data-testid=address-contact]', { hasText: longName }).waitFor()
    await calm(page)
    await look(page, 'portal-addresses-long-contact')
    await expect(fit(page)).resolves.toEqual({ overflowX: 0, clippedContacts: 0, wrappedTags: 0 })

    await page.goto(`${server.url}/book/`)
    await page.locator('[data-testid=service-CLEAN-DAILY]').click()
    await page.locator('[data-testid=book]').click()
    await page.waitForURL(/\/book\/booking\//)
    await page
      .locator('[data-testid=address-option] [data-testid=address-contact]')
      .first()
      .waitFor()
    await calm(page)
    await look(page, 'portal-booking-long-contact')
    await expect(fit(page)).resolves.toEqual({ overflowX: 0, clippedContacts: 0, wrappedTags: 0 })
    await page.context().close()
  })

  it("should warn when 'use my location' puts the pin outside the service areas or far from the chosen area", async () => {
    const phone = `134${String(Date.now()).slice(-8)}`
    const page = await newPhonePage(browser)
    await page.context().grantPermissions(['geolocation'])
    await page.goto(`${server.url}/book/sign-in?redirect=/addresses/new`)
    await signInOnPortal(page, server.dataDir, phone, '吴先生')
    await page.waitForURL(/\/book\/addresses\/new/)
    const where = page.locator('[data-testid=location-cell] .van-cell__label')
    const warning = page.locator('[data-testid=located-warning]')
    /** Presses "use my location" with the phone at a place, and waits for the service-area answer. */
    const locateAt = async (latitude: number, longitude: number) => {
      await page.context().setGeolocation({ latitude, longitude })
      const answered = page.waitForResponse((r) => r.url().includes('/portal/places/coverage'))
      await page.getByRole('button', { name: '使用当前位置' }).click()
      expect((await answered).status()).toBe(200)
      await where.getByText('手机当前位置').waitFor()
    }

    // In Hangzhou before any district is chosen: outside the service areas; the map can move the pin, but there
    // is no chosen district to speak of or to go back to.
    await locateAt(30.2741, 120.1551)
    await warning.getByText('不在服务范围内').waitFor()
    await expect(page.locator('[data-testid=located-fix]').innerText()).resolves.toBe(
      '请在地图上把图钉移到要上门的地址。',
    )
    await expect(warning.innerText()).resolves.not.toContain('区域')
    await expect(page.locator('[data-testid=use-area-centre]').count()).resolves.toBe(0)
    await calm(page)
    await look(page, 'portal-address-located-outside-no-district')
    // A district chosen: the pin stays where the phone put it, and now the district's centre is offered.
    await page.locator('[data-testid=area]').click()
    await page.locator('.van-cascader__option', { hasText: '上海' }).click()
    await page.locator('.van-cascader__option', { hasText: '浦东新区' }).click()
    await page.locator('textarea[name=detail]').fill('张杨路 500 号 3 栋 1201')
    await warning.getByText('离所选区域（上海 浦东新区）很远').waitFor()
    await page.locator('[data-testid=use-area-centre]').click()
    await where.getByText('区域中心').waitFor()
    await expect(warning.count()).resolves.toBe(0)

    // In Hangzhou: no service area there, and nowhere near Pudong.
    await locateAt(30.2741, 120.1551)
    await warning.getByText('不在服务范围内').waitFor()
    await expect(warning.innerText()).resolves.toContain('离所选区域（上海 浦东新区）很远')
    await calm(page)
    await look(page, 'portal-address-located-outside')
    // Back to the district's centre: no warning left, and the address saves.
    await page.locator('[data-testid=use-area-centre]').click()
    await where.getByText('区域中心').waitFor()
    await expect(warning.count()).resolves.toBe(0)

    // In Beijing, inside the Chaoyang project's area: servable, but not the Pudong address written above.
    await locateAt(39.9219, 116.4436)
    await warning.getByText('很远').waitFor()
    await expect(warning.innerText()).resolves.not.toContain('不在服务范围内')

    // At home in Pudong: nothing to say.
    await locateAt(31.2304, 121.544)
    await expect(warning.count()).resolves.toBe(0)
    await page.locator('[data-testid=save-address]').click()
    await page.waitForURL(/\/book\/addresses$/)

    // The same warning in English.
    const en = await newPhonePage(browser, 'en', { page, timezoneId: 'Asia/Shanghai' })
    await page.context().close()
    await en.context().grantPermissions(['geolocation'])
    await en.context().setGeolocation({ latitude: 30.2741, longitude: 120.1551 })
    // The language the customer chose on this phone (the copied storage holds the first phone's Chinese).
    await en.addInitScript(() => window.localStorage.setItem('doorstep.locale', 'en'))
    await en.goto(`${server.url}/book/addresses/new`)
    await en.locator('[data-testid=area]').click()
    await en.locator('.van-cascader__option', { hasText: '上海' }).click()
    await en.locator('.van-cascader__option', { hasText: '浦东新区' }).click()
    await en.getByRole('button', { name: 'Use my location' }).click()
    await en
      .locator('[data-testid=located-warning]')
      .getByText('outside our service area')
      .waitFor()
    await calm(en)
    await look(en, 'portal-address-located-outside-en')
    await en.context().close()
  })
})
