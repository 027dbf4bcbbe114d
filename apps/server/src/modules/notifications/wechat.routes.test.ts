import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemContext } from '../../platform/auth/system-context.ts'
import { fixedClock } from '../../platform/clock.ts'
import { queryRows } from '../../platform/db/database.ts'
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

const APP_ID = 'wx-doorstep-test'

/** A local stand-in for api.weixin.qq.com: login codes resolve to openids; sends answer by the openid. */
const sends: Array<Record<string, unknown>> = []
const codes: Record<string, { openid?: string; errcode?: number; errmsg?: string }> = {
  'code-ok': { openid: 'o-bound-customer' },
  'code-refuser': { openid: 'o-refuser' },
  'code-busy-user': { openid: 'o-busy' },
  'code-used': { errcode: 40163, errmsg: 'code been used' },
  'code-down': { errcode: -1, errmsg: 'system error' },
}
const fake = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://fake')
  const answer = (body: unknown) => {
    response.setHeader('content-type', 'application/json')
    response.end(JSON.stringify(body))
  }
  let raw = ''
  request.on('data', (chunk: Buffer) => (raw += chunk.toString()))
  request.on('end', () => {
    if (url.pathname === '/cgi-bin/token') return answer({ access_token: 'tok', expires_in: 7200 })
    if (url.pathname === '/sns/jscode2session')
      return answer(codes[url.searchParams.get('js_code') ?? ''] ?? { errcode: 40029 })
    const body = JSON.parse(raw) as Record<string, unknown>
    sends.push(body)
    if (body.touser === 'o-refuser') return answer({ errcode: 43101, errmsg: 'user refuse' })
    if (body.touser === 'o-busy')
      return answer({ errcode: 45009, errmsg: 'reach max api daily quota' })
    answer({ errcode: 0, errmsg: 'ok' })
  })
})

const clock = fixedClock(new Date())
let env: TestEnv
let t: Seeded
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>
let admin: Session
let customer: Session

interface Settings {
  wechat: boolean
  wechatBinding: { available: boolean; bound: boolean; boundAt: string | null }
}
interface Delivery {
  channel: string
  status: string
  lastError: string | null
  customerId: string
  customerName: string
}
const settings = async (who: Session) =>
  (await call(env, who, 'GET', '/api/v1/portal/notification-preferences')).json<Settings>()
const wechatDeliveries = async () =>
  (await call(env, admin, 'GET', '/api/v1/notifications/deliveries?channel=wechat')).json<{
    items: Delivery[]
  }>().items
/** Bookings spread over three windows (10:00, 13:00, 15:00 in Shanghai) and three workers: none is refused. */
const WINDOWS_UTC = ['02', '05', '07']
let booked = 0
const book = (customerId: string, addressId: string) =>
  env.core.orders.service.create(systemContext(t.tenantId), {
    customerId,
    addressId,
    serviceItemId: fx.item,
    quantityMilli: 2000,
    addons: [],
    windowStart: `${tomorrow()}T${WINDOWS_UTC[booked++ % WINDOWS_UTC.length]}:00:00.000Z`,
    asap: false,
    channel: 'phone',
    payOnSite: true,
    discountFen: 0,
    notes: '',
  })

beforeAll(async () => {
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve))
  env = await createTestEnv({
    clock,
    env: {
      DOORSTEP_WECHAT_APP_ID: APP_ID,
      DOORSTEP_WECHAT_APP_SECRET: 'secret',
      DOORSTEP_WECHAT_API_URL: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`,
      DOORSTEP_WECHAT_PAGE: 'pages/portal/index',
      DOORSTEP_WECHAT_NOTICE_TEMPLATES: JSON.stringify({
        booking_confirmed: {
          templateId: 'TPL-BOOKED',
          data: { character_string1: 'orderNo', thing2: 'serviceName', time3: 'windowStart' },
        },
      }),
    },
  })
  t = await seedTenant(env)
  fx = await seedBusinessFixture(env, t, { workers: 3 })
  admin = await login(env, t.adminLogin)
  const phone = (await env.core.customers.service.reveal(systemContext(t.tenantId), fx.customer))
    .phone
  customer = await loginCustomer(env, t, phone)
  // The fixture's own booking is not what these tests are about.
  await env.core.notifications.service.runOnce()
})
afterAll(async () => {
  await env.close()
  await new Promise<void>((resolve) => fake.close(() => resolve()))
})

describe('WeChat binding and subscription messages', () => {
  it('should refuse a missing or blank code, naming the field, and write nothing', async () => {
    const before = await auditCount(env, t.tenantId)
    for (const body of [{}, { code: '   ' }]) {
      const res = await call(env, customer, 'POST', '/api/v1/portal/wechat/binding', body, {
        'accept-language': 'en',
      })
      expect(res.statusCode).toBe(400)
      expect(res.json<{ errors: Array<{ field: string }> }>().errors.map((e) => e.field)).toEqual([
        'body.code',
      ])
    }
    expect(await auditCount(env, t.tenantId)).toBe(before)
    expect((await settings(customer)).wechatBinding).toEqual({
      available: true,
      bound: false,
      boundAt: null,
    })
  })

  it("should explain WeChat's refusal of a code (4xx naming it) and its outage (502), binding nothing", async () => {
    const used = await call(env, customer, 'POST', '/api/v1/portal/wechat/binding', {
      code: 'code-used',
    })
    expect(used.statusCode).toBe(400)
    expect(used.json()).toMatchObject({
      code: 'WECHAT_CODE_INVALID',
      detail: expect.stringContaining('小程序') as unknown,
      errors: [{ field: 'body.code' }],
    })
    const down = await call(env, customer, 'POST', '/api/v1/portal/wechat/binding', {
      code: 'code-down',
    })
    expect(down.statusCode).toBe(502)
    expect(down.json()).toMatchObject({ code: 'WECHAT_UNAVAILABLE' })
    expect((await settings(customer)).wechatBinding.bound).toBe(false)
  })

  it('should bind, turn WeChat notices on, audit it without the openid, and keep the openid encrypted', async () => {
    const res = await call(env, customer, 'POST', '/api/v1/portal/wechat/binding', {
      code: 'code-ok',
    })
    expect(res.statusCode).toBe(200)
    expect(res.json<Settings>()).toMatchObject({
      wechat: true,
      wechatBinding: { available: true, bound: true, boundAt: clock.now().toISOString() },
    })
    const [stored] = await env.core.database.tenant(t.tenantId, (tx) =>
      queryRows<{ openid_enc: string; app_id: string }>(
        tx,
        sql`select openid_enc, app_id from wechat_binding where customer_id = ${fx.customer}`,
      ),
    )
    expect(stored?.app_id).toBe(APP_ID)
    expect(stored?.openid_enc).not.toContain('o-bound-customer')
    await env.core.database.settled() // the entry is chained moments after the commit
    const audit = await env.core.database.tenant(t.tenantId, (tx) =>
      queryRows<{ diff: Record<string, unknown> }>(
        tx,
        sql`select diff from audit_log where action = 'notification.wechat_bound' and entity_id = ${fx.customer}`,
      ),
    )
    expect(audit).toHaveLength(1)
    expect(JSON.stringify(audit[0]!.diff)).not.toContain('o-bound-customer')
    expect(audit[0]!.diff).toMatchObject({ wechat: { from: false, to: true } })
  })

  it("should send a bound customer's notice through WeChat and skip an unbound customer, saying why", async () => {
    const other = await loginCustomer(env, t, '13600005555')
    // Not bound: WeChat notices cannot be turned on.
    const unbound = await call(env, other, 'PUT', '/api/v1/portal/notification-preferences', {
      sms: false,
      wechat: true,
      muted: [],
    })
    expect(unbound.json()).toMatchObject({
      code: 'WECHAT_NOT_BOUND',
      errors: [{ field: 'body.wechat' }],
    })
    // Turned on when bound in a mini program the company has since replaced: the binding is no longer theirs.
    await call(env, other, 'PUT', '/api/v1/portal/notification-preferences', {
      sms: false,
      wechat: false,
      muted: [],
    })
    await env.core.database.tenant(t.tenantId, (tx) =>
      queryRows(
        tx,
        sql`update notification_preference set wechat = true where customer_id = ${other.userId}`,
      ),
    )
    const otherAddress = await env.core.customers.service.addAddress(
      systemContext(t.tenantId),
      other.userId,
      {
        label: '家',
        contactName: '王五',
        contactPhone: '13600005555',
        city: '上海市',
        district: '黄浦区',
        detail: '南京东路 100 号 2 室',
        location: { lat: 31.235, lng: 121.48 },
        isDefault: true,
      },
    )
    const order = await book(fx.customer, fx.addressId)
    await book(other.userId, otherAddress.addresses.at(-1)!.id)
    sends.length = 0
    await env.core.notifications.service.runOnce()

    expect(sends).toEqual([
      {
        touser: 'o-bound-customer',
        template_id: 'TPL-BOOKED',
        page: `pages/portal/index?path=${encodeURIComponent(`/orders/${order.id}`)}`,
        data: {
          character_string1: { value: order.orderNo },
          thing2: { value: expect.any(String) as unknown },
          time3: { value: expect.stringMatching(/^\d{4}年\d{1,2}月\d{1,2}日 10:00$/) as unknown },
        },
        miniprogram_state: 'formal',
        lang: 'zh_CN',
      },
    ])
    const rows = await wechatDeliveries()
    expect(rows.find((d) => d.customerId === fx.customer)).toMatchObject({ status: 'sent' })
    expect(rows.find((d) => d.customerId === other.userId)).toMatchObject({
      status: 'skipped',
      lastError: 'customer has not bound WeChat',
      customerName: '客户5555',
    })
  })

  it('should skip a customer who refused the message and retry when WeChat fails otherwise', async () => {
    const refuser = await loginCustomer(env, t, '13600006666')
    const busy = await loginCustomer(env, t, '13600007777')
    for (const [who, code] of [
      [refuser, 'code-refuser'],
      [busy, 'code-busy-user'],
    ] as const)
      expect(
        (await call(env, who, 'POST', '/api/v1/portal/wechat/binding', { code })).statusCode,
      ).toBe(200)
    const ctx = systemContext(t.tenantId)
    for (const who of [refuser, busy]) {
      const withAddress = await env.core.customers.service.addAddress(ctx, who.userId, {
        label: '家',
        contactName: '赵六',
        contactPhone: '13600006666',
        city: '上海市',
        district: '黄浦区',
        detail: '南京东路 200 号 3 室',
        location: { lat: 31.235, lng: 121.48 },
        isDefault: true,
      })
      await book(who.userId, withAddress.addresses.at(-1)!.id)
    }
    await env.core.notifications.service.runOnce()
    const rows = await wechatDeliveries()
    expect(rows.find((d) => d.customerId === refuser.userId)).toMatchObject({
      status: 'skipped',
      lastError: expect.stringContaining('not subscribed') as unknown,
    })
    expect(rows.find((d) => d.customerId === busy.userId)).toMatchObject({
      status: 'pending',
      lastError: 'WeChat 45009: reach max api daily quota',
    })
  })

  it('should unbind (audited), turning WeChat notices off, and send nothing more there', async () => {
    const res = await call(env, customer, 'DELETE', '/api/v1/portal/wechat/binding')
    expect(res.statusCode).toBe(200)
    expect(res.json<Settings>()).toMatchObject({
      wechat: false,
      wechatBinding: { bound: false, boundAt: null },
    })
    await env.core.database.settled() // the entry is chained moments after the commit
    const audit = await env.core.database.tenant(t.tenantId, (tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from audit_log where action = 'notification.wechat_unbound' and entity_id = ${fx.customer}`,
      ),
    )
    expect(audit[0]?.n).toBe(1)
    const before = (await wechatDeliveries()).length
    await book(fx.customer, fx.addressId)
    await env.core.notifications.service.runOnce()
    expect(await wechatDeliveries()).toHaveLength(before)
  })

  it('should take binds and unbinds sent at once in turn: every answer 2xx, one binding at most', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        i % 3 === 2
          ? call(env, customer, 'DELETE', '/api/v1/portal/wechat/binding')
          : call(env, customer, 'POST', '/api/v1/portal/wechat/binding', { code: 'code-ok' }),
      ),
    )
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200, 200])
    const rows = await env.core.database.tenant(t.tenantId, (tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from wechat_binding where customer_id = ${fx.customer}`,
      ),
    )
    expect(rows[0]!.n).toBeLessThanOrEqual(1)
    expect((await settings(customer)).wechatBinding.bound).toBe(rows[0]!.n === 1)
  })
})
