import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemContext } from '../../platform/auth/system-context.ts'
import { fixedClock } from '../../platform/clock.ts'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import {
  call,
  createTestEnv,
  login,
  loginCustomer,
  seedBusinessFixture,
  seedTenant,
  tomorrow,
} from '../../test-support/harness.ts'

interface Visit {
  date: string
  status: string
  orderId: string | null
}
interface Plan {
  id: string
  status: string
  visits: Visit[]
}
interface Delivery {
  id: string
  eventType: string
  template: string
  channel: string
}

/**
 * What the customer is told as a plan lives: the plans service decides (the order events it writes say
 * `announce`), and the notification rule follows. One worker, busy tomorrow 08:00–10:00 (the fixture).
 */
const clock = fixedClock(new Date())
let env: TestEnv
let t: Seeded
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>
let staff: Session
let customer: Session

const first = tomorrow()
const weekday = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][
  new Date(`${first}T00:00:00Z`).getUTCDay()
]!
const create = async (extra: Record<string, unknown>) => {
  const res = await call(env, staff, 'POST', '/api/v1/plans', {
    customerId: fx.customer,
    addressId: fx.addressId,
    serviceItemId: fx.item,
    quantityMilli: 2000,
    rrule: `FREQ=WEEKLY;BYDAY=${weekday};COUNT=1`,
    startDate: first,
    windowHour: 8,
    ...extra,
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<Plan>()
}
const act = async (plan: Plan, action: 'pause' | 'resume' | 'end') => {
  const res = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/actions`, { action })
  expect(res.statusCode, res.body).toBe(200)
  return res.json<Plan>()
}

let seen = new Set<string>()
/** The deliveries the relay made since the last call, as `event template channel`. */
const told = async () => {
  await env.core.notifications.service.runOnce()
  const all = (
    await call(
      env,
      staff,
      'GET',
      `/api/v1/notifications/deliveries?customerId=${fx.customer}&limit=100`,
    )
  ).json<{ items: Delivery[] }>().items
  const fresh = all.filter((d) => !seen.has(d.id))
  seen = new Set(all.map((d) => d.id))
  return fresh.map((d) => `${d.eventType} ${d.template} ${d.channel}`).sort()
}
const latestNotice = async (lang: string) =>
  (
    await call(env, customer, 'GET', '/api/v1/portal/notifications?limit=1', undefined, {
      'accept-language': lang,
    })
  ).json<{ items: Array<{ template: string; title: string; body: string }> }>().items[0]!

beforeAll(async () => {
  env = await createTestEnv({ clock })
  t = await seedTenant(env)
  fx = await seedBusinessFixture(env, t, { workers: 1 })
  staff = await login(env, t.adminLogin)
  const phone = (await env.core.customers.service.reveal(systemContext(t.tenantId), fx.customer))
    .phone
  customer = await loginCustomer(env, t, phone)
  await told()
})
afterAll(() => env.close())

describe('plan notices', () => {
  let plan: Plan

  it('should tell a pause once, for the plan, not one cancellation per visit', async () => {
    plan = await create({ rrule: `FREQ=WEEKLY;BYDAY=${weekday};COUNT=3`, windowHour: 13 })
    expect(plan.visits.map((v) => v.status)).toEqual(['booked', 'booked', 'booked'])
    expect(await told()).toEqual([
      'plan.created plan_booked in_app',
      'plan.created plan_booked sms',
    ])

    const paused = await act(plan, 'pause')
    expect(paused.visits.map((v) => v.status)).toEqual(['cancelled', 'cancelled', 'cancelled'])
    expect(await told()).toEqual(['plan.paused plan_paused in_app', 'plan.paused plan_paused sms'])
    expect(await latestNotice('zh-CN')).toMatchObject({
      template: 'plan_paused',
      title: '周期服务已暂停',
      body: expect.stringMatching(/^您的日常保洁周期服务（每周.，共 3 次）已暂停，/) as unknown,
    })
    expect((await latestNotice('en')).title).toBe('Recurring plan paused')
  })

  it('should tell a resume once, naming the next visit, not one booking per visit it books again', async () => {
    const resumed = await act(plan, 'resume')
    expect(resumed.visits.map((v) => v.status)).toEqual(['booked', 'booked', 'booked'])
    expect(await told()).toEqual([
      'plan.resumed plan_resumed in_app',
      'plan.resumed plan_resumed sms',
    ])
    expect(await latestNotice('zh-CN')).toMatchObject({
      title: '周期服务已恢复',
      body: expect.stringMatching(/已恢复，下次上门 .+ 13:00。$/) as unknown,
    })
    expect((await latestNotice('en')).body).toMatch(/is active again; next visit .+ 13:00\.$/)

    // Pausing again is told again: once per pause.
    await act(plan, 'pause')
    expect(await told()).toEqual(['plan.paused plan_paused in_app', 'plan.paused plan_paused sms'])
    await act(plan, 'resume')
    await told()
  })

  it('should tell an end once, for the plan, not one cancellation per visit', async () => {
    const ending = await create({ rrule: `FREQ=WEEKLY;BYDAY=${weekday};COUNT=2`, windowHour: 10 })
    expect(ending.visits.map((v) => v.status)).toEqual(['booked', 'booked'])
    await told()
    const ended = await act(ending, 'end')
    expect(ended.visits.map((v) => v.status)).toEqual(['cancelled', 'cancelled'])
    expect(await told()).toEqual(['plan.ended plan_ended in_app', 'plan.ended plan_ended sms'])
    expect(await latestNotice('zh-CN')).toMatchObject({
      template: 'plan_ended',
      title: '周期服务已结束',
      body: expect.stringMatching(/^您的日常保洁周期服务（每周.，共 2 次）已结束，/) as unknown,
    })
    expect((await latestNotice('en')).title).toBe('Recurring plan ended')
  })

  it('should tell a new recurrence once, for the plan carried on, not one cancellation and booking per visit', async () => {
    const weekly = await create({ rrule: `FREQ=WEEKLY;BYDAY=${weekday};COUNT=3`, windowHour: 17 })
    await told()
    const res = await call(env, staff, 'POST', `/api/v1/plans/${weekly.id}/change`, {
      date: weekly.visits[1]!.date,
      scope: 'future',
      windowHour: 15,
      rrule: `FREQ=WEEKLY;BYDAY=${weekday};COUNT=2`,
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(await told()).toEqual([
      'plan.changed plan_changed in_app',
      'plan.changed plan_changed sms',
    ])
    expect(await latestNotice('zh-CN')).toMatchObject({
      template: 'plan_changed',
      title: '周期服务已更改',
      body: expect.stringMatching(
        new RegExp(
          `^您的日常保洁周期服务自 ${weekly.visits[1]!.date} 起改为每周.，共 2 次，该日起原定的上门已取消；新安排首次上门 .+ 15:00。$`,
        ),
      ) as unknown,
    })
    expect((await latestNotice('en')).title).toBe('Recurring plan changed')
    await call(env, staff, 'POST', `/api/v1/plans/${res.json<Plan>().id}/actions`, {
      action: 'end',
    })
    await call(env, staff, 'POST', `/api/v1/plans/${weekly.id}/actions`, { action: 'end' })
    await told()
  })

  it('should still tell each visit skipped on its own', async () => {
    const res = await call(env, staff, 'POST', `/api/v1/plans/${plan.id}/skip`, {
      date: plan.visits[1]!.date,
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(await told()).toEqual([
      'order.cancelled order_cancelled in_app',
      'order.cancelled order_cancelled sms',
    ])
  })

  it('should tell the booking of a visit no worker could take once the pass books it', async () => {
    const waiting = await create({})
    expect(waiting.visits.map((v) => v.status)).toEqual(['unavailable'])
    await told()
    // The worker's 08:00 job is cancelled: the next pass books the visit, and that is news to the customer.
    const cancel = await call(env, staff, 'POST', `/api/v1/orders/${fx.order}/events`, {
      event: 'cancel',
      reason: '客户改期',
    })
    expect(cancel.statusCode, cancel.body).toBe(200)
    await told()
    expect((await env.core.plans.service.runOnce()).retried).toBe(1)
    expect(await told()).toEqual([
      'order.created booking_confirmed in_app',
      'order.created booking_confirmed sms',
    ])
  })

  it('should tell the booking of an unavailable visit a change of time books', async () => {
    // 08:00 is taken again (by the visit above): this one waits, until staff move it to 15:00.
    const waiting = await create({})
    expect(waiting.visits.map((v) => v.status)).toEqual(['unavailable'])
    await told()
    const res = await call(env, staff, 'POST', `/api/v1/plans/${waiting.id}/change`, {
      date: waiting.visits[0]!.date,
      scope: 'this',
      windowHour: 15,
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json<Plan>().visits.map((v) => v.status)).toEqual(['booked'])
    expect(await told()).toEqual([
      'order.created booking_confirmed in_app',
      'order.created booking_confirmed sms',
    ])
  })
})
