import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { PRIVACY_NOTICE_VERSION } from '@doorstep/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemContext } from '../../platform/auth/system-context.ts'
import { queryRows } from '../../platform/db/database.ts'
import type { Seeded, TestEnv } from '../../test-support/harness.ts'
import {
  call,
  completeAndReview,
  createTestEnv,
  login,
  loginCustomer,
  seedBusinessFixture,
  seedTenant,
  tomorrow,
} from '../../test-support/harness.ts'

let env: TestEnv
let t: Seeded
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>
let tenant: Record<string, string>

beforeAll(async () => {
  env = await createTestEnv()
  t = await seedTenant(env)
  fx = await seedBusinessFixture(env, t)
  tenant = { 'x-doorstep-tenant': t.slug }
})
afterAll(() => env.close())

describe('portal sign-in by SMS code', () => {
  it('should make one customer of a caller signing up while an agent enters them', async () => {
    const admin = await login(env, t.adminLogin)
    for (let round = 0; round < 4; round++) {
      const phone = `1360000${2200 + round}`
      await call(env, null, 'POST', '/api/v1/portal/otp', { phone }, tenant)
      const code = env.core.sms.last?.get(phone)
      const [entered, signedUp] = await Promise.all([
        call(env, admin, 'POST', '/api/v1/customers', { name: '来电客户', phone }),
        call(
          env,
          null,
          'POST',
          '/api/v1/portal/login',
          { phone, code, consentVersion: PRIVACY_NOTICE_VERSION },
          tenant,
        ),
      ])
      expect(signedUp.statusCode, signedUp.body).toBe(200)
      // Whichever came second finds the first: the agent is shown who has the number, never a bare conflict.
      if (entered.statusCode !== 201)
        expect(entered.json()).toMatchObject({
          code: 'DUPLICATE_CUSTOMER',
          customerId: signedUp.json().customer.id,
        })
      else expect(signedUp.json().customer.id).toBe(entered.json().id)
    }
  })

  it('should send one code a minute to a phone, also when asked for many at once', async () => {
    const phone = '13600001122'
    const asked = await Promise.all(
      Array.from({ length: 8 }, () =>
        call(env, null, 'POST', '/api/v1/portal/otp', { phone }, tenant),
      ),
    )
    expect(asked.filter((r) => r.statusCode === 200)).toHaveLength(1)
    for (const r of asked.filter((r) => r.statusCode !== 200))
      expect(r.json()).toMatchObject({ code: 'OTP_TOO_SOON' })
  })

  it('should refuse a wrong code counting the tries, then a resend too soon, and sign in with the right code', async () => {
    const phone = '13600001111'
    expect(
      (await call(env, null, 'POST', '/api/v1/portal/otp', { phone }, tenant)).json(),
    ).toMatchObject({ sent: true, resendAfterSeconds: 60 })
    const again = await call(env, null, 'POST', '/api/v1/portal/otp', { phone }, tenant)
    expect(again.statusCode).toBe(429)
    expect(again.json().code).toBe('OTP_TOO_SOON')
    const wrong = await call(
      env,
      null,
      'POST',
      '/api/v1/portal/login',
      {
        phone,
        code: '000000' === env.core.sms.last?.get(phone) ? '111111' : '000000',
        consentVersion: PRIVACY_NOTICE_VERSION,
      },
      tenant,
    )
    expect(wrong.json()).toMatchObject({
      code: 'OTP_INVALID',
      attemptsLeft: 4,
      errors: [{ field: 'body.code' }],
    })
    // Consent to a notice the server no longer shows (a page loaded before it changed) is not recorded, and
    // the code stays usable once the page shows the current notice.
    for (const locale of ['zh-CN', 'en']) {
      const stale = await call(
        env,
        null,
        'POST',
        '/api/v1/portal/login',
        { phone, code: env.core.sms.last?.get(phone), consentVersion: '2020-01-01' },
        { ...tenant, 'accept-language': locale },
      )
      expect(stale.statusCode).toBe(400)
      expect(stale.json().errors).toEqual([
        {
          field: 'body.consentVersion',
          code: 'stale_privacy_notice',
          message:
            locale === 'en'
              ? 'The privacy notice has changed: reload the page, read and agree to the current one, then sign in'
              : '隐私政策已更新：请刷新页面，阅读并同意最新版本后再登录',
        },
      ])
      expect(stale.cookies).toEqual([])
    }
    const ok = await call(
      env,
      null,
      'POST',
      '/api/v1/portal/login',
      { phone, code: env.core.sms.last?.get(phone), consentVersion: PRIVACY_NOTICE_VERSION },
      tenant,
    )
    expect(ok.statusCode).toBe(200)
    expect(ok.json().customer).toMatchObject({ name: '客户1111', phoneMasked: '136****1111' })
    // Single use: the same code does not work twice.
    const reused = await call(
      env,
      null,
      'POST',
      '/api/v1/portal/login',
      { phone, code: env.core.sms.last?.get(phone), consentVersion: PRIVACY_NOTICE_VERSION },
      tenant,
    )
    expect(reused.json().code).toBe('OTP_EXPIRED')
  })

  it('should lock a code after five wrong tries', async () => {
    const phone = '13600002222'
    await call(env, null, 'POST', '/api/v1/portal/otp', { phone }, tenant)
    const right = env.core.sms.last?.get(phone)
    const wrongCode = right === '123456' ? '654321' : '123456'
    const codes = []
    for (let i = 0; i < 5; i++)
      codes.push(
        (
          await call(
            env,
            null,
            'POST',
            '/api/v1/portal/login',
            { phone, code: wrongCode, consentVersion: PRIVACY_NOTICE_VERSION },
            tenant,
          )
        ).json().code,
      )
    expect(codes).toEqual([
      'OTP_INVALID',
      'OTP_INVALID',
      'OTP_INVALID',
      'OTP_INVALID',
      'OTP_TOO_MANY_ATTEMPTS',
    ])
    expect(
      (
        await call(
          env,
          null,
          'POST',
          '/api/v1/portal/login',
          { phone, code: right, consentVersion: PRIVACY_NOTICE_VERSION },
          tenant,
        )
      ).json().code,
    ).toBe('OTP_TOO_MANY_ATTEMPTS')
  })

  it('should refuse a sign-in without consent to the privacy notice, and record the consent given', async () => {
    const phone = '13600005555'
    await call(env, null, 'POST', '/api/v1/portal/otp', { phone }, tenant)
    const code = env.core.sms.last?.get(phone)
    const refused = await call(env, null, 'POST', '/api/v1/portal/login', { phone, code }, tenant)
    expect(refused.statusCode).toBe(400)
    // No consent at all is not a stale page: zod's own "required" (the portal reloads only on a stale one).
    expect(refused.json().errors).toEqual([
      { field: 'body.consentVersion', code: 'invalid_value', message: expect.any(String) },
    ])
    expect(refused.json().errors[0].message).not.toContain('隐私政策已更新')
    const ok = await call(
      env,
      null,
      'POST',
      '/api/v1/portal/login',
      { phone, code, consentVersion: PRIVACY_NOTICE_VERSION },
      tenant,
    )
    expect(ok.statusCode).toBe(200)
    await env.core.database.settled() // the entry is chained moments after the commit
    const signedUp = await env.core.database.tenant(t.tenantId, (tx) =>
      queryRows<{ diff: Record<string, { to: unknown }> }>(
        tx,
        sql`select diff from audit_log where action = 'customer.signed_up' and entity_id = ${ok.json().customer.id}`,
      ),
    )
    expect(signedUp[0]?.diff.privacyConsent?.to).toBe(PRIVACY_NOTICE_VERSION)
  })

  it("should answer a guest's session check with signedIn false, not a 401, and keep /portal/me protected", async () => {
    const guest = await call(env, null, 'GET', '/api/v1/portal/session', undefined, tenant)
    expect(guest.statusCode).toBe(200)
    expect(guest.json()).toEqual({ signedIn: false })
    expect(guest.cookies).toEqual([])
    expect((await call(env, null, 'GET', '/api/v1/portal/me', undefined, tenant)).statusCode).toBe(
      401,
    )

    const me = await loginCustomer(env, t, '13600008899')
    const signedIn = await call(env, me, 'GET', '/api/v1/portal/session')
    expect(signedIn.statusCode).toBe(200)
    expect(signedIn.json()).toEqual({
      ...(await call(env, me, 'GET', '/api/v1/portal/me')).json(),
      signedIn: true,
    })
    expect(signedIn.json()).toMatchObject({
      customer: { id: me.userId, phoneMasked: '136****8899' },
      csrfToken: me.csrf,
    })

    // Signed out (here, or on another phone): the cookie left behind is a guest's, and the server drops it.
    expect((await call(env, me, 'POST', '/api/v1/portal/logout')).statusCode).toBe(200)
    const after = await call(env, me, 'GET', '/api/v1/portal/session')
    expect(after.statusCode).toBe(200)
    expect(after.json()).toEqual({ signedIn: false })
    expect(after.cookies).toMatchObject([{ name: 'ds_portal', value: '' }])
    expect((await call(env, me, 'GET', '/api/v1/portal/me')).statusCode).toBe(401)
  })

  it('should give a customer their own phone in full to fill an address contact, and a guest nothing', async () => {
    const me = await loginCustomer(env, t, '13600009911')
    // The session every page reads keeps the phone masked; the address form asks for it in full.
    expect((await call(env, me, 'GET', '/api/v1/portal/session')).json().customer).toMatchObject({
      phoneMasked: '136****9911',
    })
    const contact = await call(env, me, 'GET', '/api/v1/portal/me/contact')
    expect(contact.statusCode).toBe(200)
    expect(contact.json()).toEqual({ name: '客户9911', phone: '13600009911' })
    await call(env, me, 'PATCH', '/api/v1/portal/me', { name: '赵女士' })
    expect((await call(env, me, 'GET', '/api/v1/portal/me/contact')).json()).toEqual({
      name: '赵女士',
      phone: '13600009911',
    })
    const guest = await call(env, null, 'GET', '/api/v1/portal/me/contact', undefined, tenant)
    expect(guest.statusCode).toBe(401)
    expect(guest.json().code).toBe('UNAUTHENTICATED')
  })

  it('should not accept a staff session on portal endpoints, nor a portal session on staff ones', async () => {
    const customer = await loginCustomer(env, t, '13600003333')
    expect((await call(env, customer, 'GET', '/api/v1/orders')).statusCode).toBe(401)
    expect((await call(env, customer, 'GET', '/api/v1/portal/me')).statusCode).toBe(200)
  })
})

describe('portal booking', () => {
  it('should let a customer add an address, see windows, book, see only their own orders, and cancel', async () => {
    const me = await loginCustomer(env, t, '13600004444')
    const catalog = (
      await call(env, null, 'GET', '/api/v1/portal/catalog', undefined, tenant)
    ).json()
    expect(catalog.items.map((i: { id: string }) => i.id)).toContain(fx.item)
    expect(catalog.company.name.length).toBeGreaterThan(0)
    const added = await call(env, me, 'POST', '/api/v1/portal/addresses', {
      contactName: '我',
      contactPhone: '13600004444',
      city: '上海',
      district: '浦东新区',
      detail: '东方路 1 号 101',
      location: { lat: 31.235, lng: 121.48 },
    })
    expect(added.statusCode).toBe(201)
    const addressId = added.json().items[0].id
    // The customer reads their own address in full (staff lists mask the door number).
    const own = (await call(env, me, 'GET', '/api/v1/portal/addresses')).json().items
    expect(own[0]).toMatchObject({
      detail: '东方路 1 号 101',
      detailMasked: '浦东新区 东方路****',
      contactPhoneMasked: '136****4444',
    })
    expect(own[0]).not.toHaveProperty('contactPhone')
    const windows = (
      await call(
        env,
        me,
        'GET',
        `/api/v1/portal/availability?serviceItemId=${fx.item}&addressId=${addressId}&date=${tomorrow()}`,
      )
    ).json().windows
    const free = windows.find((w: { available: boolean }) => w.available)
    const booked = await call(
      env,
      me,
      'POST',
      '/api/v1/portal/orders',
      { addressId, serviceItemId: fx.item, quantityMilli: 2000, windowStart: free.start },
      { 'idempotency-key': 'portal-book-0001' },
    )
    expect(booked.statusCode).toBe(201)
    // Nothing to pay ahead (the item takes no deposit): paid after the service, so it goes to dispatch at once.
    expect(booked.json()).toMatchObject({
      channel: 'portal',
      status: 'pending_dispatch',
      payOnSite: true,
    })
    const mine = (await call(env, me, 'GET', '/api/v1/portal/orders')).json().items
    expect(mine.map((o: { id: string }) => o.id)).toEqual([booked.json().id])
    // Offered only the customer's own steps (staff would see assign among them).
    const detail = await call(env, me, 'GET', `/api/v1/portal/orders/${booked.json().id}`)
    for (const order of [booked.json(), mine[0], detail.json()])
      expect(order.allowedEvents).toEqual(['cancel', 'reschedule'])
    // Someone else's order, and someone else's address, are not found.
    expect((await call(env, me, 'GET', `/api/v1/portal/orders/${fx.order}`)).statusCode).toBe(404)
    expect(
      (
        await call(
          env,
          me,
          'GET',
          `/api/v1/portal/availability?serviceItemId=${fx.item}&addressId=${fx.addressId}&date=${tomorrow()}`,
        )
      ).statusCode,
    ).toBe(400)
    const cancelled = await call(
      env,
      me,
      'POST',
      `/api/v1/portal/orders/${booked.json().id}/actions`,
      { action: 'cancel', reason: '不需要了' },
    )
    expect(cancelled.json().status).toBe('cancelled')
    // My orders' tabs ask the server for their statuses, so each tab pages through its own orders.
    const ids = async (status: string) =>
      (await call(env, me, 'GET', `/api/v1/portal/orders?status=${status}`))
        .json<{ items: Array<{ id: string }> }>()
        .items.map((o) => o.id)
    expect(await ids('cancelled')).toEqual([booked.json().id])
    expect(await ids('pending_payment,pending_dispatch,completed,reviewed')).toEqual([])
    // A service and a period (service days from a day on) narrow the list too.
    const day = tomorrow()
    const dayAfter = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10)
    expect(await ids(`cancelled&serviceItemId=${fx.item}&from=${day}`)).toEqual([booked.json().id])
    expect(await ids(`cancelled&serviceItemId=${randomUUID()}`)).toEqual([])
    expect(await ids(`cancelled&from=${dayAfter}`)).toEqual([])
    // The service filter offers the services of this customer's own orders, not everyone's.
    const services = await call(env, me, 'GET', '/api/v1/portal/orders/services')
    expect(services.statusCode).toBe(200)
    expect(services.json().items).toEqual([{ id: fx.item, name: booked.json().serviceName }])
    const bogus = await call(env, me, 'GET', '/api/v1/portal/orders?status=lost', undefined, {
      'accept-language': 'en',
    })
    expect(bogus.statusCode).toBe(400)
    expect(bogus.json().errors[0]).toMatchObject({ field: 'query.status', code: 'invalid_status' })
    // The message says which statuses there are.
    expect(bogus.json().errors[0].message).toContain('pending_dispatch')
  })
})

describe('portal service-area check', () => {
  it('should say whether a point is inside a service area, by the rule an address is saved by', async () => {
    const me = await loginCustomer(env, t, '13600009922')
    const covered = async (lat: number | string, lng: number | string) =>
      call(env, me, 'GET', `/api/v1/portal/places/coverage?lat=${lat}&lng=${lng}`)
    // P1 covers 5 km around 31.23, 121.47; Hangzhou is no project's.
    expect((await covered(31.235, 121.48)).json()).toEqual({ covered: true })
    expect((await covered('30.2741', '120.1551')).json()).toEqual({ covered: false })
    const address = {
      contactName: '我',
      contactPhone: '13600009922',
      city: '上海',
      district: '浦东新区',
      detail: '东方路 2 号',
    }
    // The same answers as saving there.
    const inside = await call(env, me, 'POST', '/api/v1/portal/addresses', {
      ...address,
      location: { lat: 31.235, lng: 121.48 },
    })
    expect(inside.statusCode).toBe(201)
    const outside = await call(env, me, 'POST', '/api/v1/portal/addresses', {
      ...address,
      location: { lat: 30.2741, lng: 120.1551 },
    })
    expect(outside.json().code).toBe('OUTSIDE_SERVICE_AREA')
    // A coordinate that is none is a 400 naming it; a guest is asked to sign in.
    const bad = await covered('1e2', 121.48)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors[0]).toMatchObject({ field: 'query.lat' })
    expect((await covered(91, 121.48)).statusCode).toBe(400)
    const guest = await call(
      env,
      null,
      'GET',
      '/api/v1/portal/places/coverage?lat=31.235&lng=121.48',
      undefined,
      tenant,
    )
    expect(guest.statusCode).toBe(401)
  })
})

describe('portal after-sales', () => {
  it("should show the customer their review and their complaint with its timeline, and nobody else's", async () => {
    const phone = (await env.core.customers.service.reveal(systemContext(t.tenantId), fx.customer))
      .phone
    const owner = await loginCustomer(env, t, phone)
    const none = await call(env, owner, 'GET', `/api/v1/portal/orders/${fx.order}/review`)
    expect(none.statusCode).toBe(404)
    const review = await completeAndReview(env, t, fx)
    const mine = await call(env, owner, 'GET', `/api/v1/portal/orders/${fx.order}/review`)
    expect(mine.json()).toMatchObject({ id: review.id, overall: 2, text: '迟到了' })
    // The customer's timeline names them for their own step, and nobody for the others' ("system" means nothing).
    const shown = await call(env, owner, 'GET', `/api/v1/portal/orders/${fx.order}`)
    const seen = shown.json<{
      timeline: Array<{ event: string; actor: string; actorName: string | null }>
    }>().timeline
    // The project has no number for customers yet: nothing to call.
    expect(shown.json()).toMatchObject({ servicePhone: null })
    const { projectId } = shown.json<{ projectId: string }>()
    await env.core.tenancy.service.updateProject(systemContext(t.tenantId), projectId, {
      servicePhone: '400-820-6688',
    })
    expect(
      (await call(env, owner, 'GET', `/api/v1/portal/orders/${fx.order}`)).json(),
    ).toMatchObject({ servicePhone: '400-820-6688' })
    expect(seen.find((e) => e.event === 'review')).toMatchObject({
      actor: 'customer',
      actorName: '李女士',
    })
    expect(seen.find((e) => e.event === 'complete')).toMatchObject({
      actor: 'system',
      actorName: null,
    })
    const filed = await call(env, owner, 'POST', `/api/v1/portal/orders/${fx.order}/complaints`, {
      category: 'lateness',
      description: '迟到了一个小时',
    })
    expect(filed.statusCode).toBe(201)
    const admin = await login(env, t.adminLogin)
    const responded = await call(
      env,
      admin,
      'POST',
      `/api/v1/complaints/${filed.json().id}/events`,
      {
        event: 'respond',
        note: '已联系客户',
      },
    )
    expect(responded.json().timeline.at(-1)).toMatchObject({
      actor: 'staff',
      actorName: `Admin ${t.slug}`,
    })
    const detail = await call(env, owner, 'GET', `/api/v1/portal/complaints/${filed.json().id}`)
    expect(detail.json()).toMatchObject({ id: filed.json().id, status: 'in_progress' })
    // Their own filing by name, the office's reply by role only (as on an order's timeline).
    expect(detail.json().timeline).toMatchObject([
      { event: 'file', actor: 'customer', actorName: '李女士' },
      { event: 'respond', actor: 'staff', actorName: null, note: '已联系客户' },
    ])

    const other = await loginCustomer(env, t, '13600006666')
    expect(
      (await call(env, other, 'GET', `/api/v1/portal/orders/${fx.order}/review`)).statusCode,
    ).toBe(404)
    expect(
      (await call(env, other, 'GET', `/api/v1/portal/complaints/${filed.json().id}`)).statusCode,
    ).toBe(404)
  })
})
