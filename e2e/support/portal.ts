import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { ApiClient } from '@doorstep/api-client'
import { createApiClient } from '@doorstep/api-client'
import { ROOT } from './server.ts'
import { serveMapTiles } from './map-tiles.ts'

const NODE = path.join(ROOT, 'node_modules/.bin/node')
const DIST = path.join(ROOT, 'apps/portal/dist')

/** Builds apps/portal when its dist is missing (`npm run test:e2e` builds it through scripts/build-web.mjs). */
export function ensurePortalBuilt() {
  if (existsSync(path.join(DIST, 'index.html'))) return
  const result = spawnSync(NODE, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: path.join(ROOT, 'apps/portal'),
    stdio: 'inherit',
  })
  if (result.status !== 0) throw new Error('building apps/portal failed')
}

/** A phone: 390×844 at 3x, touch, Chinese, Shanghai time. */
export async function newPhonePage(
  browser: Browser,
  locale: 'zh-CN' | 'en' = 'zh-CN',
  /** Another phone of the same customer: signed in already (its cookies), and its own time zone. */
  like?: { page: Page; timezoneId: string },
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    timezoneId: like?.timezoneId ?? 'Asia/Shanghai',
    ...(like ? { storageState: await like.page.context().storageState() } : {}),
  })
  await serveMapTiles(context)
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  return page
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
}

/**
 * Serves the built portal at /book/ (single-page fallback) on a free port, without the Doorstep server: for
 * screen checks against a fake API (`fakePortalApi`). Resolves to the base URL.
 */
export async function servePortalDist(): Promise<{ url: string; close: () => Promise<void> }> {
  ensurePortalBuilt()
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (!url.pathname.startsWith('/book/')) {
      res.writeHead(404).end()
      return
    }
    const rel = decodeURIComponent(url.pathname.slice('/book/'.length))
    let file = path.join(DIST, rel)
    if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory())
      file = path.join(DIST, 'index.html')
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' })
    res.end(readFileSync(file))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The newest code the dev SMS sender wrote for a phone (`<ISO time> <phone> <code>` lines). */
export function readDevSmsCode(dataDir: string, phone: string): string | null {
  const file = path.join(dataDir, 'dev-sms.log')
  if (!existsSync(file)) return null
  const lines = readFileSync(file, 'utf8').trim().split('\n').reverse()
  for (const line of lines) {
    const [, p, code] = line.trim().split(/\s+/)
    if (p === phone && code) return code
  }
  return null
}

export async function waitForDevSmsCode(
  dataDir: string,
  phone: string,
  timeoutMs = 10_000,
): Promise<string> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const code = readDevSmsCode(dataDir, phone)
    if (code) return code
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`no SMS code for ${phone} in ${dataDir}/dev-sms.log`)
}

/** Waits until Vant's toasts have faded, so a screenshot shows the screen rather than the last message. */
export async function calm(page: Page) {
  await page
    .locator('.van-toast')
    .filter({ visible: true })
    .first()
    .waitFor({ state: 'hidden', timeout: 4_000 })
    .catch(() => undefined)
}

/** Ticks the sign-in page's consent to the privacy notice, which the portal needs before it sends a code. */
export async function agreeToPrivacy(page: Page) {
  const box = page.locator('[data-testid=consent]')
  if ((await box.getAttribute('aria-checked')) !== 'true')
    await box.locator('.van-checkbox__icon').click()
}

/**
 * Signs a phone in on /book/sign-in (already open) with the code the development SMS sender wrote, names a
 * new customer (or skips naming, with `name` null), and leaves the page wherever the sign-in redirects.
 */
export async function signInOnPortal(
  page: Page,
  dataDir: string,
  phone: string,
  name: string | null,
) {
  await agreeToPrivacy(page)
  await page.locator('input[name=phone]').fill(phone)
  await page.locator('[data-testid=send-code]').click()
  await page.locator('[data-testid=send-code]', { hasText: /秒后重发|Resend in/ }).waitFor()
  await page.locator('input[name=code]').fill(await waitForDevSmsCode(dataDir, phone))
  await page.locator('[data-testid=sign-in]').click()
  await page.locator('[data-testid=save-name]').waitFor()
  if (name === null) return page.locator('[data-testid=skip-name]').click()
  await page.locator('input[name=name]').fill(name)
  await page.locator('[data-testid=save-name]').click()
}

export type BookingStep = 'address' | 'windows' | 'confirm' | 'booked'

/**
 * Books the service whose page (or the sign-in it led to) is open: signs in when asked, adds an address in Pudong, takes the first free
 * window `daysAhead` days from today and submits. `onStep` runs at each step (for screenshots). Resolves to
 * the order id.
 */
export async function bookOnPortal(
  page: Page,
  options: {
    dataDir: string
    phone: string
    name: string
    daysAhead?: number
    onStep?: (step: BookingStep) => Promise<void>
  },
): Promise<string> {
  const step = options.onStep ?? (() => Promise.resolve())
  if (!page.url().includes('/sign-in')) await page.locator('[data-testid=book]').click()
  await page.waitForURL(/\/book\/(sign-in\?redirect=|booking\/)/)
  if (page.url().includes('/sign-in'))
    await signInOnPortal(page, options.dataDir, options.phone, options.name)
  await page.waitForURL(/\/book\/booking\//)
  await page.locator('[data-testid=step-address]').waitFor()
  if (!(await page.locator('[data-testid=address-option]').count())) {
    await page.locator('[data-testid=add-address]').click()
    await page.locator('input[name=contactPhone]').fill(options.phone)
    await page.locator('[data-testid=area]').click()
    await page.locator('.van-cascader__option', { hasText: '上海' }).click()
    await page.locator('.van-cascader__option', { hasText: '浦东新区' }).click()
    await page.locator('textarea[name=detail]').fill('张杨路 500 号 3 栋 1201')
    await page.locator('[data-testid=save-address]').click()
    await page.waitForURL(/\/book\/booking\//)
  }
  await page.locator('[data-testid=address-option]').first().waitFor()
  await step('address')
  await page.locator('[data-testid=next]').click()
  await page.locator('[data-testid=next]').click()
  await page
    .locator('.picker__day')
    .nth(options.daysAhead ?? 2)
    .click()
  const free = page.locator('[data-testid=window][data-available=true]').first()
  await free.waitFor()
  await free.click()
  await step('windows')
  await page.locator('[data-testid=next]').click()
  await page.locator('[data-testid=submit-order]').waitFor()
  await step('confirm')
  await page.locator('[data-testid=submit-order]').click()
  await page.waitForURL(/\/book\/booked\/[0-9a-f-]{36}$/)
  await page.locator('[data-testid=booked-order-no]').waitFor()
  await step('booked')
  return page.url().split('/').pop()!
}

/** A staff member's API client on the real server (cookie and CSRF token), for steps no screen drives. */
export async function staffApi(
  baseUrl: string,
  login: string,
  password: string,
): Promise<ApiClient> {
  const cookies = new Map<string, string>()
  const session: { csrf?: string } = {}
  const client = createApiClient({
    baseUrl,
    csrfToken: () => session.csrf,
    fetch: async (input, init) => {
      const headers = new Headers(init?.headers)
      if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '))
      const response = await fetch(input, { ...init, headers })
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';')
        const at = pair.indexOf('=')
        if (at > 0) cookies.set(pair.slice(0, at), pair.slice(at + 1))
      }
      return response
    },
  })
  session.csrf = (await client.call('login', { body: { login, password } })).csrfToken
  return client
}

/** Takes an order from booking to completed as staff: pay on site, the held worker, accept, go, check in, done. */
export async function completeOrderAsStaff(staff: ApiClient, orderId: string) {
  let order = await staff.call('getOrder', { params: { id: orderId } })
  if (order.allowedEvents.includes('pay_on_site'))
    order = await staff.call('orderEvent', {
      params: { id: orderId },
      body: { event: 'pay_on_site' },
    })
  if (!order.workerId) throw new Error(`order ${order.orderNo} holds no worker to assign`)
  const workerId = order.workerId
  await staff.call('orderEvent', { params: { id: orderId }, body: { event: 'assign', workerId } })
  for (const event of ['accept', 'depart', 'check_in', 'complete'] as const)
    order = await staff.call('orderEvent', { params: { id: orderId }, body: { event } })
  return order
}

/**
 * Adds an address in Shanghai (Pudong's 张杨路 unless told otherwise) from a page with an "add address" button (the
 * address book, booking, plan), and comes back to it.
 */
export async function addAddressOnPortal(
  page: Page,
  phone: string,
  at: { district: string; detail: string } = {
    district: '浦东新区',
    detail: '张杨路 500 号 3 栋 1201',
  },
) {
  const back = page.url()
  await page.locator('[data-testid=add-address]').click()
  await page.locator('input[name=contactPhone]').fill(phone)
  await page.locator('[data-testid=area]').click()
  await page.locator('.van-cascader__option', { hasText: '上海' }).click()
  await page.locator('.van-cascader__option', { hasText: at.district }).click()
  await page.locator('textarea[name=detail]').fill(at.detail)
  await page.locator('[data-testid=save-address]').click()
  await page.waitForURL(back)
}
