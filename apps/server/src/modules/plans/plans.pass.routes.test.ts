import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { eq } from 'drizzle-orm'
import { systemContext } from '../../platform/auth/system-context.ts'
import { fixedClock } from '../../platform/clock.ts'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import {
  auditCount,
  call,
  createTestEnv,
  login,
  loginCustomer,
  seedBusinessFixture,
  seedTenant,
  tomorrow,
} from '../../test-support/harness.ts'
import { addDays } from '@doorstep/domain'
import { MAX_BOOKING_ATTEMPTS } from './plans.model.ts'
import { planVisit, servicePlan } from './plans.tables.ts'

interface Visit {
  date: string
  windowStart: string
  status: string
  orderId: string | null
  reason: string | null
  attempts: number
}
interface Plan {
  id: string
  status: string
  bookedUntil: string | null
  visitPrice: { subtotalFen: number; seriesDiscountFen: number; totalFen: number } | null
  visits: Visit[]
}
interface Delivery {
  id: string
  eventType: string
  template: string
  channel: string
}

/**
 * The plan's hourly pass and its notices, with one worker: what the pass books, retries and leaves alone,
 * and what the customer is told.
 */
const clock = fixedClock(new Date())
let env: TestEnv
let t: Seeded
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>
let staff: Session

const first = tomorrow()
const weekday = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][
  new Date(`${first}T00:00:00Z`).getUTCDay()
]!
const body = (extra: Record<string, unknown> = {}) => ({
  customerId: fx.customer,
  addressId: fx.addressId,
  serviceItemId: fx.item,
  quantityMilli: 2000,
  rrule: `FREQ=WEEKLY;BYDAY=${weekday};COUNT=1`,
  startDate: first,
  windowHour: 8,
  ...extra,
})
const create = async (extra: Record<string, unknown> = {}) => {
  const res = await call(env, staff, 'POST', '/api/v1/plans', body(extra))
  expect(res.statusCode, res.body).toBe(201)
  return res.json<Plan>()
}
const get = async (id: string) =>
  (await call(env, staff, 'GET', `/api/v1/plans/${id}`)).json<Plan>()
const deliveries = async () =>
  (
    await call(
      env,
      staff,
      'GET',
      `/api/v1/notifications/deliveries?customerId=${fx.customer}&limit=100`,
    )
  ).json<{ items: Delivery[] }>().items
const pass = () => env.core.plans.service.runOnce()

beforeAll(async () => {
  env = await createTestEnv({ clock })
  t = await seedTenant(env)
  // One worker, already booked tomorrow 08:00–10:00 (the fixture's order).
  fx = await seedBusinessFixture(env, t, { workers: 1 })
  staff = await login(env, t.adminLogin)
  await env.core.notifications.service.runOnce()
})
afterAll(() => env.close())

describe('recurring plans: one notice per plan', () => {
  it('should tell the customer once that the plan is booked, with the service, the rule and the first visit', async () => {
    const before = new Set((await deliveries()).map((d) => d.id))
    const plan = await create({ rrule: `FREQ=WEEKLY;BYDAY=${weekday};COUNT=4`, windowHour: 13 })
    expect(plan.visits.map((v) => v.status)).toEqual(['booked', 'booked', 'booked', 'booked'])
    await env.core.notifications.service.runOnce()
    const fresh = (await deliveries()).filter((d) => !before.has(d.id))
    expect(fresh.map((d) => `${d.eventType} ${d.template} ${d.channel}`).sort()).toEqual([
      'plan.created plan_booked in_app',
      'plan.created plan_booked sms',
    ])

    const phone = (await env.core.customers.service.reveal(systemContext(t.tenantId), fx.customer))
      .phone
    const customer = await loginCustomer(env, t, phone)
    const inbox = async (lang: string) =>
      (
        await call(env, customer, 'GET', '/api/v1/portal/notifications', undefined, {
          'accept-language': lang,
        })
      ).json<{ items: Array<{ template: string; title: string; body: string }> }>().items[0]!
    const zh = await inbox('zh-CN')
    expect(zh.template).toBe('plan_booked')
    expect(zh.title).toBe('周期服务已预约')
    expect(zh.body).toMatch(/^您的日常保洁周期服务（每周.，共 4 次）已预约，首次上门 .+ 13:00。$/)
    expect((await inbox('en')).body).toMatch(
      /^Your 日常保洁 plan \(Every \w+day, 4 visits\) is booked; first visit .+ 13:00\.$/,
    )
  })
})

describe('recurring plans: visits no worker could take', () => {
  let retried: Plan

  it('should try an unavailable visit again each pass, keeping the reason, and book it once the worker is free', async () => {
    const plan = await create()
    expect(plan.visits).toMatchObject([
      { status: 'unavailable', reason: 'slot_taken', attempts: 1 },
    ])
    // The office's to-do list holds this plan, not the one booked in full.
    const waiting = async (only: boolean) =>
      (await call(env, staff, 'GET', `/api/v1/plans?unavailable=${only}`))
        .json<{ items: Plan[] }>()
        .items.map((p) => p.id)
    expect(await waiting(true)).toEqual([plan.id])
    expect(await waiting(false)).not.toContain(plan.id)

    expect(await pass()).toMatchObject({ retried: 0, failed: 0 })
    expect((await get(plan.id)).visits).toMatchObject([
      { status: 'unavailable', reason: 'slot_taken', attempts: 2 },
    ])

    const cancel = await call(env, staff, 'POST', `/api/v1/orders/${fx.order}/events`, {
      event: 'cancel',
      reason: '客户改期',
    })
    expect(cancel.statusCode, cancel.body).toBe(200)
    expect(await pass()).toMatchObject({ retried: 1, failed: 0 })
    retried = await get(plan.id)
    const visit = retried.visits[0]!
    expect(visit).toMatchObject({ status: 'booked', reason: null })
    expect(await waiting(true)).toEqual([])
    const order = (await call(env, staff, 'GET', `/api/v1/orders/${visit.orderId}`)).json<{
      workerId: string
      windowStart: string
    }>()
    expect(order.workerId).toBe(fx.worker)
    expect(order.windowStart).toBe(visit.windowStart)
  })

  it('should stop retrying after the last attempt, and let staff retry by hand', async () => {
    // The worker now has the retried visit at 08:00: this one cannot be booked.
    const plan = await create()
    const date = plan.visits[0]!.date
    expect(plan.visits[0]!.status).toBe('unavailable')
    await env.core.database.tenant(t.tenantId, (tx) =>
      tx
        .update(planVisit)
        .set({ attempts: MAX_BOOKING_ATTEMPTS })
        .where(eq(planVisit.planId, plan.id)),
    )
    const still = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/retry`, { date })
    expect(still.statusCode, still.body).toBe(200)
    expect(still.json<Plan>().visits[0]).toMatchObject({
      status: 'unavailable',
      reason: 'slot_taken',
      attempts: MAX_BOOKING_ATTEMPTS + 1,
    })

    // Free the worker: the pass no longer tries this visit, staff still can.
    const skip = await call(env, staff, 'POST', `/api/v1/plans/${retried.id}/skip`, { date })
    expect(skip.statusCode, skip.body).toBe(200)
    expect(await pass()).toMatchObject({ retried: 0 })
    expect((await get(plan.id)).visits[0]!.status).toBe('unavailable')
    const audits = await auditCount(env, t.tenantId)
    const res = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/retry`, { date })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json<Plan>().visits[0]).toMatchObject({ status: 'booked', reason: null })
    expect(await auditCount(env, t.tenantId)).toBeGreaterThan(audits)

    const again = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/retry`, { date })
    expect(again.statusCode).toBe(409)
    expect(again.json<{ code: string; errors: Array<{ field: string }> }>()).toMatchObject({
      code: 'VISIT_NOT_RETRYABLE',
      errors: [{ field: 'body.date' }],
    })
    const wrong = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/retry`, {
      date: addDays(date, 1),
    })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json<{ code: string }>().code).toBe('NOT_A_PLAN_DATE')
    const bad = await call(
      env,
      staff,
      'POST',
      `/api/v1/plans/${plan.id}/retry`,
      {
        date: 'tomorrow',
      },
      { 'accept-language': 'en' },
    )
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe('body.date')
  })
})

describe('recurring plans: the hourly pass', () => {
  it("should extend each plan in its own transaction (one that fails is logged, the others go on) and keep a withdrawn service's visits waiting", async () => {
    const ctx = systemContext(t.tenantId)
    const item = await env.core.catalog.service.createItem(ctx, {
      categoryId: (await env.core.catalog.service.getItem(ctx, fx.item)).categoryId,
      code: 'WINDOWS',
      name: '擦窗',
      description: '',
      photos: [],
      pricing: { kind: 'fixed', priceFen: 12000 },
      addons: [],
      durationMinutes: 60,
      durationPerUnitSeconds: 0,
      skills: ['cleaning'],
      tools: [],
      deposit: { kind: 'none' },
      changePolicy: { freeUntilHours: 24, fee: { kind: 'fixed', amountFen: 0 } },
      urgentFeeFen: 0,
      warrantyDays: 0,
      status: 'published',
      projectOverrides: [],
    })
    const failing = await create({
      serviceItemId: item.id,
      quantityMilli: 0,
      rrule: `FREQ=WEEKLY;BYDAY=${weekday}`,
      windowHour: 10,
    })
    // Ten sofas an hour at first; then the item's time per sofa is raised past what a day holds.
    const {
      id: _id,
      priceVersion: _p,
      version: _v,
      updatedAt: _u,
      ...windows
    } = await env.core.catalog.service.getItem(ctx, item.id)
    const sofa = await env.core.catalog.service.createItem(ctx, {
      ...windows,
      code: 'SOFA',
      name: '沙发清洗',
      pricing: { kind: 'per_unit', unit: 'seat', unitFen: 10000, minQuantityMilli: 1000 },
      durationPerUnitSeconds: 0,
    })
    const growing = await create({
      serviceItemId: sofa.id,
      quantityMilli: 10_000,
      rrule: `FREQ=WEEKLY;BYDAY=${weekday}`,
      windowHour: 8,
    })
    const going = await create({ rrule: `FREQ=WEEKLY;BYDAY=${weekday}`, windowHour: 15 })
    const broken = await create({ rrule: `FREQ=WEEKLY;BYDAY=${weekday}`, windowHour: 13 })
    // As if its rule had been damaged in storage: extending it throws.
    await env.core.database.tenant(t.tenantId, (tx) =>
      tx.update(servicePlan).set({ rrule: 'FREQ=NEVER' }).where(eq(servicePlan.id, broken.id)),
    )
    expect(failing.visitPrice).toEqual({
      subtotalFen: 12000,
      seriesDiscountFen: 0,
      totalFen: 12000,
    })
    const { version } = await env.core.catalog.service.getItem(ctx, item.id)
    await env.core.catalog.service.updateItem(ctx, item.id, { status: 'draft' }, [version])
    await env.core.catalog.service.updateItem(
      ctx,
      sofa.id,
      { durationPerUnitSeconds: 4 * 3600 },
      undefined,
    )

    const errors = vi.spyOn(env.core.log, 'error')
    clock.advance(7 * 86_400_000)
    staff = await login(env, t.adminLogin)
    // What the tests above did is told now (a visit booked on retry is news); then only the pass's own.
    await env.core.notifications.service.runOnce()
    const before = await deliveries()
    expect((await pass()).failed).toBe(1)
    expect(errors).toHaveBeenCalledWith(
      expect.objectContaining({ planId: broken.id }),
      expect.stringContaining('plan booking pass failed'),
    )
    errors.mockRestore()
    expect((await get(going.id)).bookedUntil).toBe(addDays(first, 34))
    // A service taken off the list: its new visit waits, saying why, and the plan moves on with the calendar.
    const withdrawn = await get(failing.id)
    expect(withdrawn.bookedUntil).toBe(addDays(first, 34))
    expect(withdrawn.visits.at(-1)).toMatchObject({ status: 'unavailable', reason: 'not_offered' })
    // It has no price, and the plan is still shown.
    expect(withdrawn.visitPrice).toBeNull()
    // A visit the item's new time per sofa makes longer than a day waits too, saying so; it does not fail the plan.
    expect((await get(growing.id)).visits.at(-1)).toMatchObject({
      status: 'unavailable',
      reason: 'visit_too_long',
    })

    // The visits the pass booked tell the customer nothing new.
    await env.core.notifications.service.runOnce()
    const fresh = (await deliveries()).filter((d) => !before.some((b) => b.id === d.id))
    expect(fresh.filter((d) => d.template === 'booking_confirmed')).toEqual([])
  })

  it('should go on booking the visits of a live plan in a project switched off, which takes no new plan', async () => {
    // The clock is a week on (the test above).
    const plan = await create({
      rrule: `FREQ=WEEKLY;BYDAY=${weekday}`,
      // 10:00 is free from the fifth week on: the withdrawn service's plan books no more there.
      windowHour: 10,
      startDate: addDays(first, 7),
    })
    const setActive = (active: boolean) =>
      call(env, staff, 'PATCH', `/api/v1/projects/${t.projectIds[0]!}`, { active })
    expect((await setActive(false)).statusCode).toBe(200)
    try {
      const refused = await call(env, staff, 'POST', '/api/v1/plans', {
        ...body({ rrule: `FREQ=WEEKLY;BYDAY=${weekday}`, windowHour: 10 }),
        startDate: addDays(first, 8),
      })
      expect(refused.json<{ code: string }>().code).toBe('PROJECT_CLOSED')
      clock.advance(7 * 86_400_000)
      staff = await login(env, t.adminLogin)
      // (The plan damaged in the test above fails again, logged; the others go on.)
      vi.spyOn(env.core.log, 'error').mockImplementation(() => undefined)
      await pass()
      vi.restoreAllMocks()
      const extended = await get(plan.id)
      expect(extended.bookedUntil! > plan.bookedUntil!).toBe(true)
      expect(extended.visits.at(-1)).toMatchObject({ status: 'booked' })
      expect(extended.visits.length).toBe(plan.visits.length + 1)
    } finally {
      await setActive(true)
    }
  })
})
