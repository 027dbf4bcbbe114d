import type { Page } from 'playwright-core'

/** Page helpers that speak the console's UI: Element Plus widgets and the app's test ids. */

export async function signIn(page: Page, baseUrl: string, login: string, password: string) {
  await page.goto(`${baseUrl}/admin/sign-in`)
  await page.locator('input[name=login]').fill(login)
  await page.locator('input[name=password]').fill(password)
  await page.locator('[data-testid=sign-in]').click()
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'))
}

export async function signOut(page: Page) {
  await page.locator('[data-testid=user-menu]').click()
  await page.locator('.el-dropdown-menu__item', { hasText: /退出登录|Sign out/ }).click()
  await page.waitForURL((url) => url.pathname.endsWith('/sign-in'))
}

/**
 * Opens an Element Plus select (test id `testId`, popper class `<testId>-popper`) and clicks the option whose
 * first text is exactly `label`, or the first option when `label` is null.
 */
export async function chooseOption(page: Page, testId: string, label: string | null) {
  await page.locator(`[data-testid=${testId}]`).click()
  const options = page.locator(`.${testId}-popper .el-select-dropdown__item`)
  const option = label
    ? options.filter({ has: page.locator('span', { hasText: new RegExp(`^${escape(label)}$`) }) }).first()
    : options.first()
  await option.click()
}

/** Closes an open select popper (multi-selects stay open) by clicking a neutral element, not Escape,
 * which would also close a dialog. */
export async function closePoppers(page: Page, neutral = '.ds-page-header h1, .el-dialog__header') {
  await page.locator(neutral).last().click()
}

/** The side menu's entries, by route path. */
export async function menuPaths(page: Page): Promise<string[]> {
  const items = await page.locator('[data-testid=side-menu] [data-menu]').all()
  return Promise.all(items.map(async (item) => (await item.getAttribute('data-menu')) ?? ''))
}

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
