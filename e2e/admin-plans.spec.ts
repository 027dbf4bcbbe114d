import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from './support/server.ts'
import { startServer } from './support/server.ts'
import { launchBrowser, newPage, screenshot } from './support/browser.ts'
import { look } from './support/look.ts'
import { chooseOption, menuPaths, signIn } from './support/console.ts'
import { staffApi } from './support/portal.ts'

/** Waits until Element Plus's toasts have faded, so a screenshot shows the screen rather than the last message. */
async function quiet(page: Page) {
  await expect.poll(() => page.locator('.el-message').count(), { timeout: 8_000 }).toBe(0)
}

const visitRows = (page: Page) =>
  page.locator('[data-testid=visits-table] .el-table__body-wrapper .el-table__row')
const statuses = (page: Page) =>
  page.locator('[data-testid=visits-table] [data-testid=visit-status]').allInnerTexts()

describe('recurring plans and notification deliveries in the console', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  let customerName = ''
  let serviceName = ''
  let leastAmount: string | null = null
  let movedWindow = ''
  let planUrl = ''

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    page = await newPage(browser)
    // A demo customer who has been served before, and that service: the plan repeats it.
    const staff = await staffApi(server.url, 'admin', server.adminPassword)
    const done = (await staff.call('listOrders', { query: { status: 'completed', limit: 5 } }))
      .items
    const order = await staff.call('getOrder', { params: { id: done[0]!.id } })
    customerName = (await staff.call('getCustomer', { params: { id: order.customerId } })).name
    serviceName = order.serviceName
    const item = await staff.call('getServiceItem', { params: { id: order.serviceItemId } })
    // The least the plan form's amount takes (whole units for a per-unit item, one decimal otherwise).
    if (item.pricing.kind !== 'fixed') {
      const least = Math.max(
        item.pricing.kind === 'per_unit' ? 1 : 0.5,
        item.pricing.minQuantityMilli / 1000,
      )
      leastAmount = item.pricing.kind === 'per_unit' ? String(least) : least.toFixed(1)
    }
    await signIn(page, server.url, 'admin', server.adminPassword)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('should offer recurring plans and the notification log in the menu', async () => {
    expect(await menuPaths(page)).toEqual(expect.arrayContaining(['/plans', '/ops/deliveries']))
  })

  it('should build the rule from the form, check it before sending, and book the visits', async () => {
    await page.locator('[data-menu="/plans"]').click()
    await page.locator('[data-testid=new-plan]').click()
    await page.waitForURL(/\/plans\/new$/)

    await page.locator('[data-testid=plan-customer-select] input').fill(customerName)
    await page
      .locator('.plan-customer-select-popper .el-select-dropdown__item', { hasText: customerName })
      .first()
      .click()
    await page.locator('[data-testid=plan-customer]', { hasText: customerName }).waitFor()
    await page.locator('[data-testid=plan-address].is-checked').waitFor()
    // Cats are fed whole, at least one, and no more than one day's visit holds (45 min, 15 more a cat: 94).
    await chooseOption(page, 'plan-service-select', '上门喂猫')
    const cats = page.locator('[data-testid=plan-quantity] input')
    for (const [typed, kept] of [
      ['0.1', '1'],
      ['500', '94'],
    ]) {
      await cats.fill(typed!)
      await cats.blur()
      await expect(cats.inputValue()).resolves.toBe(kept)
    }
    await chooseOption(page, 'plan-service-select', serviceName)
    // The amount keeps to what the server takes: not below the item's minimum (it went down to half a unit).
    if (leastAmount) {
      const quantity = page.locator('[data-testid=plan-quantity] input')
      await quantity.fill('0.1')
      await quantity.blur()
      await expect(quantity.inputValue()).resolves.toBe(leastAmount)
    } else await expect(page.locator('[data-testid=plan-quantity]').count()).resolves.toBe(0)

    // No weekday chosen: the form says so under the field and sends nothing.
    const weekdays = page.locator('[data-testid=plan-weekdays] .el-checkbox-button')
    await page.locator('[data-testid=plan-weekdays] .el-checkbox-button.is-checked').click()
    await page.locator('[data-testid=submit-plan]').click()
    await page.getByText('请至少选择一天').waitFor()
    await look(page, 'plan-form-no-weekday')

    // Every Wednesday, 4 visits, 10:00–12:00, 10 % off.
    await weekdays.nth(2).click()
    await page.locator('[data-testid=plan-count] input').fill('4')
    await page.locator('[data-testid=plan-count] input').blur()
    await page.locator('[data-testid=plan-discount] input').fill('10')
    await page.locator('[data-testid=plan-discount] input').blur()
    await expect(page.locator('[data-testid=plan-rule-summary]').innerText()).resolves.toBe(
      '每周三 10:00–12:00，共 4 次',
    )
    await look(page, 'plan-form-filled')

    await page.locator('[data-testid=submit-plan]').click()
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/)
    planUrl = page.url()
    await page.locator('[data-testid=plan-status]', { hasText: '进行中' }).waitFor()
    // The amount in the item's own word, as the form took it ('3 小时', '60 平方米', '1 只').
    // A fixed-price service has no amount to show.
    if (leastAmount)
      await expect
        .poll(() => page.locator('[data-testid=plan-quantity]').innerText())
        .toMatch(new RegExp(`^${Number(leastAmount)} (小时|平方米|件|次|台|间|扇|位|只|个|套)$`))
    else await expect(page.locator('[data-testid=plan-quantity]').count()).resolves.toBe(0)
    await expect(page.locator('[data-testid=plan-title]').innerText()).resolves.toBe(
      '每周三 10:00–12:00，共 4 次',
    )
    await expect.poll(() => visitRows(page).count()).toBe(4)
    // Booked as real orders where a worker is free, each with its order number.
    expect((await statuses(page)).filter((s) => s === '已预约').length).toBeGreaterThan(0)
    expect(await page.locator('[data-testid=visit-order]').count()).toBeGreaterThan(0)
    // Who it is for, and what a visit costs after the 10 % series discount.
    await expect(page.locator('[data-testid=plan-customer]').innerText()).resolves.toBe(
      customerName,
    )
    await expect(page.locator('[data-testid=plan-price]').innerText()).resolves.toMatch(
      /^¥[\d,]+\.\d{2}$/,
    )
    await expect(page.locator('[data-testid=plan-discount]').innerText()).resolves.toMatch(
      /^10%（每次 -¥[\d,]+\.\d{2}）$/,
    )
  })

  it('should skip one visit and move another to a later window', async () => {
    const booked = () =>
      visitRows(page).filter({
        has: page.locator('[data-testid=visit-status]', { hasText: '已预约' }),
      })
    await quiet(page)
    // A visit with no worker free stays listed (with its reason); skip the first booked one.
    const at = (await statuses(page)).indexOf('已预约')
    await booked().first().locator('[data-testid=visit-skip]').click()
    await page.locator('.el-message-box input').fill('客户出差')
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await expect.poll(async () => (await statuses(page))[at]).toBe('已跳过')
    await expect(
      visitRows(page).nth(at).locator('[data-testid=visit-reason]').innerText(),
    ).resolves.toBe('客户出差')

    const next = booked().first()
    await next.locator('[data-testid=visit-change]').click()
    const dialog = page.locator('[data-testid=change-visit-dialog]')
    // Another window where a worker is free: a taken one keeps the dialog open with the server's reason.
    let moved = ''
    for (const window of ['15:00–17:00', '13:00–15:00', '08:00–10:00', '17:00–19:00']) {
      await dialog
        .locator('[data-testid=change-window] .el-radio-button', { hasText: window })
        .click()
      if (!moved) await look(page, 'plan-change-visit')
      await dialog.locator('[data-testid=save-change]').click()
      const closed = await dialog
        .waitFor({ state: 'hidden', timeout: 20_000 })
        .then(() => true)
        .catch(() => false)
      if (closed) {
        moved = window
        movedWindow = window
        break
      }
      await look(page, `plan-change-refused-${window.slice(0, 2)}`)
    }
    expect(moved).not.toBe('')
    await expect
      .poll(async () =>
        (await page.locator('[data-testid=visit-window]').allInnerTexts()).some((w) =>
          w.includes(moved),
        ),
      )
      .toBe(true)
    await page.locator('.el-message', { hasText: '已调整' }).waitFor()
    await quiet(page)
    await screenshot(page, '21-plan-detail')
  })

  it('should pause the plan after confirmation and resume it', async () => {
    await quiet(page)
    await page.locator('[data-testid=plan-pause]').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('[data-testid=plan-status]', { hasText: '已暂停' }).waitFor()
    await expect(page.locator('[data-testid=visit-skip]').count()).resolves.toBe(0)
    await quiet(page)
    await page.locator('[data-testid=plan-resume]').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('[data-testid=plan-status]', { hasText: '进行中' }).waitFor()
    // Resuming books the cancelled visits again, each at its own window: the one moved alone stays moved.
    await expect.poll(async () => (await statuses(page)).includes('已预约')).toBe(true)
    await page.locator('.el-message', { hasText: '计划已恢复' }).waitFor()
    await expect
      .poll(async () =>
        (await page.locator('[data-testid=visit-window]').allInnerTexts()).some((w) =>
          w.includes(movedWindow),
        ),
      )
      .toBe(true)
    await quiet(page)
  })

  it('should retry a visit no worker can take, and say it is still unavailable', async () => {
    // Eight hours of cleaning from 17:00 fit no worker's shift: every visit is unavailable. (The plan above
    // repeats whichever service the demo served first, which may be shorter.)
    const staff = await staffApi(server.url, 'admin', server.adminPassword)
    const plan = await staff.call('getPlan', { params: { id: page.url().split('/').pop()! } })
    const [hourly] = (
      await staff.call('listServiceItems', { query: { q: 'CLEAN-DAILY', limit: 1 } })
    ).items
    const [y, m, d] = plan.visits[0]!.date.split('-').map(Number) as [number, number, number]
    const later = new Date(Date.UTC(y, m - 1, d + 3)).toISOString().slice(0, 10)
    const none = await staff.call('createPlan', {
      body: {
        customerId: plan.customerId,
        addressId: plan.addressId,
        serviceItemId: hourly!.id,
        quantityMilli: 8000,
        addons: [],
        rrule: 'FREQ=WEEKLY;COUNT=2',
        startDate: later,
        windowHour: 17,
        discountPercent: 0,
        payOnSite: true,
        notes: '',
      },
    })
    await page.goto(`${server.url}/admin/plans/${none.id}`)
    await page.locator('[data-testid=visit-retry]').first().waitFor()
    await expect(page.locator('[data-testid=visit-attempts]').first().innerText()).resolves.toBe(
      '已尝试 1 次',
    )
    await page.locator('[data-testid=visit-retry]').first().click()
    await page.locator('.el-message', { hasText: '仍没有空闲的师傅' }).waitFor()
    await expect(page.locator('[data-testid=visit-attempts]').first().innerText()).resolves.toBe(
      '已尝试 2 次',
    )
    await quiet(page)
    await screenshot(page, '23-plan-unavailable-retry')
  })

  it('should list the plan with its customer and schedule', async () => {
    await page.locator('[data-menu="/plans"]').click()
    const row = page.locator('[data-testid=plans-table] .el-table__row', {
      hasText: '每周三 10:00–12:00，共 4 次',
    })
    await row.waitFor()
    await row.getByText(customerName).waitFor()
    await expect(row.locator('[data-testid=plan-status]').innerText()).resolves.toBe('进行中')
    await expect(row.locator('[data-testid=plan-price]').innerText()).resolves.toMatch(
      /^¥[\d,]+\.\d{2}$/,
    )
    await screenshot(page, '20-plans-list')

    // The office's to-do: only plans with a visit ahead that no worker could take (the 17:00 one above);
    // the plans booked in full leave the list.
    const rows = page.locator('[data-testid=plans-table] .el-table__row')
    const all = await rows.count()
    await page.locator('[data-testid=plans-unavailable]').click()
    await expect.poll(() => rows.count()).toBeLessThan(all)
    await rows.filter({ hasText: '17:00–19:00' }).first().waitFor()
    await look(page, 'plans-unavailable')
    await page.locator('[data-testid=plans-unavailable]').click()
    await row.waitFor()
  })

  it('should move this and later visits to another weekday: the plan ends, a new plan carries on', async () => {
    await page.goto(planUrl)
    const rows = visitRows(page).filter({ has: page.locator('[data-testid=visit-change]') })
    await rows.last().waitFor()
    await rows.last().locator('[data-testid=visit-change]').click()
    const dialog = page.locator('[data-testid=change-visit-dialog]')
    await dialog
      .locator('[data-testid=change-scope] .el-radio', { hasText: '这一次及以后所有' })
      .click()
    await dialog.locator('[data-testid=change-rule]').click()
    // Starts from the plan's own rule: Wednesdays, as many visits as are left.
    const days = dialog.locator('[data-testid=plan-weekdays] .el-checkbox-button')
    await expect(
      dialog.locator('[data-testid=plan-weekdays] .el-checkbox-button.is-checked').innerText(),
    ).resolves.toBe('周三')
    // No weekday: the dialog says so and sends nothing.
    await days.nth(2).click()
    await dialog.locator('[data-testid=save-change]').click()
    await dialog.getByText('请至少选择一天').waitFor()
    await days.nth(3).click()
    await expect(dialog.locator('[data-testid=change-split-note]').innerText()).resolves.toMatch(
      /自 \d{4}-\d{2}-\d{2} 起改为：每周四/,
    )
    await look(page, 'plan-change-rule')
    await dialog.locator('[data-testid=save-change]').click()
    await page.waitForURL(
      (url) => url.toString() !== planUrl && /\/plans\/[0-9a-f-]{36}$/.test(url.toString()),
    )
    await page.locator('[data-testid=plan-previous]').waitFor()
    await expect(page.locator('[data-testid=plan-title]').innerText()).resolves.toMatch(/^每周四 /)
    await quiet(page)
    await screenshot(page, '24-plan-carried-on')
    // The earlier plan leads to the new one; its visits from that date on were cancelled, saying why.
    await page.locator('[data-testid=plan-previous] a').click()
    await page.waitForURL(planUrl)
    await page.locator('[data-testid=plan-next]').waitFor()
    await page.getByText('重复规则更改，改由接续计划安排').first().waitFor()
    await look(page, 'plan-ended-by-change')
    // The list says which plan carries on which.
    await page.locator('[data-menu="/plans"]').click()
    await page
      .locator('[data-testid=plan-continuation]', { hasText: '接续此前的计划' })
      .first()
      .waitFor()
    await page
      .locator('[data-testid=plan-continuation]', { hasText: '之后由新计划接续' })
      .first()
      .waitFor()
    await look(page, 'plans-continuation')
  })

  it('should show notification deliveries to operations, with filters', async () => {
    await page.locator('[data-menu="/ops/deliveries"]').click()
    const table = page.locator('[data-testid=deliveries-table]')
    // The relay writes a notice per booking within seconds.
    await expect
      .poll(
        async () => {
          await page.locator('.ds-filters button[aria-label]').click()
          return table.locator('.el-table__row').count()
        },
        { timeout: 30_000, interval: 2_000 },
      )
      .toBeGreaterThan(0)
    await chooseOption(page, 'deliveries-channel', '站内')
    await expect
      .poll(async () => [
        ...new Set(await table.locator('.el-table__row td:nth-child(4)').allInnerTexts()),
      ])
      .toEqual(['站内'])
    await chooseOption(page, 'deliveries-channel', '全部渠道')
    // The customer is found by name (the picker searches the server), and the list is theirs alone.
    await page.locator('[data-testid=deliveries-customer] input').fill(customerName)
    await page
      .locator('.el-select-dropdown__item:visible', { hasText: customerName })
      .first()
      .click()
    await expect
      .poll(async () => [
        ...new Set(await table.locator('[data-testid=delivery-customer]').allInnerTexts()),
      ])
      .toEqual([customerName])
    await page.locator('.ds-filters .el-date-editor--daterange').click()
    await page.locator('.el-picker-panel__shortcut:visible', { hasText: '近 7 天' }).click()
    await expect.poll(() => table.locator('.el-table__row').count()).toBeGreaterThan(0)
    await look(page, 'deliveries-customer-range')
    await page.locator('.ds-filters').getByRole('button', { name: '重置' }).click()
    await screenshot(page, '22-deliveries')
  })
})
