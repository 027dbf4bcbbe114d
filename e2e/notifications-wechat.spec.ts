import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from './support/server.ts'
import { startServer } from './support/server.ts'
import { launchBrowser, newPage, screenshot } from './support/browser.ts'
import { signIn } from './support/console.ts'
import { bookOnPortal, calm, ensurePortalBuilt, newPhonePage, signInOnPortal } from './support/portal.ts'

/** A local stand-in for api.weixin.qq.com: one login code, and every subscription message accepted. */
const sent: Array<{ touser: string; template_id: string }> = []
const fake = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://fake')
  let raw = ''
  request.on('data', (chunk: Buffer) => (raw += chunk.toString()))
  request.on('end', () => {
    response.setHeader('content-type', 'application/json')
    if (url.pathname === '/cgi-bin/token') return response.end(JSON.stringify({ access_token: 't', expires_in: 7200 }))
    if (url.pathname === '/sns/jscode2session')
      return response.end(
        JSON.stringify(url.searchParams.get('js_code') === 'code-e2e' ? { openid: 'o-e2e' } : { errcode: 40029, errmsg: 'invalid code' }),
      )
    sent.push(JSON.parse(raw) as { touser: string; template_id: string })
    response.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }))
  })
})

/**
 * WeChat notices end to end: a customer sees where binding happens, binds with the code a mini program passes,
 * books and gets the booking by WeChat, clears the inbox with one tap; operations see the delivery by name.
 */
describe('WeChat binding, mark all read and the delivery log', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  const phone = `138${String(Date.now()).slice(-8)}`

  beforeAll(async () => {
    ensurePortalBuilt()
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve))
    Object.assign(process.env, {
      DOORSTEP_WECHAT_APP_ID: 'wx-e2e',
      DOORSTEP_WECHAT_APP_SECRET: 'secret',
      DOORSTEP_WECHAT_API_URL: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`,
      DOORSTEP_WECHAT_NOTICE_TEMPLATES: JSON.stringify({
        booking_confirmed: { templateId: 'TPL-BOOKED', data: { character_string1: 'orderNo', thing2: 'serviceName', time3: 'windowStart' } },
      }),
      DOORSTEP_NOTIFY_INTERVAL_MS: '1000',
    })
    server = await startServer()
    browser = await launchBrowser()
    page = await newPhonePage(browser)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await new Promise<void>((resolve) => fake.close(() => resolve()))
  })

  it('should say binding happens in the mini program when the page is opened in a browser', async () => {
    await page.goto(`${server.url}/book/notices/settings`)
    await page.waitForURL(/\/book\/sign-in\?redirect=/)
    await signInOnPortal(page, server.dataDir, phone, '周女士')
    await page.waitForURL(/\/book\/notices\/settings/)
    await page.locator('[data-testid=wechat-not-bound]').waitFor()
    await expect(page.locator('[data-testid=wechat-binding]').getAttribute('data-offer')).resolves.toBe('in_mini_program')
    await expect(page.locator('[data-testid=wechat-offer]').innerText()).resolves.toContain('微信小程序')
    await expect(page.locator('[data-testid=pref-wechat]').getAttribute('class')).resolves.toContain('van-switch--disabled')
    await calm(page)
    await screenshot(page, 'portal-40-wechat-not-bound')
  })

  it('should bind with the code the mini program passes, and turn WeChat notices on', async () => {
    await page.goto(`${server.url}/book/notices/settings?wxcode=code-e2e`)
    await page.locator('[data-testid=wechat-bind]').waitFor()
    await calm(page)
    await screenshot(page, 'portal-41-wechat-bind-offered')
    await page.locator('[data-testid=wechat-bind]').click()
    await page.locator('[data-testid=wechat-bound]').waitFor()
    await page.waitForURL((url) => !url.search.includes('wxcode'))
    await page.locator('[data-testid=pref-wechat][aria-checked=true]').waitFor()
    await calm(page)
    await screenshot(page, 'portal-42-wechat-bound')
  })

  it('should send the booking by WeChat and clear every unread notice with one tap', async () => {
    await page.goto(`${server.url}/book/`)
    await page.locator('[data-testid=service-CLEAN-DAILY]').click()
    await bookOnPortal(page, { dataDir: server.dataDir, phone, name: '周女士' })
    await page.goto(`${server.url}/book/notices`)
    await page.locator('[data-testid=unread-count]').waitFor({ timeout: 30_000 })
    await calm(page)
    await screenshot(page, 'portal-43-notices-unread')
    await page.locator('[data-testid=read-all]').click()
    await page.locator('[data-testid=unread-count]').waitFor({ state: 'detached' })
    await expect(page.locator('[data-testid=notice][data-read=false]').count()).resolves.toBe(0)
    await page.reload()
    await page.locator('[data-testid=notice]').first().waitFor()
    await expect(page.locator('[data-testid=notice][data-read=false]').count()).resolves.toBe(0)
    await calm(page)
    await screenshot(page, 'portal-44-notices-all-read')
    await expect.poll(() => sent.length, { timeout: 20_000 }).toBeGreaterThan(0)
    expect(sent[0]).toMatchObject({ touser: 'o-e2e', template_id: 'TPL-BOOKED' })
  })

  it("should list deliveries with the customer's name, linking to the customer", async () => {
    const desk = await newPage(browser)
    await signIn(desk, server.url, 'admin', server.adminPassword)
    await desk.goto(`${server.url}/admin/ops/deliveries`)
    const name = desk.locator('[data-testid=delivery-customer]', { hasText: '周女士' })
    await name.first().waitFor()
    const wechatSent = desk.locator('[data-testid=deliveries-table] tr', { hasText: '周女士' }).filter({ hasText: '微信' })
    await expect(wechatSent.first().innerText()).resolves.toContain('已发送')
    await screenshot(desk, '23-deliveries-customer-names')
    await name.first().click()
    await desk.waitForURL(/\/admin\/customers\/[0-9a-f-]{36}$/)
  })
})
