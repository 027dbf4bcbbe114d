import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seeded, TestEnv } from '../../test-support/harness.ts'
import {
  call,
  createTestEnv,
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
      { phone, code: '000000' === env.core.sms.last?.get(phone) ? '111111' : '000000' },
      tenant,
    )
    expect(wrong.json()).toMatchObject({
      code: 'OTP_INVALID',
      attemptsLeft: 4,
      errors: [{ field: 'body.code' }],
    })
    const ok = await call(
      env,
      null,
      'POST',
      '/api/v1/portal/login',
      { phone, code: env.core.sms.last?.get(phone) },
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
      { phone, code: env.core.sms.last?.get(phone) },
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
          await call(env, null, 'POST', '/api/v1/portal/login', { phone, code: wrongCode }, tenant)
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
      (await call(env, null, 'POST', '/api/v1/portal/login', { phone, code: right }, tenant)).json()
        .code,
    ).toBe('OTP_TOO_MANY_ATTEMPTS')
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
    expect(booked.json()).toMatchObject({ channel: 'portal', status: 'pending_payment' })
    const mine = (await call(env, me, 'GET', '/api/v1/portal/orders')).json().items
    expect(mine.map((o: { id: string }) => o.id)).toEqual([booked.json().id])
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
  })
})
