import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { ROOT } from './server.ts'

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
export async function newPhonePage(browser: Browser, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    timezoneId: 'Asia/Shanghai',
  })
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
    if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(DIST, 'index.html')
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

export async function waitForDevSmsCode(dataDir: string, phone: string, timeoutMs = 10_000): Promise<string> {
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
