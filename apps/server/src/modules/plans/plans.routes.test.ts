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
import { addDays, localDate } from '@doorstep/domain'

interface Visit {
  date: string
  windowStart: string
  status: string
  orderId: string | null
  orderNo: string | null
  orderStatus: string | null
  reason: string | null
}
interface Plan {
  id: string
  customerName: string
  customerPhoneMasked: string
  visitPrice: { subtotalFen: number; seriesDiscountFen: number; totalFen: number } | null
  status: string
  windowHour: number
  bookedUntil: string | null
  preferredWorkerId: string | null
  visits: Visit[]
}
interface Order {
  id: string
  status: string
  workerId: string | null
  windowStart: string
  price: { subtotalFen: number; discountFen: number; totalFen: number }
}

const clock = fixedClock(new Date())
let env: TestEnv
let t: Seeded
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>
let staff: Session
let plan: Plan
let monthlyId = ''

const first = tomorrow()
const weekday = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][
  new Date(`${first}T00:00:00Z`).getUTCDay()
]!
const body = (extra: Record<string, unknown> = {}) => ({
  customerId: fx.customer,
  addressId: fx.addressId,
  serviceItemId: fx.item,
  quantityMilli: 2000,
  rrule: `FREQ=WEEKLY;BYDAY=${weekday};COUNT=12`,
  startDate: first,
  windowHour: 10,
  discountPercent: 10,
  ...extra,
})
const order = async (id: string) =>
  (await call(env, staff, 'GET', `/api/v1/orders/${id}`)).json<Order>()
const shanghaiHour = (iso: string) => (new Date(iso).getUTCHours() + 8) % 24

beforeAll(async () => {
  env = await createTestEnv({ clock })
  t = await seedTenant(env)
  fx = await seedBusinessFixture(env, t, { workers: 2 })
  staff = await login(env, t.adminLogin)
})
afterAll(() => env.close())

describe('recurring service plans', () => {
  it('should refuse a plan it cannot keep, naming the field, writing nothing', async () => {
    const before = await auditCount(env, t.tenantId)
    for (const [extra, field] of [
      [{ rrule: 'FREQ=HOURLY' }, 'body.rrule'],
      [{ rrule: 'FREQ=WEEKLY;BYHOUR=9' }, 'body.rrule'],
      [{ rrule: 'FREQ=DAILY;COUNT=400' }, 'body.rrule'],
      [{ startDate: '2020-01-06' }, 'body.startDate'],
      [{ startDate: '2026-02-30' }, 'body.startDate'],
      [{ startDate: '2999-01-07' }, 'body.startDate'],
      [{ windowHour: 9 }, 'body.windowHour'],
      [{ discountPercent: 80 }, 'body.discountPercent'],
      // 100 000 hours a visit: no window fits it, which is a mistyped quantity, not "unavailable" every week.
      [{ quantityMilli: 100_000_000 }, 'body.quantityMilli'],
      // Starting beyond the four weeks booked at once is checked as closely: nothing would book it later.
      [
        { startDate: addDays(first, 60), rrule: 'FREQ=WEEKLY;COUNT=3', quantityMilli: 100_000_000 },
        'body.quantityMilli',
      ],
      [
        {
          startDate: addDays(first, 60),
          rrule: 'FREQ=WEEKLY;COUNT=3',
          addons: [{ code: 'NOPE', quantity: 5 }],
        },
        'body.addons.0.code',
      ],
    ] as const) {
      const res = await call(env, staff, 'POST', '/api/v1/plans', body(extra))
      expect(res.statusCode, JSON.stringify(extra)).toBe(400)
      expect(res.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe(field)
    }
    const zh = await call(env, staff, 'POST', '/api/v1/plans', body({ rrule: 'FREQ=HOURLY' }))
    expect(zh.json<{ detail: string }>().detail).toContain('每天、每周、每月')
    const hour = await call(env, staff, 'POST', '/api/v1/plans', body({ windowHour: 9 }))
    expect(hour.json().errors[0]).toMatchObject({
      code: 'invalid_window_hour',
      message: expect.stringContaining('8、10、13、15 或 17'),
    })
    expect(await auditCount(env, t.tenantId)).toBe(before)
  })

  it('should book the visits of the next four weeks into real availability, with one worker and the series price', async () => {
    const res = await call(env, staff, 'POST', '/api/v1/plans', body())
    expect(res.statusCode, res.body).toBe(201)
    plan = res.json<Plan>()
    expect(plan.status).toBe('active')
    // Today is the day before `first`: the horizon (28 days) ends at first + 27.
    const dates = [0, 7, 14, 21].map((d) => addDays(first, d))
    expect(plan.visits.map((v) => v.date)).toEqual(dates)
    expect(plan.visits.every((v) => v.status === 'booked' && v.orderNo)).toBe(true)
    expect(plan.visits.map((v) => v.orderStatus)).toEqual(dates.map(() => 'pending_dispatch'))
    expect(plan.bookedUntil).toBe(addDays(first, 27))
    const orders = await Promise.all(plan.visits.map((v) => order(v.orderId!)))
    expect(new Set(orders.map((o) => o.workerId))).toEqual(new Set([plan.preferredWorkerId]))
    for (const o of orders) {
      expect(shanghaiHour(o.windowStart)).toBe(10)
      expect(o.price.discountFen).toBe(Math.floor(o.price.subtotalFen / 10))
      expect(o.price.totalFen).toBe(o.price.subtotalFen - o.price.discountFen)
    }
    // The plan says what a visit costs and who it is for, as the lists show customers.
    expect(plan.visitPrice).toEqual({
      subtotalFen: orders[0]!.price.subtotalFen,
      seriesDiscountFen: orders[0]!.price.discountFen,
      totalFen: orders[0]!.price.totalFen,
    })
    expect(plan).toMatchObject({ customerName: '李女士' })
    expect(plan.customerPhoneMasked).toMatch(/^139\*{4}\d{4}$/)
    const listed = (await call(env, staff, 'GET', '/api/v1/plans')).json<{ items: Plan[] }>()
    expect(listed.items[0]).toMatchObject({
      id: plan.id,
      customerName: '李女士',
      customerPhoneMasked: plan.customerPhoneMasked,
      visitPrice: plan.visitPrice,
    })
  })

  it('should filter plans by project and service, refusing a malformed filter by name', async () => {
    const ids = async (query: string) =>
      (await call(env, staff, 'GET', `/api/v1/plans?${query}`))
        .json<{ items: Plan[] }>()
        .items.map((p) => p.id)
    expect(await ids(`projectId=${t.projectIds[0]}`)).toContain(plan.id)
    expect(await ids(`projectId=${t.projectIds[1]}`)).not.toContain(plan.id)
    expect(await ids(`serviceItemId=${fx.item}`)).toContain(plan.id)
    expect(await ids(`serviceItemId=${t.projectIds[0]}`)).toEqual([])
    const bad = await call(env, staff, 'GET', '/api/v1/plans?projectId=P1&unavailable=maybe')
    expect(bad.statusCode).toBe(400)
    expect(
      bad
        .json<{ errors: Array<{ field: string }> }>()
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['query.projectId', 'query.unavailable'])
  })

  it('should book a plan once for a retried Idempotency-Key, and refuse the key for another plan', async () => {
    const key = { 'idempotency-key': 'plan-retry-0001' }
    const monthly = body({ rrule: 'FREQ=MONTHLY;COUNT=2', windowHour: 17, discountPercent: 0 })
    const count = async () =>
      (await call(env, staff, 'GET', '/api/v1/plans?limit=100')).json<{ items: unknown[] }>().items
        .length
    const before = await count()
    const once = await call(env, staff, 'POST', '/api/v1/plans', monthly, key)
    expect(once.statusCode, once.body).toBe(201)
    const again = await call(env, staff, 'POST', '/api/v1/plans', monthly, key)
    expect(again.statusCode).toBe(201)
    expect(again.json<Plan>().id).toBe(once.json<Plan>().id)
    expect(await count()).toBe(before + 1)
    const other = await call(
      env,
      staff,
      'POST',
      '/api/v1/plans',
      { ...monthly, windowHour: 15 },
      key,
    )
    expect(other.statusCode).toBe(422)
    expect(other.json<{ code: string }>().code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(await count()).toBe(before + 1)
    monthlyId = once.json<Plan>().id
    // Not needed further: its visits would hold the workers the next tests move visits to.
    const ended = await call(env, staff, 'POST', `/api/v1/plans/${once.json<Plan>().id}/actions`, {
      action: 'end',
    })
    expect(ended.statusCode, ended.body).toBe(200)
  })

  it('should skip one visit, cancelling its order, and refuse a date that is not a visit', async () => {
    const second = plan.visits[1]!
    const res = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/skip`, {
      date: second.date,
      reason: '出差',
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json<Plan>().visits[1]).toMatchObject({ status: 'skipped', reason: '出差' })
    expect((await order(second.orderId!)).status).toBe('cancelled')

    const wrong = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/skip`, {
      date: addDays(first, 1),
    })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json<{ code: string; errors: Array<{ field: string }> }>()).toMatchObject({
      code: 'NOT_A_PLAN_DATE',
      errors: [{ field: 'body.date' }],
    })
  })

  it('should move one visit, then this and every later one', async () => {
    const third = plan.visits[2]!
    const skipped = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/change`, {
      date: plan.visits[1]!.date,
      scope: 'this',
      windowHour: 15,
    })
    expect(skipped.statusCode).toBe(409)
    expect(skipped.json<{ code: string }>().code).toBe('VISIT_SKIPPED')
    const tooFar = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/change`, {
      date: third.date,
      scope: 'this',
      newDate: '2999-01-07',
      windowHour: 15,
    })
    expect(tooFar.json<{ errors: Array<{ field: string; code: string }> }>().errors).toEqual([
      expect.objectContaining({ field: 'body.newDate', code: 'too_far_ahead' }),
    ])
    // Onto another visit's day, booked or yet to be: two visits one day would leave the plan one short.
    for (const day of [plan.visits[3]!.date, addDays(third.date, 5 * 7)]) {
      const onto = await call(
        env,
        staff,
        'POST',
        `/api/v1/plans/${plan.id}/change`,
        { date: third.date, scope: 'this', newDate: day, windowHour: 15 },
        { 'accept-language': 'en' },
      )
      expect(onto.statusCode, day).toBe(409)
      expect(onto.json()).toMatchObject({
        code: 'DAY_HAS_VISIT',
        errors: [
          {
            field: 'body.newDate',
            message: `The plan already has a visit on ${day}: choose another date`,
          },
        ],
      })
    }
    const one = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/change`, {
      date: third.date,
      scope: 'this',
      windowHour: 15,
    })
    expect(one.statusCode, one.body).toBe(200)
    expect(shanghaiHour((await order(third.orderId!)).windowStart)).toBe(15)
    expect(one.json<Plan>().windowHour).toBe(10)
    // The order's refusal names what this request gave: the hour, not the order's window.
    const same = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/change`, {
      date: third.date,
      scope: 'this',
      windowHour: 15,
    })
    expect(same.json<{ errors: Array<{ field: string; code: string }> }>().errors).toEqual([
      expect.objectContaining({ field: 'body.windowHour', code: 'same_window' }),
    ])

    const fourth = plan.visits[3]!
    // Moved to another day by itself, a visit stays on that day when the series changes its hour.
    const movedDay = addDays(fourth.date, 2)
    const alone = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/change`, {
      date: fourth.date,
      scope: 'this',
      newDate: movedDay,
      windowHour: 10,
    })
    expect(alone.statusCode, alone.body).toBe(200)
    // A new hour alone keeps it on the day it was moved to (not back on its own date).
    const hourOnly = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/change`, {
      date: fourth.date,
      scope: 'this',
      windowHour: 15,
    })
    expect(hourOnly.statusCode, hourOnly.body).toBe(200)
    const keptDay = (await order(fourth.orderId!)).windowStart
    expect([localDate(new Date(keptDay), 'Asia/Shanghai'), shanghaiHour(keptDay)]).toEqual([
      movedDay,
      15,
    ])
    const all = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/change`, {
      date: fourth.date,
      scope: 'future',
      windowHour: 13,
    })
    expect(all.statusCode, all.body).toBe(200)
    const changed = all.json<Plan>()
    expect(changed.windowHour).toBe(13)
    for (const v of changed.visits.slice(3)) expect(shanghaiHour(v.windowStart)).toBe(13)
    expect(shanghaiHour(changed.visits[0]!.windowStart)).toBe(10)
    const fourthNow = (await order(fourth.orderId!)).windowStart
    expect(shanghaiHour(fourthNow)).toBe(13)
    expect(localDate(new Date(fourthNow), 'Asia/Shanghai')).toBe(movedDay)
  })

  it('should pause (cancelling what is ahead), resume (booking again) and refuse pausing twice', async () => {
    const paused = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/actions`, {
      action: 'pause',
    })
    expect(paused.statusCode, paused.body).toBe(200)
    const p = paused.json<Plan>()
    expect(p.status).toBe('paused')
    expect(p.visits.filter((v) => v.status === 'booked')).toEqual([])
    expect((await order(plan.visits[0]!.orderId!)).status).toBe('cancelled')

    const again = await call(
      env,
      staff,
      'POST',
      `/api/v1/plans/${plan.id}/actions`,
      { action: 'pause' },
      { 'accept-language': 'en' },
    )
    expect(again.statusCode, again.body).toBe(409)
    // In the reader's language only: the other language's words stay out of the body.
    expect(again.json()).toMatchObject({
      code: 'INVALID_PLAN_ACTION',
      title: 'A plan that is paused cannot be paused',
    })
    expect(again.json()).not.toHaveProperty('statusZh')
    expect(again.json()).not.toHaveProperty('actionZh')
    // A paused plan's visits come back as they were: none of them moves meanwhile.
    const moved = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/change`, {
      date: plan.visits[0]!.date,
      scope: 'future',
      windowHour: 8,
    })
    expect(moved.statusCode, moved.body).toBe(409)
    expect(moved.json<{ code: string }>().code).toBe('INVALID_PLAN_ACTION')

    const resumed = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/actions`, {
      action: 'resume',
    })
    expect(resumed.statusCode, resumed.body).toBe(200)
    const r = resumed.json<Plan>()
    expect(r.status).toBe('active')
    // The skipped visit stays skipped; the others are booked again, each at its own time: the one moved
    // on its own (15:00) stays moved, the others follow the plan (10:00 before the change, 13:00 after).
    expect(r.visits.map((v) => v.status)).toEqual(['booked', 'skipped', 'booked', 'booked'])
    expect(r.visits[0]!.orderId).not.toBe(plan.visits[0]!.orderId)
    expect(r.visits.map((v) => shanghaiHour(v.windowStart))).toEqual([10, 10, 15, 13])
    expect(shanghaiHour((await order(r.visits[2]!.orderId!)).windowStart)).toBe(15)
    expect(shanghaiHour((await order(r.visits[3]!.orderId!)).windowStart)).toBe(13)
    plan = r
  })

  it('should book further ahead as the days pass', async () => {
    clock.advance(7 * 86_400_000)
    staff = await login(env, t.adminLogin)
    // A stopping process's pass leaves the plan to the next one.
    expect((await env.core.plans.service.runOnce(AbortSignal.abort())).extended).toBe(0)
    expect((await env.core.plans.service.runOnce()).extended).toBe(1)
    const later = (await call(env, staff, 'GET', `/api/v1/plans/${plan.id}`)).json<Plan>()
    expect(later.bookedUntil).toBe(addDays(first, 34))
    expect(later.visits.at(-1)).toMatchObject({ date: addDays(first, 28), status: 'booked' })
    expect(shanghaiHour(later.visits.at(-1)!.windowStart)).toBe(13)
    expect((await env.core.plans.service.runOnce()).extended).toBe(0)
  })

  it("should not let an agent of another project book a plan at the customer's address, however far ahead", async () => {
    await createStaff(env, staff, {
      login: `cs-other-${t.slug}`,
      roleIds: [t.roleIds.customer_service!],
      projectIds: [t.projectIds[1]!],
    })
    const agent = await login(env, `cs-other-${t.slug}`)
    const before = await auditCount(env, t.tenantId)
    // Beyond the 28 days booked at once: nothing would have stopped it before the hourly pass booked there.
    const far = body({ startDate: addDays(first, 60), rrule: `FREQ=WEEKLY;COUNT=2` })
    const res = await call(env, agent, 'POST', '/api/v1/plans', far)
    expect(res.statusCode).toBe(404)
    expect(await auditCount(env, t.tenantId)).toBe(before)
  })

  it("should let a customer book, see and skip their own plan, and not another's", async () => {
    const phone = (await env.core.customers.service.reveal(systemContext(t.tenantId), fx.customer))
      .phone
    const customer = await loginCustomer(env, t, phone)
    const {
      customerId: _c,
      discountPercent: _d,
      ...mine
    } = body({
      rrule: 'FREQ=MONTHLY;COUNT=3',
      startDate: addDays(clock.now().toISOString().slice(0, 10), 3),
      windowHour: 15,
    })
    const key = { 'idempotency-key': 'portal-plan-0001' }
    const res = await call(env, customer, 'POST', '/api/v1/portal/plans', mine, key)
    expect(res.statusCode, res.body).toBe(201)
    const own = res.json<Plan>()
    const retried = await call(env, customer, 'POST', '/api/v1/portal/plans', mine, key)
    expect(retried.json<Plan>().id).toBe(own.id)
    const reused = await call(
      env,
      customer,
      'POST',
      '/api/v1/portal/plans',
      { ...mine, windowHour: 10 },
      key,
    )
    expect(reused.json<{ code: string }>().code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(own.visits).toHaveLength(1)
    const list = await call(env, customer, 'GET', '/api/v1/portal/plans')
    expect(
      list
        .json<{ items: Array<{ id: string }> }>()
        .items.map((p) => p.id)
        .sort(),
    ).toEqual([own.id, plan.id, monthlyId].sort())
    const skip = await call(env, customer, 'POST', `/api/v1/portal/plans/${own.id}/skip`, {
      date: own.visits[0]!.date,
    })
    expect(skip.statusCode, skip.body).toBe(200)

    const stranger = await loginCustomer(env, t, '13600004321')
    expect((await call(env, stranger, 'GET', `/api/v1/portal/plans/${own.id}`)).statusCode).toBe(
      404,
    )
    expect(
      (await call(env, stranger, 'GET', '/api/v1/portal/plans')).json<{ items: unknown[] }>().items,
    ).toEqual([])
  })

  it('should refuse a plan whose only visit is today at an hour gone by (it would book nothing)', async () => {
    // Late in the day, whenever the suite runs: 18:00 in Shanghai is past every window.
    const now = clock.now()
    const today = localDate(now, 'Asia/Shanghai')
    const evening = Date.parse(`${today}T18:00:00+08:00`)
    if (now.getTime() < evening) {
      clock.advance(evening - now.getTime())
      // Run just after midnight that is most of a day: past a session's idle limit.
      staff = await login(env, t.adminLogin)
    }
    const before = await auditCount(env, t.tenantId)
    const late = await call(
      env,
      staff,
      'POST',
      '/api/v1/plans',
      body({ startDate: today, rrule: 'FREQ=DAILY;COUNT=1', windowHour: 17 }),
      { 'accept-language': 'en' },
    )
    expect(late.statusCode, late.body).toBe(400)
    expect(late.json()).toMatchObject({
      code: 'WINDOW_PASSED',
      errors: [{ field: 'body.windowHour' }],
    })
    expect(await auditCount(env, t.tenantId)).toBe(before)
  })

  it('should let a visit move onto the day of one whose order the customer cancelled on its own', async () => {
    const created = await call(
      env,
      staff,
      'POST',
      '/api/v1/plans',
      body({
        startDate: addDays(first, 14),
        rrule: `FREQ=WEEKLY;BYDAY=${weekday};COUNT=2`,
        windowHour: 13,
        discountPercent: 0,
      }),
    )
    expect(created.statusCode, created.body).toBe(201)
    const two = created.json<Plan>()
    const [a, b] = two.visits as [Visit, Visit]
    expect([a.status, b.status]).toEqual(['booked', 'booked'])
    const onto = () =>
      call(env, staff, 'POST', `/api/v1/plans/${two.id}/change`, {
        date: a.date,
        scope: 'this',
        newDate: b.date,
        windowHour: 15,
      })
    expect((await onto()).json().code).toBe('DAY_HAS_VISIT')
    // Cancelled as an order (the customer called), not skipped in the plan: the visit stays, its day is free.
    const cancelled = await call(env, staff, 'POST', `/api/v1/orders/${b.orderId}/events`, {
      event: 'cancel',
      reason: '客户来电取消',
    })
    expect(cancelled.statusCode, cancelled.body).toBe(200)
    const moved = await onto()
    expect(moved.statusCode, moved.body).toBe(200)
  })

  it('should leave a visit moved before the chosen one alone when "this and later" changes the hour', async () => {
    const created = await call(
      env,
      staff,
      'POST',
      '/api/v1/plans',
      body({
        startDate: addDays(clock.now().toISOString().slice(0, 10), 9),
        rrule: 'FREQ=DAILY;INTERVAL=2;COUNT=3',
        windowHour: 13,
        discountPercent: 0,
      }),
    )
    expect(created.statusCode, created.body).toBe(201)
    const [a, b, c] = created.json<Plan>().visits as [Visit, Visit, Visit]
    // The last visit moved to the day between the first two: earlier in time than the second.
    const between = addDays(a.date, 1)
    const early = await call(
      env,
      staff,
      'POST',
      `/api/v1/plans/${created.json<Plan>().id}/change`,
      {
        date: c.date,
        scope: 'this',
        newDate: between,
        windowHour: 10,
      },
    )
    expect(early.statusCode, early.body).toBe(200)
    const later = await call(
      env,
      staff,
      'POST',
      `/api/v1/plans/${created.json<Plan>().id}/change`,
      {
        date: b.date,
        scope: 'future',
        windowHour: 15,
      },
    )
    expect(later.statusCode, later.body).toBe(200)
    const at = async (v: Visit) => {
      const start = (await order(v.orderId!)).windowStart
      return [localDate(new Date(start), 'Asia/Shanghai'), shanghaiHour(start)]
    }
    expect([await at(a), await at(b), await at(c)]).toEqual([
      [a.date, 13],
      [b.date, 15],
      [between, 10],
    ])
  })
})
