import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemContext } from '../../platform/auth/system-context.ts'
import { fixedClock } from '../../platform/clock.ts'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import {
  auditCount,
  call,
  createStaff,
  createTestEnv,
  login,
  loginCustomer,
  seedBusinessFixture,
  seedTenant,
  tomorrow,
} from '../../test-support/harness.ts'
import { addDays } from '@doorstep/domain'

interface Visit {
  date: string
  windowStart: string
  status: string
  orderId: string | null
  reason: string | null
}
interface Plan {
  id: string
  status: string
  rrule: string
  startDate: string
  windowHour: number
  preferredWorkerId: string | null
  previousPlanId: string | null
  nextPlanId: string | null
  visits: Visit[]
}
interface Problem {
  code: string
  detail: string
  errors: Array<{ field: string; code: string; message: string }>
}

/**
 * "This and later visits" with a new recurrence splits the series (ADR 0042): the plan ends the day before,
 * a new plan carries on. Today is the day before the plan's first visit.
 */
const clock = fixedClock(new Date())
let env: TestEnv
let t: Seeded
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>
let staff: Session
let plan: Plan
let carried: Plan

const first = tomorrow()
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA']
const weekdayOf = (date: string) => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!
const shanghaiHour = (iso: string) => (new Date(iso).getUTCHours() + 8) % 24
const get = async (id: string, session = staff) =>
  (await call(env, session, 'GET', `/api/v1/plans/${id}`)).json<Plan>()
/** A plan for the fixture's customer, starting on the first day: two hours at 10:00 unless told otherwise. */
const newPlan = async (terms: { rrule: string } & Record<string, unknown>) => {
  const res = await call(env, staff, 'POST', '/api/v1/plans', {
    customerId: fx.customer,
    addressId: fx.addressId,
    serviceItemId: fx.item,
    quantityMilli: 2000,
    startDate: first,
    windowHour: 10,
    ...terms,
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<Plan>()
}
const orderStatus = async (id: string) =>
  (await call(env, staff, 'GET', `/api/v1/orders/${id}`)).json<{ status: string }>().status

beforeAll(async () => {
  env = await createTestEnv({ clock })
  t = await seedTenant(env)
  fx = await seedBusinessFixture(env, t, { workers: 2 })
  staff = await login(env, t.adminLogin)
  plan = await newPlan({
    rrule: `FREQ=WEEKLY;BYDAY=${weekdayOf(first)};COUNT=8`,
    discountPercent: 10,
  })
})
afterAll(() => env.close())

describe('changing the recurrence of this and later visits', () => {
  it('should refuse a new rule for one visit, or a rule a plan cannot use, naming the field and changing nothing', async () => {
    const before = await auditCount(env, t.tenantId)
    const change = (body: Record<string, unknown>, lang = 'zh-CN') =>
      call(
        env,
        staff,
        'POST',
        `/api/v1/plans/${plan.id}/change`,
        { date: plan.visits[2]!.date, windowHour: 13, ...body },
        { 'accept-language': lang },
      )
    const one = await change({ scope: 'this', rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=3' })
    expect(one.statusCode).toBe(400)
    expect(one.json<Problem>().errors[0]).toMatchObject({
      field: 'body.rrule',
      code: 'rrule_only_for_future',
      message: '只有“本次及以后”可以更改重复规则',
    })
    const hourly = await change({ scope: 'future', rrule: 'FREQ=HOURLY' }, 'en')
    expect(hourly.statusCode).toBe(400)
    expect(hourly.json<Problem>()).toMatchObject({
      code: 'INVALID_RECURRENCE',
      errors: [{ field: 'body.rrule', code: 'rrule_frequency_not_supported' }],
    })
    expect(hourly.json<Problem>().detail).toContain('only daily, weekly and monthly')
    const none = await change({ scope: 'future', rrule: 'FREQ=WEEKLY;UNTIL=20200101' })
    expect(none.json<Problem>().errors[0]?.code).toBe('rrule_no_visits')
    const both = await change({ scope: 'future', rrule: 'FREQ=WEEKLY;UNTIL=20991231;COUNT=3' })
    expect(both.json<Problem>().errors[0]).toMatchObject({
      field: 'body.rrule',
      code: 'invalid_rrule',
    })
    const moved = await change({ scope: 'future', newDate: addDays(first, 3) }, 'en')
    expect(moved.json<Problem>().errors[0]).toMatchObject({
      field: 'body.newDate',
      code: 'new_date_only_for_this',
      message: 'Only “this visit” can move to another date',
    })
    expect(await auditCount(env, t.tenantId)).toBe(before)
    expect(await get(plan.id)).toMatchObject({ rrule: plan.rrule, nextPlanId: null })
  })

  it('should end the plan the day before and carry on with the new rule, its worker and its terms', async () => {
    const from = plan.visits[2]!.date
    const newDay = weekdayOf(addDays(first, 2))
    const res = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/change`, {
      date: from,
      scope: 'future',
      windowHour: 13,
      rrule: `FREQ=WEEKLY;BYDAY=${newDay};COUNT=6`,
    })
    expect(res.statusCode, res.body).toBe(200)
    carried = res.json<Plan>()
    expect(carried).toMatchObject({
      status: 'active',
      rrule: `FREQ=WEEKLY;BYDAY=${newDay};COUNT=6`,
      startDate: from,
      windowHour: 13,
      previousPlanId: plan.id,
      nextPlanId: null,
      preferredWorkerId: plan.preferredWorkerId,
    })
    expect(carried.id).not.toBe(plan.id)
    // Booked to the horizon (today + 28 days): the new weekday two days after each old one, at 13:00.
    expect(carried.visits.map((v) => [v.date, v.status])).toEqual([
      [addDays(first, 16), 'booked'],
      [addDays(first, 23), 'booked'],
    ])
    for (const v of carried.visits) expect(shanghaiHour(v.windowStart)).toBe(13)

    const ended = await get(plan.id)
    expect(ended).toMatchObject({
      status: 'active',
      rrule: `FREQ=WEEKLY;BYDAY=${weekdayOf(first)};UNTIL=${addDays(from, -1).replaceAll('-', '')}`,
      nextPlanId: carried.id,
    })
    expect(ended.visits.map((v) => [v.status, v.reason])).toEqual([
      ['booked', null],
      ['booked', null],
      ['cancelled', 'plan_changed'],
      ['cancelled', 'plan_changed'],
    ])
    expect(await orderStatus(plan.visits[1]!.orderId!)).not.toBe('cancelled')
    expect(await orderStatus(plan.visits[2]!.orderId!)).toBe('cancelled')
    expect(await orderStatus(plan.visits[3]!.orderId!)).toBe('cancelled')
  })

  it('should bring back on resume only the visits the pause cancelled, not those handed to the new plan', async () => {
    const act = async (action: 'pause' | 'resume', reason?: string) => {
      const res = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/actions`, {
        action,
        reason,
      })
      expect(res.statusCode, res.body).toBe(200)
      return res.json<Plan>()
    }
    // A reason that reads like the system's own words is still only the caller's.
    const paused = await act('pause', 'plan_changed')
    expect(paused.visits.slice(0, 2).map((v) => v.status)).toEqual(['cancelled', 'cancelled'])
    const resumed = await act('resume')
    expect(resumed.visits.map((v) => [v.status, v.reason])).toEqual([
      ['booked', null],
      ['booked', null],
      ['cancelled', 'plan_changed'],
      ['cancelled', 'plan_changed'],
    ])
  })

  it('should answer a retried split with the plan it made', async () => {
    const again = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/change`, {
      date: carried.startDate,
      scope: 'future',
      windowHour: 13,
      rrule: carried.rrule,
    })
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json<Plan>().id).toBe(carried.id)
  })

  it('should refuse a second split of the plan already carried on, and split the new one instead', async () => {
    const again = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/change`, {
      date: plan.visits[1]!.date,
      scope: 'future',
      windowHour: 10,
      rrule: 'FREQ=MONTHLY;COUNT=2',
    })
    expect(again.statusCode).toBe(409)
    expect(again.json<Problem>()).toMatchObject({
      code: 'PLAN_CONTINUED',
      errors: [{ field: 'body.rrule', code: 'plan_continued' }],
    })
    // A visit past the old plan's new end is not one of its dates any more.
    const past = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/change`, {
      date: plan.visits[3]!.date,
      scope: 'this',
      windowHour: 15,
    })
    expect(past.json<Problem>().code).toBe('NOT_A_PLAN_DATE')

    // Cut at its first visit, the carried plan has nothing left and ends at once.
    const res = await call(env, staff, 'POST', `/api/v1/plans/${carried.id}/change`, {
      date: carried.visits[0]!.date,
      scope: 'future',
      windowHour: 15,
      rrule: `FREQ=WEEKLY;BYDAY=${weekdayOf(carried.visits[0]!.date)};COUNT=2`,
    })
    expect(res.statusCode, res.body).toBe(200)
    const third = res.json<Plan>()
    expect(third).toMatchObject({ previousPlanId: carried.id, windowHour: 15 })
    expect(third.visits.map((v) => v.date)).toEqual(carried.visits.map((v) => v.date))
    expect(await get(carried.id)).toMatchObject({ status: 'ended', nextPlanId: third.id })
  })

  it('should let the customer change their own plan from the portal, and only their own', async () => {
    const phone = (await env.core.customers.service.reveal(systemContext(t.tenantId), fx.customer))
      .phone
    const customer = await loginCustomer(env, t, phone)
    const current = (await call(env, customer, 'GET', '/api/v1/portal/plans?status=active')).json<{
      items: Plan[]
    }>().items
    const mine = current.find((p) => p.nextPlanId === null && p.previousPlanId !== null)!
    const visit = (await get(mine.id, staff)).visits[1]!
    // The staff's 10 % series discount is for the visits agreed: a customer's own change keeps no more.
    const longer = await call(env, customer, 'POST', `/api/v1/portal/plans/${mine.id}/change`, {
      date: visit.date,
      scope: 'future',
      windowHour: 17,
      rrule: `FREQ=WEEKLY;BYDAY=${weekdayOf(visit.date)};COUNT=30`,
    })
    expect(longer.statusCode).toBe(400)
    expect(longer.json<Problem>()).toMatchObject({
      code: 'DISCOUNT_LIMITS_LENGTH',
      errors: [{ field: 'body.rrule', code: 'plan_longer_than_left' }],
    })
    expect(longer.json<Problem>().detail).toContain('剩余的 1 次')
    const res = await call(env, customer, 'POST', `/api/v1/portal/plans/${mine.id}/change`, {
      date: visit.date,
      scope: 'future',
      windowHour: 17,
      rrule: `FREQ=WEEKLY;INTERVAL=2;BYDAY=${weekdayOf(visit.date)};COUNT=1`,
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json<Plan>().visits.map((v) => shanghaiHour(v.windowStart))).toEqual([17])

    const stranger = await loginCustomer(env, t, '13600004321')
    const theirs = await call(env, stranger, 'POST', `/api/v1/portal/plans/${mine.id}/change`, {
      date: visit.date,
      scope: 'future',
      windowHour: 8,
      rrule: 'FREQ=MONTHLY;COUNT=1',
    })
    expect(theirs.statusCode).toBe(404)
  })

  it('should hand over an unchanged visit with its order, keep one cancelled elsewhere cancelled and a skipped day skipped, and refuse whoever may not book', async () => {
    const day = weekdayOf(addDays(first, 1))
    const other = await newPlan({ rrule: `FREQ=WEEKLY;BYDAY=${day};COUNT=4`, windowHour: 15 })
    expect(other.visits.map((v) => v.status)).toEqual(['booked', 'booked', 'booked', 'booked'])
    const [, second, third, fourth] = other.visits as [Visit, Visit, Visit, Visit]
    const cancelled = await call(env, staff, 'POST', `/api/v1/orders/${third.orderId}/events`, {
      event: 'cancel',
      reason: '客户来电取消',
    })
    expect(cancelled.statusCode, cancelled.body).toBe(200)
    await call(env, staff, 'POST', `/api/v1/plans/${other.id}/skip`, { date: fourth.date })

    // A second weekday, the same window: the old days stay as they are.
    const change = {
      date: second.date,
      scope: 'future',
      windowHour: 15,
      rrule: `FREQ=WEEKLY;BYDAY=${day},${weekdayOf(addDays(first, 2))};COUNT=6`,
    }
    await createStaff(env, staff, {
      login: `dispatch-${t.slug}`,
      roleIds: [t.roleIds.dispatcher!],
      projectIds: [t.projectIds[0]!],
    })
    const dispatcher = await login(env, `dispatch-${t.slug}`)
    const refused = await call(env, dispatcher, 'POST', `/api/v1/plans/${other.id}/change`, change)
    expect(refused.statusCode).toBe(403)

    const split = await call(env, staff, 'POST', `/api/v1/plans/${other.id}/change`, change)
    expect(split.statusCode, split.body).toBe(200)
    const visits = split.json<Plan>().visits
    expect(visits.map((v) => [v.date, v.status])).toEqual([
      [second.date, 'booked'],
      [addDays(second.date, 1), 'booked'],
      [third.date, 'cancelled'],
      [addDays(third.date, 1), 'booked'],
      [fourth.date, 'skipped'],
      [addDays(fourth.date, 1), 'booked'],
    ])
    expect(visits[0]!.orderId).toBe(second.orderId)
    expect(await orderStatus(second.orderId!)).toBe('pending_dispatch')
    // The one the customer called off stays off: not booked again by the new plan.
    expect(visits[2]!.orderId).toBe(third.orderId)
    expect((await get(other.id)).visits.map((v) => [v.date, v.status, v.reason])).toEqual([
      [other.visits[0]!.date, 'booked', null],
      [fourth.date, 'skipped', 'skipped'],
    ])
  })

  it("should refuse a window of today's that has passed, which would leave today's visit cancelled for nothing", async () => {
    const evening = await newPlan({
      rrule: `FREQ=WEEKLY;BYDAY=${weekdayOf(first)};COUNT=2`,
      windowHour: 15,
    })
    expect(evening.visits[0]!.status).toBe('booked')
    // Noon of the first day, Shanghai time.
    clock.advance(Date.parse(`${first}T04:00:00Z`) - clock.now().getTime())
    staff = await login(env, t.adminLogin)
    const change = (windowHour: number) =>
      call(env, staff, 'POST', `/api/v1/plans/${evening.id}/change`, {
        date: first,
        scope: 'future',
        windowHour,
        rrule: `FREQ=WEEKLY;BYDAY=${weekdayOf(first)};COUNT=2`,
      })
    const morning = await change(8)
    expect(morning.statusCode).toBe(400)
    expect(morning.json<Problem>()).toMatchObject({
      code: 'WINDOW_PASSED',
      errors: [{ field: 'body.windowHour' }],
    })
    expect((await get(evening.id)).visits[0]!.status).toBe('booked')
    const afternoon = await change(13)
    expect(afternoon.statusCode, afternoon.body).toBe(200)
    expect(afternoon.json<Plan>().visits[0]).toMatchObject({ date: first, status: 'booked' })
  })

  it('should keep booking a long open-ended plan up to the day before the change, and not end it early', async () => {
    const daily = await newPlan({
      rrule: 'FREQ=DAILY',
      quantityMilli: 1000,
      startDate: addDays(first, 1),
      windowHour: 8,
    })
    expect(daily.visits.length).toBeGreaterThan(20)
    // 120 days on: more than the 104 visits a finite plan may have lie behind it.
    clock.advance(120 * 86_400_000)
    staff = await login(env, t.adminLogin)
    const today = addDays(first, 120)
    const from = addDays(today, 5)
    const split = await call(env, staff, 'POST', `/api/v1/plans/${daily.id}/change`, {
      date: from,
      scope: 'future',
      windowHour: 8,
      rrule: `FREQ=WEEKLY;BYDAY=${weekdayOf(from)};COUNT=2`,
    })
    expect(split.statusCode, split.body).toBe(200)
    const cut = await get(daily.id)
    expect(cut).toMatchObject({ status: 'active', bookedUntil: addDays(from, -1) })
    expect(cut.visits.at(-1)).toMatchObject({ date: addDays(from, -1), status: 'booked' })
    await env.core.plans.service.runOnce()
    expect((await get(daily.id)).status).toBe('active')
  })

  it('should refuse a split past the booking horizon, and a longer series where the project is switched off', async () => {
    // The clock is 120 days on (the test above).
    const start = addDays(first, 121)
    const daily = await newPlan({ rrule: 'FREQ=DAILY', windowHour: 17, startDate: start })
    const far = await call(env, staff, 'POST', `/api/v1/plans/${daily.id}/change`, {
      date: addDays(start, 200),
      scope: 'future',
      windowHour: 17,
      rrule: 'FREQ=WEEKLY;COUNT=2',
    })
    expect(far.statusCode, far.body).toBe(400)
    expect(far.json<Problem>()).toMatchObject({
      code: 'TOO_FAR_AHEAD',
      errors: [{ field: 'body.date', code: 'too_far_ahead' }],
    })
    const short = await newPlan({ rrule: 'FREQ=DAILY;COUNT=3', windowHour: 15, startDate: start })
    const project = t.projectIds[0]!
    const setActive = (active: boolean) =>
      call(env, staff, 'PATCH', `/api/v1/projects/${project}`, { active })
    expect((await setActive(false)).statusCode).toBe(200)
    try {
      const split = (rrule: string) =>
        call(env, staff, 'POST', `/api/v1/plans/${short.id}/change`, {
          date: short.visits[1]!.date,
          scope: 'future',
          windowHour: 15,
          rrule,
        })
      const longer = await split('FREQ=DAILY;COUNT=5')
      expect(longer.statusCode).toBe(409)
      expect(longer.json<Problem>()).toMatchObject({
        code: 'PROJECT_CLOSED',
        errors: [{ field: 'body.rrule', code: 'project_closed' }],
      })
      // The visits it promised, on other days, it still keeps.
      const fewer = await split('FREQ=WEEKLY;COUNT=1')
      expect(fewer.statusCode, fewer.body).toBe(200)
    } finally {
      await setActive(true)
    }
  })
})
