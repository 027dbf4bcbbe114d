import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemContext } from '../../platform/auth/system-context.ts'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import { addDays } from '@doorstep/domain'
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

describe('after-sales', () => {
  it('should take a complaint from the customer through free rework and a follow-up visit to their confirmation', async () => {
    const phone = (await env.core.customers.service.reveal(systemContext(t.tenantId), fx.customer))
      .phone
    const me = await loginCustomer(env, t, phone)
    const early = await call(env, me, 'POST', `/api/v1/portal/orders/${fx.order}/complaints`, {
      category: 'quality',
      description: '厨房没有打扫干净',
    })
    expect(early.json().code).toBe('ORDER_NOT_COMPLETED')
    for (const event of ['assign', 'accept', 'depart', 'check_in', 'complete']) {
      await call(env, admin, 'POST', `/api/v1/orders/${fx.order}/events`, {
        event,
        ...(event === 'assign' ? { workerId: fx.worker } : {}),
      })
    }
    const invisible = await call(env, me, 'POST', `/api/v1/portal/orders/${fx.order}/complaints`, {
      category: 'quality',
      description: '\u200B\u200B\u200B\u200B\u200B\u200B',
    })
    expect(invisible.statusCode).toBe(400)
    expect(invisible.json().errors[0].field).toBe('body.description')
    const filed = await call(env, me, 'POST', `/api/v1/portal/orders/${fx.order}/complaints`, {
      category: 'quality',
      description: '厨房没有打扫干净',
    })
    expect(filed.statusCode).toBe(201)
    expect(filed.json()).toMatchObject({
      status: 'open',
      withinWarranty: true,
      overdue: false,
      // Nothing is the customer's to do yet: responding is the office's step.
      allowedEvents: [],
    })
    // With the warranty's end, so the portal can say "no warranty" apart from "out of warranty".
    const order = (await call(env, admin, 'GET', `/api/v1/orders/${fx.order}`)).json()
    expect(filed.json().warrantyUntil).toBe(order.warrantyUntil)
    expect(order.warrantyUntil).not.toBeNull()
    const id = filed.json().id
    // The portal asks for an order's complaints to offer the one in progress instead of a new one.
    const mine = (query: string) =>
      call(env, me, 'GET', `/api/v1/portal/complaints?${query}`).then(
        (r) => r.json<{ items: Array<{ id: string }> }>().items,
      )
    expect((await mine(`orderId=${fx.order}`)).map((c) => c.id)).toEqual([id])
    expect(await mine('orderId=01900000-0000-7000-8000-000000000000')).toEqual([])
    // Too early to confirm: the customer is told so, and not of steps only staff take.
    const tooSoon = await call(env, me, 'POST', `/api/v1/portal/complaints/${id}/confirm`)
    expect(tooSoon.statusCode).toBe(409)
    expect(tooSoon.json()).toMatchObject({
      code: 'INVALID_TRANSITION',
      allowed: [],
      detail: '投诉当前为“已受理”，不能确认解决',
    })

    // A resolution belongs to the resolve step only; sent with another, it is refused, not dropped.
    const stray = await call(env, admin, 'POST', `/api/v1/complaints/${id}/events`, {
      event: 'respond',
      resolution: { kind: 'explanation', note: '说明' },
    })
    expect(stray.json()).toMatchObject({
      status: 400,
      errors: [{ field: 'body.resolution', code: 'resolution_not_applicable' }],
    })
    const respond = await call(env, admin, 'POST', `/api/v1/complaints/${id}/events`, {
      event: 'respond',
      note: '已致电客户',
    })
    expect(respond.json().firstRespondedAt).not.toBeNull()
    const noPlan = await call(env, admin, 'POST', `/api/v1/complaints/${id}/events`, {
      event: 'resolve',
    })
    expect(noPlan.json().errors[0].field).toBe('body.resolution')
    // The rework's window is refused where the complaint's form has it.
    const pastWindow = await call(env, admin, 'POST', `/api/v1/complaints/${id}/events`, {
      event: 'resolve',
      resolution: { kind: 'rework', note: '返工', windowStart: '2020-01-01T02:00:00.000Z' },
    })
    expect(pastWindow.statusCode).toBe(400)
    expect(pastWindow.json().errors[0].field).toBe('body.resolution.windowStart')
    // The service was since put back to draft and its visits made longer: the rework is owed all the same, and
    // redoes the visit as long as it was — the window picker asks by the order, as the rework is booked.
    const item = `/api/v1/catalog/items/${fx.item}`
    expect(
      (await call(env, admin, 'PATCH', item, { status: 'draft', durationMinutes: 240 })).statusCode,
    ).toBe(200)
    const picker = await call(
      env,
      admin,
      'GET',
      `/api/v1/availability?serviceItemId=${fx.item}&addressId=${order.addressId}&date=${addDays(tomorrow(), 1)}&orderId=${fx.order}`,
    )
    expect(picker.statusCode, picker.body).toBe(200)
    const rework = await call(env, admin, 'POST', `/api/v1/complaints/${id}/events`, {
      event: 'resolve',
      resolution: {
        kind: 'rework',
        note: '免费返工',
        windowStart: new Date(
          new Date(`${tomorrow()}T13:00:00+08:00`).getTime() + 86_400_000,
        ).toISOString(),
      },
    })
    expect(rework.statusCode, rework.body).toBe(200)
    await call(env, admin, 'PATCH', item, { status: 'published', durationMinutes: 120 })
    const reworkOrderId = rework.json().resolution.reworkOrderId
    const linked = (await call(env, admin, 'GET', `/api/v1/orders/${reworkOrderId}`)).json()
    expect(linked.price.totalFen).toBe(0)
    expect(linked.customerId).toBe(fx.customer)
    expect(order.durationMinutes).toBe(120)
    expect(linked.durationMinutes).toBe(120)
    // Noted in the resolving caller's language only (it read '返工：投诉 … · Rework for …').
    expect(linked.notes).toBe(`返工：投诉 ${order.orderNo}`)

    expect(
      (await call(env, me, 'POST', `/api/v1/complaints/${id}/events`, { event: 'close' }))
        .statusCode,
    ).toBe(401)
    const followed = await call(env, admin, 'POST', `/api/v1/complaints/${id}/events`, {
      event: 'follow_up',
      note: '回访：客户满意',
    })
    // Confirming is the customer's word: staff are offered closing, and refused confirming for them.
    expect(followed.json().allowedEvents).toEqual(['close', 'reopen'])
    expect(
      (await call(env, me, 'GET', `/api/v1/portal/complaints/${id}`)).json().allowedEvents,
    ).toEqual(['confirm'])
    const before = await auditCount(env, t.tenantId)
    const forThem = await call(env, admin, 'POST', `/api/v1/complaints/${id}/events`, {
      event: 'confirm',
    })
    expect(forThem.statusCode).toBe(403)
    expect(forThem.json()).toMatchObject({
      code: 'CONFIRMED_BY_CUSTOMER',
      errors: [{ field: 'body.event', code: 'customers_step' }],
    })
    expect(await auditCount(env, t.tenantId)).toBe(before)
    const confirmed = await call(env, me, 'POST', `/api/v1/portal/complaints/${id}/confirm`)
    expect(confirmed.json()).toMatchObject({ status: 'closed' })
    // The customer's answer names the office's steps by role only (the portal shows 客服), theirs by name.
    const signed = confirmed
      .json<{ timeline: Array<{ actor: string; actorName: string | null }> }>()
      .timeline.map((e) => [e.actor, e.actorName])
    expect(signed).toEqual([
      ['customer', '李女士'],
      ['staff', null],
      ['staff', null],
      ['staff', null],
      ['customer', '李女士'],
    ])
    expect(confirmed.json().timeline.map((e: { event: string }) => e.event)).toEqual([
      'file',
      'respond',
      'resolve',
      'follow_up',
      'confirm',
    ])
  })

  it('should report complaint reasons by project and service, and list the queue by status', async () => {
    const day = new Date().toISOString().slice(0, 10)
    const report = (
      await call(env, admin, 'GET', `/api/v1/complaints/report?from=${day}&to=${tomorrow()}`)
    ).json()
    expect(report.rows).toEqual([
      {
        category: 'quality',
        projectId: t.projectIds[0],
        serviceItemId: fx.item,
        serviceName: '日常保洁',
        count: 1,
      },
    ])
    const closed = (await call(env, admin, 'GET', '/api/v1/complaints?status=closed')).json().items
    expect(closed).toHaveLength(1)
    expect(closed[0]).toMatchObject({
      serviceName: '日常保洁',
      workerName: '师傅1',
      customerName: '李女士',
      customerPhoneMasked: expect.stringMatching(/^139\*{4}\d{4}$/) as unknown,
    })
    for (const filter of [
      `serviceItemId=${fx.item}`,
      `orderNo=${closed[0].orderNo}`,
      `orderId=${closed[0].orderId}`,
      `customerId=${closed[0].customerId}`,
    ])
      expect(
        (await call(env, admin, 'GET', `/api/v1/complaints?${filter}`)).json().items,
      ).toHaveLength(1)
    // Another customer's: none (the filter is applied, not ignored).
    expect(
      (await call(env, admin, 'GET', `/api/v1/complaints?customerId=${fx.order}`)).json().items,
    ).toHaveLength(0)
    expect(
      (
        await call(
          env,
          admin,
          'GET',
          `/api/v1/complaints/report?from=${day}&to=${tomorrow()}&projectId=${t.projectIds[1]}`,
        )
      ).json().rows,
    ).toEqual([])
    expect(
      (await call(env, admin, 'GET', '/api/v1/complaints?status=open')).json().items,
    ).toHaveLength(0)
  })

  it("should report and list a complaint on the tenant's day it was filed, whatever the server's zone", async () => {
    const [filed] = (await call(env, admin, 'GET', '/api/v1/complaints?status=closed')).json<{
      items: Array<{ id: string; createdAt: string }>
    }>().items
    const fileAt = (instant: string) =>
      env.core.database.system((tx) =>
        tx.execute(
          sql`update complaint set created_at = ${instant}::timestamptz where id = ${filed!.id}`,
        ),
      )
    const reported = async (date: string) =>
      (await call(env, admin, 'GET', `/api/v1/complaints/report?from=${date}&to=${date}`)).json<{
        rows: unknown[]
      }>().rows.length
    const listed = async (query: string) =>
      (await call(env, admin, 'GET', `/api/v1/complaints?${query}`)).json<{ items: unknown[] }>()
        .items.length
    try {
      // 16:30 UTC the day before: a server in UTC reading the dates in its own zone reported it on that day.
      await fileAt('2026-01-15T00:30:00+08:00')
      expect(await reported('2026-01-15')).toBe(1)
      expect(await reported('2026-01-14')).toBe(0)
      // The queue's date range reads the same days.
      expect(await listed('from=2026-01-15&to=2026-01-15')).toBe(1)
      expect(await listed('to=2026-01-14')).toBe(0)
      expect(await listed('from=2026-01-16')).toBe(0)
      const bad = await call(env, admin, 'GET', '/api/v1/complaints?from=2026-02-30')
      expect(bad.statusCode).toBe(400)
      expect(bad.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe('query.from')
    } finally {
      await fileAt(filed!.createdAt)
    }
  })

  it('should keep one complaint in progress per order, even when several are filed at once', async () => {
    // The first complaint on this order is closed; a new one may be filed, but only one at a time. (PGlite has
    // one connection and runs the filings one after another: the lock is tested on PostgreSQL, as CI runs.)
    const filings = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call(env, admin, 'POST', '/api/v1/complaints', {
          orderId: fx.order,
          category: 'damage',
          description: `花瓶被打碎了 ${i}`,
        }),
      ),
    )
    const filed = filings.filter((r) => r.statusCode === 201)
    expect(filed).toHaveLength(1)
    const refused = filings.filter((r) => r.statusCode !== 201)
    for (const r of refused)
      expect(r.json()).toMatchObject({
        status: 409,
        code: 'COMPLAINT_OPEN',
        complaintId: filed[0]!.json().id,
      })
    const english = await call(
      env,
      admin,
      'POST',
      '/api/v1/complaints',
      { orderId: fx.order, category: 'other', description: 'again' },
      { 'accept-language': 'en' },
    )
    expect(english.json().detail).toBe(
      'This order already has a complaint in progress; follow it up there',
    )
    expect(
      (await call(env, admin, 'GET', `/api/v1/complaints?orderId=${fx.order}`)).json().items,
    ).toHaveLength(2)
    // The home page's count: the one in progress waits on the office, not yet past its deadline.
    expect((await call(env, admin, 'GET', '/api/v1/complaints/overview')).json()).toEqual({
      unresolved: 1,
      overdue: 0,
    })
    expect(
      (
        await call(env, admin, 'GET', `/api/v1/complaints/overview?projectId=${t.projectIds[1]}`)
      ).json(),
    ).toEqual({ unresolved: 0, overdue: 0 })
  })

  it('should take no new booking or plan where the project is deactivated, yet book a rework it owes there', async () => {
    const project = t.projectIds[0]!
    const setActive = (active: boolean) =>
      call(env, admin, 'PATCH', `/api/v1/projects/${project}`, { active })
    expect((await setActive(false)).statusCode).toBe(200)
    try {
      const before = await auditCount(env, t.tenantId)
      const day = addDays(tomorrow(), 3)
      const booking = await call(env, admin, 'POST', '/api/v1/orders', {
        customerId: fx.customer,
        addressId: fx.addressId,
        serviceItemId: fx.item,
        quantityMilli: 2000,
        windowStart: `${day}T02:00:00.000Z`,
      })
      expect(booking.statusCode).toBe(409)
      expect(booking.json()).toMatchObject({
        code: 'PROJECT_CLOSED',
        errors: [{ field: 'body.addressId', code: 'project_closed' }],
      })
      const plan = await call(env, admin, 'POST', '/api/v1/plans', {
        customerId: fx.customer,
        addressId: fx.addressId,
        serviceItemId: fx.item,
        quantityMilli: 2000,
        rrule: 'FREQ=WEEKLY;COUNT=4',
        startDate: day,
        windowHour: 10,
      })
      expect(plan.statusCode).toBe(409)
      expect(plan.json().code).toBe('PROJECT_CLOSED')
      expect(await auditCount(env, t.tenantId)).toBe(before)

      // The complaint in progress on this order is still owed its free rework there.
      const [inProgress] = (
        await call(env, admin, 'GET', `/api/v1/complaints?orderId=${fx.order}&status=open`)
      ).json<{ items: Array<{ id: string }> }>().items
      const responded = await call(
        env,
        admin,
        'POST',
        `/api/v1/complaints/${inProgress!.id}/events`,
        {
          event: 'respond',
        },
      )
      expect(responded.statusCode).toBe(200)
      const rework = await call(env, admin, 'POST', `/api/v1/complaints/${inProgress!.id}/events`, {
        event: 'resolve',
        resolution: { kind: 'rework', note: '返工', windowStart: `${day}T05:00:00.000Z` },
      })
      expect(rework.statusCode, rework.body).toBe(200)
      expect(rework.json().resolution.reworkOrderId).toEqual(expect.any(String))

      // Reopened and resolved again: the first rework, still open, is not left behind or doubled.
      const event = (body: Record<string, unknown>) =>
        call(env, admin, 'POST', `/api/v1/complaints/${inProgress!.id}/events`, body)
      expect((await event({ event: 'reopen' })).statusCode).toBe(200)
      const second = await event({
        event: 'resolve',
        resolution: { kind: 'rework', note: '再次返工', windowStart: `${day}T06:00:00.000Z` },
      })
      const firstRework = (
        await call(env, admin, 'GET', `/api/v1/orders/${rework.json().resolution.reworkOrderId}`)
      ).json<{ id: string; orderNo: string }>()
      expect(second.statusCode).toBe(409)
      expect(second.json()).toMatchObject({
        code: 'REWORK_STILL_OPEN',
        orderNo: firstRework.orderNo,
        errors: [{ field: 'body.resolution', code: 'rework_still_open' }],
      })
      await call(env, admin, 'POST', `/api/v1/orders/${firstRework.id}/events`, {
        event: 'cancel',
        reason: '改为退款',
      })
      // A refund says how much, at most what the order charged; only money requests carry an amount.
      const charged = (await call(env, admin, 'GET', `/api/v1/orders/${fx.order}`)).json<{
        price: { totalFen: number; feesFen: number }
      }>().price
      const refused = async (resolution: Record<string, unknown>, code: string) => {
        const before = await auditCount(env, t.tenantId)
        const answer = await event({ event: 'resolve', resolution })
        expect(answer.statusCode, answer.body).toBe(400)
        expect(answer.json()).toMatchObject({
          errors: [{ field: 'body.resolution.amountFen', code }],
        })
        expect(await auditCount(env, t.tenantId)).toBe(before)
      }
      await refused({ kind: 'refund_request', note: '退款' }, 'amount_required')
      await refused({ kind: 'coupon_request', note: '补偿券' }, 'amount_required')
      await refused(
        {
          kind: 'refund_request',
          note: '全额退款',
          amountFen: charged.totalFen + charged.feesFen + 1,
        },
        'refund_too_large',
      )
      await refused(
        { kind: 'explanation', note: '已说明', amountFen: 100 },
        'amount_not_applicable',
      )
      await refused(
        { kind: 'rework', note: '返工', windowStart: `${day}T06:00:00.000Z`, amountFen: 100 },
        'amount_not_applicable',
      )
      const windowed = await event({
        event: 'resolve',
        resolution: {
          kind: 'refund_request',
          note: '退款',
          amountFen: 100,
          windowStart: `${day}T06:00:00.000Z`,
        },
      })
      expect(windowed.json()).toMatchObject({
        status: 400,
        errors: [{ field: 'body.resolution.windowStart', code: 'window_not_applicable' }],
      })
      const refund = await event({
        event: 'resolve',
        resolution: { kind: 'refund_request', note: '退款 50 元', amountFen: 5000 },
      })
      expect(refund.statusCode, refund.body).toBe(200)
      expect(refund.json().resolution).toMatchObject({
        kind: 'refund_request',
        amountFen: 5000,
        reworkOrderId: null,
      })
      // The audit keeps what finance acts on, and what it replaced (the cancelled rework).
      const audited = (
        await call(
          env,
          admin,
          'GET',
          `/api/v1/audit?action=complaint.resolve&entityId=${inProgress!.id}`,
        )
      ).json<{ items: Array<{ diff: Record<string, { from: unknown; to: unknown }> }> }>().items
      expect(audited[0]!.diff.resolution).toEqual({
        from: { kind: 'rework', reworkOrderId: firstRework.id },
        to: { kind: 'refund_request', amountFen: 5000 },
      })

      // Closed, and complained about again: the refunds of the order's complaints together stay within its charge.
      await event({ event: 'follow_up', note: '回访：已退款' })
      await event({ event: 'close' })
      const again = await call(env, admin, 'POST', '/api/v1/complaints', {
        orderId: fx.order,
        category: 'quality',
        description: '还是不满意，要求退款',
      })
      expect(again.statusCode, again.body).toBe(201)
      const step = (body: Record<string, unknown>) =>
        call(env, admin, 'POST', `/api/v1/complaints/${again.json().id}/events`, body)
      await step({ event: 'respond', note: '已联系' })
      const left = charged.totalFen + charged.feesFen - 5000
      const over = await step({
        event: 'resolve',
        resolution: { kind: 'refund_request', note: '再退', amountFen: left + 1 },
      })
      expect(over.json()).toMatchObject({
        code: 'REFUND_TOO_LARGE',
        errors: [{ field: 'body.resolution.amountFen', code: 'refund_too_large' }],
      })
      expect(over.json().detail).toContain((left / 100).toFixed(2))
      const rest = await step({
        event: 'resolve',
        resolution: { kind: 'refund_request', note: '退还余款', amountFen: left },
      })
      expect(rest.statusCode, rest.body).toBe(200)
    } finally {
      await setActive(true)
    }
  })
})
