import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_DELIVERY_ATTEMPTS } from '@doorstep/domain'
import { sql } from 'drizzle-orm'
import { queryRows } from '../../platform/db/database.ts'
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

interface Notice {
  id: string
  template: string
  title: string
  body: string
  orderId: string | null
  readAt: string | null
}
interface Delivery {
  customerName: string
  template: string
  channel: string
  status: string
  attempts: number
  nextAttemptAt: string | null
  lastError: string | null
}

const clock = fixedClock(new Date())
let env: TestEnv
let t: Seeded
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>
let admin: Session
let customer: Session
let phone: string
let secondOrder: string

const inbox = async (query = '') =>
  (await call(env, customer, 'GET', `/api/v1/portal/notifications${query}`)).json<{
    items: Notice[]
    unread: number
    nextCursor: string | null
  }>()
const deliveries = async (query = '') =>
  (await call(env, admin, 'GET', `/api/v1/notifications/deliveries${query}`)).json<{
    items: Delivery[]
  }>().items
const step = (event: string, extra: Record<string, unknown> = {}) =>
  env.core.orders.service.apply(
    systemContext(t.tenantId),
    fx.order,
    { event, ...extra } as never,
    undefined,
  )

beforeAll(async () => {
  env = await createTestEnv({ clock })
  t = await seedTenant(env)
  fx = await seedBusinessFixture(env, t)
  admin = await login(env, t.adminLogin)
  phone = (await env.core.customers.service.reveal(systemContext(t.tenantId), fx.customer)).phone
  customer = await loginCustomer(env, t, phone)
})
afterAll(() => env.close())

describe('notifications', () => {
  it('should put the booking confirmation in the inbox and text it, once however often the relay runs', async () => {
    // A stopping process's pass leaves the events to the next one.
    expect(await env.core.notifications.service.runOnce(AbortSignal.abort())).toEqual({
      relayed: 0,
      delivered: 0,
    })
    const first = await env.core.notifications.service.runOnce()
    expect(first.relayed).toBeGreaterThan(0)
    const page = await inbox()
    expect(page.items.map((n) => n.template)).toEqual(['booking_confirmed'])
    expect(page.items[0]).toMatchObject({ title: '预约成功', orderId: fx.order, readAt: null })
    expect(page.unread).toBe(1)
    const log = fs.readFileSync(path.join(env.dataDir, 'dev-notices.log'), 'utf8')
    expect(log).toContain(`sms ${phone} 【预约成功】`)
    expect(await deliveries('?channel=sms')).toMatchObject([
      { template: 'booking_confirmed', status: 'sent', attempts: 1, customerName: '李女士' },
    ])

    expect(await env.core.notifications.service.runOnce()).toEqual({ relayed: 0, delivered: 0 })
    expect((await inbox()).items).toHaveLength(1)
  })

  it("should speak the reader's language", async () => {
    const res = await call(env, customer, 'GET', '/api/v1/portal/notifications', undefined, {
      'accept-language': 'en',
    })
    expect(res.json<{ items: Notice[] }>().items[0]?.title).toBe('Booking confirmed')
  })

  it('should tell the customer each step and ask for a review, and count what is unread', async () => {
    await step('assign', { workerId: fx.worker })
    await step('accept')
    await step('depart')
    await step('check_in')
    await step('complete')
    await env.core.notifications.service.runOnce()
    const page = await inbox()
    expect(page.items.map((n) => n.template)).toEqual([
      'review_request',
      'order_completed',
      'worker_on_the_way',
      'worker_assigned',
      'booking_confirmed',
    ])
    expect(page.unread).toBe(5)

    const read = await call(
      env,
      customer,
      'POST',
      `/api/v1/portal/notifications/${page.items[0]!.id}/read`,
    )
    expect(read.statusCode).toBe(200)
    expect(read.json<Notice>().readAt).not.toBeNull()
    expect((await inbox()).unread).toBe(4)
    expect((await inbox('?unread=true')).items).toHaveLength(4)
    expect((await inbox('?unread=false&limit=1')).items.map((n) => n.template)).toEqual([
      'review_request',
    ])
  })

  it("should not let a customer read another customer's notice", async () => {
    const notice = (await inbox()).items[0]!
    const other = await loginCustomer(env, t, '13600001234')
    const res = await call(env, other, 'POST', `/api/v1/portal/notifications/${notice.id}/read`)
    expect(res.statusCode).toBe(404)
    expect((await call(env, other, 'GET', '/api/v1/portal/notifications')).json()).toMatchObject({
      items: [],
      unread: 0,
    })
  })

  it('should mark all my notices read at once and say how many', async () => {
    const unread = (await inbox()).unread
    expect(unread).toBeGreaterThan(1)
    const res = await call(env, customer, 'POST', '/api/v1/portal/notifications/read-all')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ count: unread })
    expect((await inbox()).unread).toBe(0)
    expect((await inbox('?unread=true')).items).toEqual([])
    const again = await call(env, customer, 'POST', '/api/v1/portal/notifications/read-all')
    expect(again.json()).toEqual({ count: 0 })
  })

  it('should follow the preferences: no SMS when turned off, WeChat skipped without a binding', async () => {
    const bad = await call(env, customer, 'PUT', '/api/v1/portal/notification-preferences', {
      sms: false,
      wechat: true,
      muted: ['nope'],
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toMatch(
      /^body\.muted/,
    )

    // WeChat notices cannot be turned on where the company sends none: every one would be skipped unseen.
    const noWechat = await call(env, customer, 'PUT', '/api/v1/portal/notification-preferences', {
      sms: false,
      wechat: true,
      muted: [],
    })
    expect(noWechat.statusCode).toBe(409)
    expect(noWechat.json()).toMatchObject({
      code: 'WECHAT_NOT_AVAILABLE',
      errors: [{ field: 'body.wechat' }],
    })
    const set = await call(env, customer, 'PUT', '/api/v1/portal/notification-preferences', {
      sms: false,
      wechat: false,
      muted: [],
    })
    expect(set.statusCode).toBe(200)
    // Turned on while the company still sent WeChat notices, and kept after it stopped.
    await env.core.database.tenant(t.tenantId, (tx) =>
      queryRows(
        tx,
        sql`update notification_preference set wechat = true where customer_id = ${fx.customer}`,
      ),
    )
    expect(
      (await call(env, customer, 'GET', '/api/v1/portal/notification-preferences')).json(),
    ).toEqual({
      sms: false,
      wechat: true,
      muted: [],
      wechatBinding: { available: false, bound: false, boundAt: null },
    })

    const ctx = systemContext(t.tenantId)
    const order = await env.core.orders.service.create(ctx, {
      customerId: fx.customer,
      addressId: fx.addressId,
      serviceItemId: fx.item,
      quantityMilli: 2000,
      addons: [],
      windowStart: `${tomorrow()}T02:00:00.000Z`,
      asap: false,
      channel: 'phone',
      payOnSite: true,
      discountFen: 0,
      notes: '',
    })
    await env.core.notifications.service.runOnce()
    const mine = (await deliveries()).filter((d) => d.template === 'booking_confirmed')
    expect(mine.map((d) => `${d.channel}:${d.status}`).sort()).toEqual([
      'in_app:sent',
      'in_app:sent',
      'sms:sent',
      'wechat:skipped',
    ])
    expect(mine.find((d) => d.channel === 'wechat')?.lastError).toBe(
      'WeChat notices are not configured (DOORSTEP_WECHAT_APP_ID)',
    )
    secondOrder = order.id
  })

  it('should refuse to bind WeChat when the company has no mini program configured', async () => {
    const res = await call(env, customer, 'POST', '/api/v1/portal/wechat/binding', { code: 'x' })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({
      code: 'WECHAT_NOT_AVAILABLE',
      detail: '服务公司尚未开通微信通知',
    })
  })

  it('should retry a failing SMS with growing delays, then give up and say why', async () => {
    await call(env, customer, 'PUT', '/api/v1/portal/notification-preferences', {
      sms: true,
      wechat: false,
      muted: [],
    })
    const sms = env.core.sms
    const original = sms.sendNotice.bind(sms)
    sms.sendNotice = () => Promise.reject(new Error('provider down'))
    try {
      await env.core.orders.service.apply(
        systemContext(t.tenantId),
        secondOrder,
        { event: 'cancel', reason: 'test' },
        undefined,
      )
      await env.core.notifications.service.runOnce()
      const pending = () => deliveries('?channel=sms&status=pending')
      expect(await pending()).toMatchObject([
        { template: 'order_cancelled', attempts: 1, lastError: 'provider down' },
      ])
      const firstRetry = Date.parse((await pending())[0]!.nextAttemptAt!)
      expect(firstRetry - clock.now().getTime()).toBe(30_000)

      // Not due yet: nothing is sent early.
      expect((await env.core.notifications.service.runOnce()).delivered).toBe(0)
      for (let attempt = 2; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
        const due = (await pending())[0]!
        clock.advance(Date.parse(due.nextAttemptAt!) - clock.now().getTime())
        expect((await env.core.notifications.service.runOnce()).delivered).toBe(1)
      }
      // Hours have passed: the staff session idled out.
      admin = await login(env, t.adminLogin)
      expect(await pending()).toEqual([])
      expect(await deliveries('?channel=sms&status=failed')).toMatchObject([
        { template: 'order_cancelled', attempts: MAX_DELIVERY_ATTEMPTS, nextAttemptAt: null },
      ])
    } finally {
      sms.sendNotice = original
    }
  })

  it('should mark read only up to the newest notice I have seen, not one relayed since', async () => {
    const book = (hour: string) =>
      env.core.orders.service.create(systemContext(t.tenantId), {
        customerId: fx.customer,
        addressId: fx.addressId,
        serviceItemId: fx.item,
        quantityMilli: 2000,
        addons: [],
        windowStart: `${tomorrow()}T${hour}:00:00.000Z`,
        asap: false,
        channel: 'phone',
        payOnSite: true,
        discountFen: 0,
        notes: '',
      })
    const readAll = (body?: unknown, headers: Record<string, string> = {}) =>
      call(env, customer, 'POST', '/api/v1/portal/notifications/read-all', body, headers)
    expect((await readAll()).json()).toMatchObject({ count: expect.any(Number) as unknown })

    await book('05')
    await env.core.notifications.service.runOnce()
    const seen = (await inbox()).items[0]!
    expect(seen).toMatchObject({ template: 'booking_confirmed', readAt: null })
    // Relayed after the page loaded: the customer has not seen it.
    await book('07')
    await env.core.notifications.service.runOnce()

    const res = await readAll({ upTo: seen.id })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ count: 1 })
    const after = await inbox()
    expect(after.unread).toBe(1)
    expect(after.items.find((n) => n.id === seen.id)?.readAt).not.toBeNull()
    expect(after.items[0]).toMatchObject({ template: 'booking_confirmed', readAt: null })
    expect(after.items[0]!.id > seen.id).toBe(true)

    const bad = await readAll({ upTo: 'latest' }, { 'accept-language': 'en' })
    expect(bad.statusCode).toBe(400)
    const problem = bad.json<{ code: string; errors: Array<{ field: string; message: string }> }>()
    expect(problem.code).toBe('VALIDATION_FAILED')
    expect(problem.errors).toHaveLength(1)
    expect(problem.errors[0]).toMatchObject({
      field: 'body.upTo',
      message: 'Not a valid id',
    })
    const zh = (await readAll({ upTo: 42 })).json<{
      errors: Array<{ field: string; message: string }>
    }>()
    expect(zh.errors[0]?.field).toBe('body.upTo')
    expect(zh.errors[0]?.message).toMatch(/[\u4e00-\u9fff]/)
    expect((await inbox()).unread).toBe(1)

    // A client that sends no body (before `upTo`) still marks everything.
    expect((await readAll()).json()).toEqual({ count: 1 })
    expect((await inbox()).unread).toBe(0)
  })

  it('should list deliveries written between two days of the company', async () => {
    const all = await deliveries('?limit=200')
    expect(all.length).toBeGreaterThan(0)
    const later = new Date(clock.now().getTime() + 2 * 86_400_000).toISOString().slice(0, 10)
    expect(await deliveries(`?limit=200&from=2020-01-01&to=${later}`)).toHaveLength(all.length)
    expect(await deliveries('?from=2020-01-01&to=2020-01-31')).toEqual([])
    expect(await deliveries(`?from=${later}`)).toEqual([])
    const bad = await call(env, admin, 'GET', '/api/v1/notifications/deliveries?to=2026-13-01')
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe('query.to')
  })

  it('should show deliveries only to staff who may read the audit trail', async () => {
    const res = await call(env, customer, 'GET', '/api/v1/notifications/deliveries')
    expect(res.statusCode).toBe(401)
  })
})
