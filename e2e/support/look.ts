import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { settle } from './browser.ts'
import { ROOT } from './server.ts'

/** Working screenshots for looking at every screen (e2e/.tmp/look, not committed); key ones go to e2e/screenshots. */
export async function look(page: Page, name: string) {
  const dir = path.join(ROOT, 'e2e/.tmp/look')
  mkdirSync(dir, { recursive: true })
  await settle(page)
  await page.screenshot({ path: path.join(dir, `${name}.png`) })
}
