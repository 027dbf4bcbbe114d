import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import {
  call,
  createStaff,
  createTestEnv,
  login,
  loginCustomer,
  seedBusinessFixture,
  seedTenant,
} from '../../test-support/harness.ts'
import { systemContext } from '../../platform/auth/system-context.ts'

let env: TestEnv
let t: Seeded
let admin: Session
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>

beforeAll(async () => {
  env = await createTestEnv()
  t = await seedTenant(env)
  admin = await login(env, t.adminLogin)
  fx = await seedBusinessFixture(env, t)
})
afterAll(() => env.close())

describe('reviews', () => {
  it('should let the customer review a completed order once, moving the worker rating gently', async () => {
    // The fixture's customer signs in with the phone they were created with.
    const phone = (await env.core.customers.service.reveal(systemContext(t.tenantId), fx.customer))
      .phone
    const me = await loginCustomer(env, t, phone)
    const early = await call(env, me, 'POST', `/api/v1/portal/orders/${fx.order}/review`, {
      overall: 5,
      punctuality: 5,
      quality: 5,
      attitude: 5,
    })
    expect(early.json()).toMatchObject({ code: 'INVALID_TRANSITION' })
    for (const event of ['assign', 'accept', 'depart', 'check_in', 'complete']) {
      await call(env, admin, 'POST', `/api/v1/orders/${fx.order}/events`, {
        event,
        ...(event === 'assign' ? { workerId: fx.worker } : {}),
      })
    }
    const bad = await call(env, me, 'POST', `/api/v1/portal/orders/${fx.order}/review`, {
      overall: 6,
      punctuality: 5,
      quality: 5,
      attitude: 5,
    })
    expect(bad.json().errors[0].field).toBe('body.overall')
    const res = await call(env, me, 'POST', `/api/v1/portal/orders/${fx.order}/review`, {
      overall: 1,
      punctuality: 2,
      quality: 1,
      attitude: 1,
      text: '太差了，骂人的话',
    })
    expect(res.statusCode).toBe(201)
    expect((await call(env, me, 'GET', `/api/v1/portal/orders/${fx.order}`)).json().status).toBe(
      'reviewed',
    )
    expect((await call(env, admin, 'GET', `/api/v1/workers/${fx.worker}`)).json().rating).toBe(4)
    const twice = await call(env, me, 'POST', `/api/v1/portal/orders/${fx.order}/review`, {
      overall: 5,
      punctuality: 5,
      quality: 5,
      attitude: 5,
    })
    expect(twice.statusCode).toBe(409)
  })

  it('should let staff reply, hide abusive text with a reason in the audit log, and find low scores', async () => {
    const low = (await call(env, admin, 'GET', '/api/v1/reviews?maxOverall=2')).json().items
    expect(low).toHaveLength(1)
    const id = low[0].id
    const ids = async (q: string) =>
      (await call(env, admin, 'GET', `/api/v1/reviews?${q}`))
        .json<{ items: Array<{ id: string }> }>()
        .items.map((r) => r.id)
    expect(await ids('replied=false')).toContain(id)
    expect(await ids('replied=true')).not.toContain(id)
    // Written between two days of the company: today's review is in a range around today, not in an old one.
    const around = (days: number) =>
      new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
    expect(await ids(`from=${around(-2)}&to=${around(2)}`)).toContain(id)
    expect(await ids('from=2020-01-01&to=2020-12-31')).toEqual([])
    expect(
      (await call(env, admin, 'GET', '/api/v1/reviews?from=yesterday')).json().errors[0],
    ).toMatchObject({ field: 'query.from' })
    // A far year is refused by name, not turned into an instant that overflows (a 500).
    for (const list of ['reviews', 'complaints', 'notifications/deliveries', 'orders'])
      expect(
        (
          await call(env, admin, 'GET', `/api/v1/${list}?to=9999-12-31`, undefined, {
            'accept-language': 'en',
          })
        ).json(),
        list,
      ).toMatchObject({
        status: 400,
        errors: [{ field: 'query.to', message: 'Dates must fall between 1900 and 2999' }],
      })
    expect(
      (
        await call(env, admin, 'POST', `/api/v1/reviews/${id}/reply`, {
          reply: '非常抱歉，已安排回访',
        })
      ).json().reply,
    ).toBe('非常抱歉，已安排回访')
    // Replied to: off the awaiting-reply list.
    expect(await ids('replied=false')).not.toContain(id)
    expect(await ids('replied=true')).toContain(id)
    expect(
      (await call(env, admin, 'GET', '/api/v1/reviews?replied=maybe')).json().errors[0],
    ).toMatchObject({ field: 'query.replied' })
    const hidden = await call(env, admin, 'POST', `/api/v1/reviews/${id}/moderation`, {
      hidden: true,
      reason: '含辱骂',
    })
    // A moderator still reads what they hid (to judge unhiding); the customer-facing review is empty.
    expect(hidden.json()).toMatchObject({
      hidden: true,
      overall: 1,
      serviceName: '日常保洁',
      projectId: t.projectIds[0],
      workerName: '师傅1',
    })
    expect(hidden.json().text.length).toBeGreaterThan(0)
    const other = await call(env, admin, 'GET', `/api/v1/reviews?projectId=${t.projectIds[1]}`)
    expect(other.json().items).toEqual([])
    const audit = (
      await call(env, admin, 'GET', `/api/v1/audit?action=review.hidden&entityId=${id}`)
    ).json().items[0]
    expect(audit.diff.reason).toEqual({ from: null, to: '含辱骂' })
  })

  it('should let staff reply to and hide only the reviews they handle complaints for', async () => {
    const [one] = (await call(env, admin, 'GET', '/api/v1/reviews')).json<{
      items: Array<{ id: string }>
    }>().items
    const role = await call(env, admin, 'POST', '/api/v1/roles', {
      name: `own complaints ${t.slug}`,
      grants: [
        { permission: 'orders:read', scope: 'tenant' },
        { permission: 'complaints:manage', scope: 'own' },
      ],
    })
    expect(role.statusCode, role.body).toBe(201)
    await createStaff(env, admin, { login: `oc-${t.slug}`, roleIds: [role.json().id] })
    const reader = await login(env, `oc-${t.slug}`)
    // Seen (orders:read), but not theirs to answer: their own jobs' reviews only, and they did none.
    const listed = (await call(env, reader, 'GET', '/api/v1/reviews')).json<{
      items: Array<{ id: string; hidden: boolean; text: string }>
    }>().items
    const seen = listed.find((r) => r.id === one!.id)
    // Hidden above: its words are for those who moderate it, and this reader does not.
    expect(seen).toMatchObject({ hidden: true, text: '' })
    const adminSees = await call(env, admin, 'GET', `/api/v1/reviews?hidden=true`)
    expect(adminSees.json().items.find((r: { id: string }) => r.id === one!.id).text).not.toBe('')
    expect(
      (await call(env, reader, 'POST', `/api/v1/reviews/${one!.id}/reply`, { reply: '谢谢' }))
        .statusCode,
    ).toBe(404)
    expect(
      (
        await call(env, reader, 'POST', `/api/v1/reviews/${one!.id}/moderation`, {
          hidden: true,
          reason: 'x',
        })
      ).statusCode,
    ).toBe(404)
  })
})
