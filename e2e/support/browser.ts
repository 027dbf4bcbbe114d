import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { chromium } from 'playwright-core'
import { ROOT } from './server.ts'
import { serveMapTiles } from './map-tiles.ts'

/**
 * Where the key screenshots go: the committed set in e2e/screenshots when DOORSTEP_UPDATE_SCREENSHOTS=1, else
 * e2e/.tmp/screenshots, so an ordinary test run leaves the working tree clean.
 */
export const SCREENSHOTS = path.join(
  ROOT,
  process.env.DOORSTEP_UPDATE_SCREENSHOTS === '1' ? 'e2e/screenshots' : 'e2e/.tmp/screenshots',
)

/**
 * Debian's Chromium (apt-get install chromium), headless; CHROMIUM_PATH points elsewhere when needed. `args`
 * adds switches, e.g. `--host-resolver-rules=MAP doorstep.lan 127.0.0.1` to open the server under a LAN name.
 */
export function launchBrowser(options: { args?: string[] } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.args ?? []),
    ],
  })
}

/** A desktop page; the browser's clock is in Shanghai unless `timezoneId` says otherwise. */
export async function newPage(
  browser: Browser,
  locale: 'zh-CN' | 'en' = 'zh-CN',
  timezoneId = 'Asia/Shanghai',
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale,
    timezoneId,
  })
  await serveMapTiles(context)
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  return page
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await settle(page)
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false })
}

/** Lets Element Plus transitions (tags fading in, menu highlight) finish so a screenshot shows the settled UI. */
export async function settle(page: Page) {
  await page.waitForTimeout(400)
}
