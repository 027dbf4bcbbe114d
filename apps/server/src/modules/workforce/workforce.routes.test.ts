import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import { systemContext } from '../../platform/auth/system-context.ts'
import {
  call,
  createStaff,
  createTestEnv,
  login,
  seedBusinessFixture,
  seedTenant,
  workerInput,
} from '../../test-support/harness.ts'

let env: TestEnv
let t: Seeded
let admin: Session
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>

beforeAll(async () => {
  env = await createTestEnv()
  t = await seedTenant(env)
  admin = await login(env, t.adminLogin)
  fx = await seedBusinessFixture(env, t, { workers: 3 })
})
afterAll(() => env.close())

describe('worker list', () => {
  it('should search by name and list the workers a picker holds by their ids', async () => {
    const names = async (query: string) =>
      (await call(env, admin, 'GET', `/api/v1/workers?${query}`))
        .json<{ items: Array<{ id: string; name: string }> }>()
        .items.map((w) => w.name)
        .sort()
    expect(await names('q=师傅2')).toEqual(['师傅2'])
    expect(await names(`ids=${fx.workerIds[0]},${fx.workerIds[2]}`)).toEqual(['师傅1', '师傅3'])
    expect(await names(`ids=${fx.workerIds[0]}&projectId=${t.projectIds[1]}`)).toEqual([])
    const bad = await call(env, admin, 'GET', '/api/v1/workers?ids=1,2')
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe('query.ids')
  })
})

describe('worker changes', () => {
  it("should let a project's manager change only workers wholly in their projects", async () => {
    const [p1, p2] = [t.projectIds[0]!, t.projectIds[1]!]
    await createStaff(env, admin, {
      login: `wpm-${t.slug}`,
      roleIds: [t.roleIds.project_manager!],
      projectIds: [p1],
    })
    const pm = await login(env, `wpm-${t.slug}`)
    const [shared, own] = [fx.workerIds[1]!, fx.workerIds[2]!]
    const both = await call(env, admin, 'PATCH', `/api/v1/workers/${shared}`, {
      projectIds: [p1, p2],
    })
    expect(both.statusCode, both.body).toBe(200)
    for (const changes of [{ projectIds: [p1] }, { active: false }]) {
      const res = await call(env, pm, 'PATCH', `/api/v1/workers/${shared}`, changes)
      expect(res.statusCode, JSON.stringify(changes)).toBe(403)
      expect(res.json<{ code: string }>().code).toBe('WORKER_BEYOND_SCOPE')
    }
    const renamed = await call(env, pm, 'PATCH', `/api/v1/workers/${own}`, { name: '张师傅' })
    expect(renamed.statusCode, renamed.body).toBe(200)
  })

  it("should count a worker's phone among the day's changes of staff personal data", async () => {
    const id = fx.workerIds[0]!
    const phone = (n: number) => `1370000${String(5000 + n).padStart(4, '0')}`
    for (let n = 1; n <= 10; n++) {
      const res = await call(env, admin, 'PATCH', `/api/v1/workers/${id}`, { phone: phone(n) })
      expect(res.statusCode, res.body).toBe(200)
    }
    // The same number again changes nothing, and is not counted.
    expect(
      (await call(env, admin, 'PATCH', `/api/v1/workers/${id}`, { phone: phone(10) })).statusCode,
    ).toBe(200)
    // Audited as a change from one phone to another, neither shown.
    const [entry] = (
      await call(env, admin, 'GET', `/api/v1/audit?action=worker.updated&entityId=${id}`)
    ).json<{ items: Array<{ diff: Record<string, unknown> }> }>().items
    expect(entry!.diff.phone).toEqual({ from: '[redacted]', to: '[redacted]' })
    const eleventh = await call(env, admin, 'PATCH', `/api/v1/workers/${id}`, { phone: phone(11) })
    expect(eleventh.statusCode).toBe(429)
    expect(eleventh.json<{ code: string }>().code).toBe('DAILY_LIMIT_REACHED')
  })

  it('should refuse overlapping shifts, a project twice and an account that is missing or taken, naming the field', async () => {
    const base = {
      name: '新师傅',
      phone: '13700006666',
      userId: null,
      skills: ['保洁', '保洁'],
      projectIds: [t.projectIds[0]!],
      home: { lat: 31.23, lng: 121.47 },
      weeklyShifts: [{ weekday: 1, start: '09:00', end: '17:00' }],
      active: true,
    }
    const refused = async (changes: Record<string, unknown>) =>
      (await call(env, admin, 'POST', '/api/v1/workers', { ...base, ...changes })).json<{
        errors: Array<{ field: string; code: string }>
      }>().errors[0]
    expect(
      await refused({
        weeklyShifts: [
          { weekday: 1, start: '09:00', end: '17:00' },
          { weekday: 1, start: '10:00', end: '12:00' },
        ],
      }),
    ).toMatchObject({ field: 'body.weeklyShifts.1.start', code: 'shift_overlap' })
    expect(await refused({ projectIds: [t.projectIds[0], t.projectIds[0]] })).toMatchObject({
      field: 'body.projectIds.1',
      code: 'duplicate_project',
    })
    expect(await refused({ userId: '01900000-0000-7000-8000-000000000000' })).toMatchObject({
      field: 'body.userId',
      code: 'unknown_user',
    })
    const account = await createStaff(env, admin, { login: `w-acct-${t.slug}`, roleIds: [] })
    const first = await call(env, admin, 'POST', '/api/v1/workers', { ...base, userId: account.id })
    expect(first.statusCode, first.body).toBe(201)
    expect(first.json<{ skills: string[] }>().skills).toEqual(['保洁'])
    expect(await refused({ phone: '13700006667', userId: account.id })).toMatchObject({
      field: 'body.userId',
      code: 'user_already_worker',
    })
    // Its own account again is no clash.
    const same = await call(
      env,
      admin,
      'PATCH',
      `/api/v1/workers/${first.json<{ id: string }>().id}`,
      {
        userId: account.id,
      },
    )
    expect(same.statusCode, same.body).toBe(200)
  })

  it('should not let a worker holding open orders leave until they go to someone else', async () => {
    const order = (await call(env, admin, 'GET', `/api/v1/orders/${fx.order}`)).json<{
      orderNo: string
      workerId: string
    }>()
    const leave = await call(env, admin, 'PATCH', `/api/v1/workers/${order.workerId}`, {
      active: false,
    })
    expect(leave.statusCode).toBe(409)
    expect(leave.json()).toMatchObject({
      code: 'WORKER_HAS_OPEN_ORDERS',
      errors: [{ field: 'body.active', code: 'worker_has_open_orders' }],
    })
    expect(leave.json<{ detail: string }>().detail).toContain(order.orderNo)
    await call(env, admin, 'POST', `/api/v1/orders/${fx.order}/events`, {
      event: 'cancel',
      reason: '师傅离职',
    })
    const left = await call(env, admin, 'PATCH', `/api/v1/workers/${order.workerId}`, {
      active: false,
    })
    expect(left.statusCode, left.body).toBe(200)
  })

  it('should give one staff account to one worker, even when it is linked several times at once', async () => {
    const account = await createStaff(env, admin, { login: `w-race-${t.slug}`, roleIds: [] })
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call(
          env,
          admin,
          'POST',
          '/api/v1/workers',
          workerInput(t, { name: `同号师傅${i}`, phone: `1370000${7000 + i}`, userId: account.id }),
        ),
      ),
    )
    expect(made.filter((r) => r.statusCode === 201)).toHaveLength(1)
    for (const r of made.filter((r) => r.statusCode !== 201))
      expect(r.json()).toMatchObject({ code: 'USER_ALREADY_WORKER' })
  })

  it('should not let a worker leave while a job is being given to them (PostgreSQL runs them at once)', async () => {
    const ctx = systemContext(t.tenantId)
    const leaving = await call(
      env,
      admin,
      'POST',
      '/api/v1/workers',
      workerInput(t, { name: '将离职师傅', phone: '13700008888' }),
    )
    const workerId = leaving.json<{ id: string }>().id
    const fixtureOrder = await env.core.orders.service.get(ctx, fx.order)
    for (let round = 0; round < 8; round++) {
      const order = await env.core.orders.service.create(ctx, {
        customerId: fx.customer,
        addressId: fx.addressId,
        serviceItemId: fx.item,
        quantityMilli: 2000,
        addons: [],
        windowStart: fixtureOrder.windowStart,
        asap: false,
        channel: 'phone',
        payOnSite: true,
        discountFen: 0,
        notes: '',
      })
      const [assigned, left] = await Promise.all([
        call(env, admin, 'POST', `/api/v1/orders/${order.id}/events`, {
          event: 'assign',
          workerId,
        }),
        call(env, admin, 'PATCH', `/api/v1/workers/${workerId}`, { active: false }),
      ])
      // One of the two, never both: a worker who left holds no job.
      expect(
        [assigned.statusCode, left.statusCode].filter((s) => s === 200),
        `round ${round}`,
      ).toHaveLength(1)
      if (assigned.statusCode !== 200)
        expect(assigned.json()).toMatchObject({ code: 'WORKER_NOT_HERE' })
      if (left.statusCode !== 200)
        expect(left.json()).toMatchObject({ code: 'WORKER_HAS_OPEN_ORDERS' })
      if (left.statusCode === 200)
        await call(env, admin, 'PATCH', `/api/v1/workers/${workerId}`, { active: true })
      await call(env, admin, 'POST', `/api/v1/orders/${order.id}/events`, {
        event: 'cancel',
        reason: '测试结束',
      })
    }
  })
})
