import { sql } from 'drizzle-orm'
import { BOOKING_HORIZON_DAYS, addDays } from '@doorstep/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EVENTS_CHANNEL } from '../../platform/outbox/outbox.ts'
import { systemContext } from '../../platform/auth/system-context.ts'
import { fixedClock } from '../../platform/clock.ts'
import { queryRows } from '../../platform/db/database.ts'
import { migrationDataStatements } from '../../test-support/migration-sql.ts'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import {
  auditCount,
  call,
  cleaningItem,
  createStaff,
  createTestEnv,
  login,
  seedBusinessFixture,
  seedCustomer,
  seedTenant,
  tomorrow,
  workerInput,
} from '../../test-support/harness.ts'

let env: TestEnv
let t: Seeded
let admin: Session
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>
const day = tomorrow()
const at = (hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`).toISOString()

/** Books two hours of the fixture's service at the fixture customer's address, in tomorrow's window at `hhmm`. */
const bookTwoHours = (
  s: Awaited<ReturnType<typeof login>>,
  fx: Awaited<ReturnType<typeof seedBusinessFixture>>,
  hhmm: string,
) =>
  call(env, s, 'POST', '/api/v1/orders', {
    customerId: fx.customer,
    addressId: fx.addressId,
    serviceItemId: fx.item,
    quantityMilli: 2000,
    windowStart: at(hhmm),
  })

/** Tomorrow's windows at the fixture customer's address, as `s` sees them. */
const lookAt = async (
  s: Awaited<ReturnType<typeof login>>,
  fx: Awaited<ReturnType<typeof seedBusinessFixture>>,
) =>
  (
    await call(
      env,
      s,
      'GET',
      `/api/v1/availability?serviceItemId=${fx.item}&addressId=${fx.addressId}&date=${day}`,
    )
  ).json<{
    projectId: string
    windows: Array<{ start: string; available: boolean; capacity: number }>
  }>()
const openWindows = async (...args: Parameters<typeof lookAt>) =>
  (await lookAt(...args)).windows.map((w) => w.available)

/** What another server process does: shortens a worker's shifts to 08:00–12:00 (its own write, no event here). */
const shortenShiftsElsewhere = (workerId: string) =>
  env.core.database.system((tx) =>
    tx.execute(sql`update worker set weekly_shifts = (select jsonb_agg(jsonb_build_object(
        'weekday', d, 'start', '08:00', 'end', '12:00')) from generate_series(1, 7) d)
      where id = ${workerId}`),
  )

/** A live event as another server process's commit sends it. */
const announceElsewhere = (event: {
  tenantId: string
  type: string
  ids: Record<string, string>
  status: string | null
}) =>
  env.core.database.system((tx) =>
    tx.execute(
      sql`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify({ ...event, at: new Date().toISOString(), origin: 'another-process' })})`,
    ),
  )

beforeAll(async () => {
  env = await createTestEnv()
  t = await seedTenant(env)
  admin = await login(env, t.adminLogin)
  fx = await seedBusinessFixture(env, t)
})
afterAll(() => env.close())

const book = (
  windowStart: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  as: Session = admin,
) =>
  call(
    env,
    as,
    'POST',
    '/api/v1/orders',
    {
      customerId: fx.customer,
      addressId: fx.addressId,
      serviceItemId: fx.item,
      quantityMilli: 2000,
      windowStart,
      ...extra,
    },
    headers,
  )

const countOrders = async () =>
  (
    await env.core.database.system((tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from service_order where tenant_id = ${t.tenantId}`,
      ),
    )
  )[0]!.n

describe('availability', () => {
  it('should offer the windows the one worker can still serve tomorrow', async () => {
    const res = await call(
      env,
      admin,
      'GET',
      `/api/v1/availability?serviceItemId=${fx.item}&addressId=${fx.addressId}&date=${day}`,
    )
    expect(res.statusCode).toBe(200)
    const windows = res.json().windows as Array<{
      start: string
      available: boolean
      capacity: number
    }>
    expect(windows).toHaveLength(5)
    // The fixture's order holds 08:00–10:00 (plus travel); the worker's shift ends at 18:00.
    expect(windows.map((w) => w.available)).toEqual([false, true, true, true, false])
  })

  it("should show a booking and a changed shift at once, though a crew's day is kept for a moment", async () => {
    const t4 = await seedTenant(env, 'fresh')
    const fx4 = await seedBusinessFixture(env, t4)
    const s = await login(env, t4.adminLogin)
    const open = () => openWindows(s, fx4)
    expect(await open()).toEqual([false, true, true, true, false])
    const booked = await call(env, s, 'POST', '/api/v1/orders', {
      customerId: fx4.customer,
      addressId: fx4.addressId,
      serviceItemId: fx4.item,
      quantityMilli: 4000,
      windowStart: at('10:00'),
    })
    expect(booked.statusCode).toBe(201)
    // 10:00–14:00 held: nothing more can start in the 10:00 window.
    expect(await open()).toEqual([false, false, true, true, false])
    const worker = await call(env, s, 'GET', `/api/v1/workers/${fx4.worker}`)
    const shortened = await call(
      env,
      s,
      'PATCH',
      `/api/v1/workers/${fx4.worker}`,
      {
        weeklyShifts: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          weekday,
          start: '08:00',
          end: '12:00',
        })),
      },
      { 'if-match': `"${worker.json().version}"` },
    )
    expect(shortened.statusCode).toBe(200)
    expect(await open()).toEqual([false, false, false, false, false])
  })

  it("should forget a kept day when another server process writes the project's orders", async () => {
    const t5 = await seedTenant(env, 'others')
    const fx5 = await seedBusinessFixture(env, t5)
    const s = await login(env, t5.adminLogin)
    const first = await lookAt(s, fx5)
    expect(first.windows.map((w) => w.available)).toEqual([false, true, true, true, false])
    // Another process shortens the shifts (no event announces that): this process keeps its day meanwhile.
    await shortenShiftsElsewhere(fx5.worker)
    expect(await openWindows(s, fx5)).toEqual([false, true, true, true, false])
    // Then it books in the project: its live event makes this process read the day again.
    await announceElsewhere({
      tenantId: t5.tenantId,
      type: 'order.created',
      ids: { projectId: first.projectId },
      status: 'pending_dispatch',
    })
    await expect
      .poll(() => openWindows(s, fx5), { timeout: 5000 })
      .toEqual([false, false, false, false, false])
  })

  it("should forget a kept day when another server process changes the tenant's workers", async () => {
    const t6 = await seedTenant(env, 'crew')
    const fx6 = await seedBusinessFixture(env, t6)
    const s = await login(env, t6.adminLogin)
    expect(await openWindows(s, fx6)).toEqual([false, true, true, true, false])
    // A worker write announces itself to every server process at its commit.
    const heard: string[] = []
    const stop = await env.core.database.listen(EVENTS_CHANNEL, (payload) => {
      const event = JSON.parse(payload) as { type: string; tenantId: string }
      if (event.tenantId === t6.tenantId) heard.push(event.type)
    })
    try {
      const worker = await call(env, s, 'GET', `/api/v1/workers/${fx6.worker}`)
      const renamed = await call(
        env,
        s,
        'PATCH',
        `/api/v1/workers/${fx6.worker}`,
        { name: 'Renamed' },
        { 'if-match': `"${worker.json().version}"` },
      )
      expect(renamed.statusCode).toBe(200)
      await expect.poll(() => heard, { timeout: 5000 }).toContain('worker.changed')
    } finally {
      await stop()
    }
    // This process's own write forgot the day at once; kept again here.
    expect(await openWindows(s, fx6)).toEqual([false, true, true, true, false])
    // Another process shortens the shifts; what its write announces makes this process read the day again.
    await shortenShiftsElsewhere(fx6.worker)
    expect(await openWindows(s, fx6)).toEqual([false, true, true, true, false])
    await announceElsewhere({
      tenantId: t6.tenantId,
      type: 'worker.changed',
      ids: {},
      status: null,
    })
    await expect
      .poll(() => openWindows(s, fx6), { timeout: 5000 })
      .toEqual([false, false, false, false, false])
  })

  it('should forget every kept day when the connection that hears other processes drops and listens again', async () => {
    // PGlite has no connection to lose.
    if (!env.databaseUrl) return
    const t9 = await seedTenant(env, 'gap')
    const fx9 = await seedBusinessFixture(env, t9)
    const s = await login(env, t9.adminLogin)
    expect(await openWindows(s, fx9)).toEqual([false, true, true, true, false])
    await shortenShiftsElsewhere(fx9.worker)
    expect(await openWindows(s, fx9)).toEqual([false, true, true, true, false])
    // The event that would have told this process is lost with the connection.
    await env.core.database.system((tx) =>
      tx.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity where query like 'LISTEN %' and datname = current_database()`,
      ),
    )
    await expect
      .poll(() => openWindows(s, fx9), { timeout: 10_000, interval: 200 })
      .toEqual([false, false, false, false, false])
  })

  it('should book a window another transaction freed once it commits, though the day was read while it ran', async () => {
    const t8 = await seedTenant(env, 'freed')
    const fx8 = await seedBusinessFixture(env, t8)
    const s = await login(env, t8.adminLogin)
    const first = await bookTwoHours(s, fx8, '10:00')
    expect(first.statusCode).toBe(201)
    // As a plan that ends cancels its visits: the cancellation inside a longer transaction of its own.
    await env.core.database.tenant(t8.tenantId, async (tx) => {
      await env.core.orders.service.applyIn(
        tx,
        systemContext(t8.tenantId),
        first.json().id,
        { event: 'cancel', reason: 'plan ended' },
        undefined,
      )
      // Someone looks at the day before it commits, and the day is kept with the job still held. (PGlite runs
      // one transaction at a time: the look would wait for this one, which waits for it.)
      if (env.databaseUrl) await lookAt(s, fx8)
    })
    expect((await bookTwoHours(s, fx8, '10:00')).statusCode).toBe(201)
  })
})

describe('booking', () => {
  it('should refuse an order beyond the amount limit, naming the quantity, booking nothing', async () => {
    const ctx = systemContext(t.tenantId)
    const [cleaning] = (await env.core.catalog.service.listItems(ctx, { limit: 1, ids: fx.item }))
      .items
    const dear = await env.core.catalog.service.createItem(
      ctx,
      cleaningItem(cleaning!.categoryId, {
        code: 'DEAR',
        name: '豪宅保洁',
        pricing: { kind: 'per_hour', unitFen: 100_000_000, minQuantityMilli: 1000 },
        addons: [],
      }),
    )
    const res = await book(at('15:00'), { serviceItemId: dear.id, quantityMilli: 11_000 })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({
      code: 'AMOUNT_TOO_LARGE',
      errors: [{ field: 'body.quantityMilli', code: 'amount_too_large' }],
    })
    expect(res.json<{ detail: string }>().detail).toContain('10000000 元')
  })

  it('should refuse a visit longer than a day, naming the quantity, booking nothing', async () => {
    const ordersBefore = await countOrders()
    const res = await book(at('15:00'), { quantityMilli: 25_000 })
    expect(res.json()).toMatchObject({
      status: 400,
      code: 'VISIT_TOO_LONG',
      errors: [{ field: 'body.quantityMilli', code: 'visit_too_long' }],
    })
    expect(res.json<{ detail: string }>().detail).toContain('24 小时')
    const looked = await call(
      env,
      admin,
      'GET',
      `/api/v1/availability?serviceItemId=${fx.item}&addressId=${fx.addressId}&date=${day}&quantityMilli=100000000`,
    )
    expect(looked.json()).toMatchObject({
      status: 400,
      errors: [{ field: 'query.quantityMilli', code: 'visit_too_long' }],
    })
    expect(await countOrders()).toBe(ordersBefore)
  })

  it('should take longer the more m² are booked, in the windows offered and the order, and book per-unit items in whole units', async () => {
    // A company of its own: its bookings stay out of the order lists below.
    const t10 = await seedTenant(env, 'sized')
    const fx10 = await seedBusinessFixture(env, t10)
    const s = await login(env, t10.adminLogin)
    const ctx = systemContext(t10.tenantId)
    const { categoryId } = await env.core.catalog.service.getItem(ctx, fx10.item)
    const bookSized = (windowStart: string, serviceItemId: string, quantityMilli: number) =>
      call(env, s, 'POST', '/api/v1/orders', {
        customerId: fx10.customer,
        addressId: fx10.addressId,
        serviceItemId,
        quantityMilli,
        windowStart,
      })
    const ordersOf = async () =>
      (await call(env, s, 'GET', '/api/v1/orders?limit=100')).json<{ items: [] }>().items.length
    // Two hours for the first 50 m², a minute for each m² more: 150 m² take 3 h 40 min.
    const deep = await env.core.catalog.service.createItem(
      ctx,
      cleaningItem(categoryId, {
        code: 'DEEP-SQM',
        name: '深度保洁',
        pricing: { kind: 'per_sqm', unitFen: 800, minQuantityMilli: 50_000 },
        durationPerUnitSeconds: 60,
        addons: [],
      }),
    )
    const date = day
    const windowsFor = async (quantityMilli: number, orderId?: string) => {
      const res = await call(
        env,
        s,
        'GET',
        `/api/v1/availability?serviceItemId=${deep.id}&addressId=${fx10.addressId}&date=${date}&quantityMilli=${quantityMilli}${orderId ? `&orderId=${orderId}` : ''}`,
      )
      expect(res.statusCode, res.body).toBe(200)
      return res
        .json<{ windows: Array<{ start: string; available: boolean }> }>()
        .windows.filter((w) => w.available)
        .map((w) => w.start)
    }
    const small = await windowsFor(50_000)
    const large = await windowsFor(150_000)
    // Shifts end at 18:00: the last windows fit two hours, not three hours forty.
    expect(large.length).toBeGreaterThan(0)
    expect(large.length).toBeLessThan(small.length)
    expect(small).toEqual(expect.arrayContaining(large))
    const lastSmall = small.at(-1)!
    expect(large).not.toContain(lastSmall)
    const refused = await bookSized(lastSmall, deep.id, 150_000)
    expect(refused.json()).toMatchObject({ status: 409, code: 'SLOT_TAKEN' })
    const booked = await bookSized(large[0]!, deep.id, 150_000)
    expect(booked.statusCode, booked.body).toBe(201)
    expect(booked.json()).toMatchObject({ durationMinutes: 220 })
    // The item's time per m² taken back: a new 150 m² booking is two hours again, but the order booked keeps its
    // length when it is moved (its windows are asked for by its id).
    await env.core.catalog.service.updateItem(
      ctx,
      deep.id,
      { durationPerUnitSeconds: 0 },
      undefined,
    )
    expect(await windowsFor(150_000)).toContain(lastSmall)
    expect(await windowsFor(150_000, booked.json().id)).not.toContain(lastSmall)

    const sofa = await env.core.catalog.service.createItem(
      ctx,
      cleaningItem(categoryId, {
        code: 'SOFA-UNIT',
        name: '沙发清洗',
        pricing: { kind: 'per_unit', unit: 'seat', unitFen: 15_000, minQuantityMilli: 1000 },
        durationPerUnitSeconds: 45 * 60,
        addons: [],
      }),
    )
    // An order of half a sofa kept from before the rule still has its windows to move to.
    const two = await bookSized(large.at(-1)!, sofa.id, 2000)
    expect(two.statusCode, two.body).toBe(201)
    await env.core.database.tenant(t10.tenantId, (tx) =>
      tx.execute(sql`update service_order set quantity_milli = 2500 where id = ${two.json().id}`),
    )
    const moving = await call(
      env,
      s,
      'GET',
      `/api/v1/availability?serviceItemId=${sofa.id}&addressId=${fx10.addressId}&date=${date}&quantityMilli=2500&orderId=${two.json().id}`,
    )
    expect(moving.statusCode, moving.body).toBe(200)
    // Its own windows only: not another service's under its name (which would pass one no longer offered).
    const otherService = await call(
      env,
      s,
      'GET',
      `/api/v1/availability?serviceItemId=${deep.id}&addressId=${fx10.addressId}&date=${date}&orderId=${two.json().id}`,
    )
    expect(otherService.json()).toMatchObject({
      status: 400,
      errors: [{ field: 'query.serviceItemId', code: 'not_the_orders' }],
    })
    const stranger = await call(
      env,
      admin,
      'GET',
      `/api/v1/availability?serviceItemId=${fx.item}&addressId=${fx.addressId}&date=${date}&orderId=${two.json().id}`,
    )
    expect(stranger.json()).toMatchObject({
      status: 404,
      errors: [{ field: 'query.orderId', code: 'not_found' }],
    })
    const ordersBefore = await ordersOf()
    const half = await bookSized(large[0]!, sofa.id, 2500)
    expect(half.json()).toMatchObject({
      status: 400,
      code: 'WHOLE_UNITS_ONLY',
      errors: [{ field: 'body.quantityMilli', code: 'whole_units_only' }],
    })
    const looked = await call(
      env,
      s,
      'GET',
      `/api/v1/availability?serviceItemId=${sofa.id}&addressId=${fx10.addressId}&date=${date}&quantityMilli=2500`,
      undefined,
      { 'accept-language': 'en' },
    )
    expect(looked.json()).toMatchObject({
      status: 400,
      detail: 'Services priced per unit are booked in whole units',
      errors: [{ field: 'query.quantityMilli', code: 'whole_units_only' }],
    })
    // 2 h for the first, 45 min for each more: 40 sofas would take more than a day.
    const tooMany = await bookSized(large[0]!, sofa.id, 40_000)
    expect(tooMany.json()).toMatchObject({ status: 400, code: 'VISIT_TOO_LONG' })
    expect(await ordersOf()).toBe(ordersBefore)
  })

  it('should refuse a discount larger than the order, naming it, booking nothing', async () => {
    const ordersBefore = await countOrders()
    // Two hours at ¥50: ¥100 is all it comes to; ¥100.01 off would be a typo capped unsaid.
    const res = await book(at('15:00'), { discountFen: 10_001 })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({
      code: 'DISCOUNT_TOO_LARGE',
      errors: [{ field: 'body.discountFen', code: 'discount_too_large' }],
    })
    expect(res.json<{ detail: string }>().detail).toContain('100.00 元')
    expect(await countOrders()).toBe(ordersBefore)
  })

  it('should book a window with a price breakdown, a human order number and a held worker', async () => {
    const res = await book(at('10:00'), {
      // In any case: the item's add-on is FRIDGE.
      addons: [{ code: 'fridge', quantity: 1 }],
      payOnSite: true,
    })
    expect(res.statusCode).toBe(201)
    const order = res.json()
    expect(order.orderNo).toMatch(/^DS\d{10}$/)
    expect(order.status).toBe('pending_dispatch')
    expect(order.workerId).toBe(fx.worker)
    expect(order.price).toMatchObject({
      subtotalFen: 16_000,
      totalFen: 16_000,
      depositFen: 0,
      balanceFen: 16_000,
    })
    expect(order.timeline.map((e: { event: string }) => e.event)).toEqual(['create', 'pay_on_site'])
    expect(order.addons).toEqual([{ code: 'FRIDGE', quantity: 1 }])
  })

  it('should refuse a time that is not one of the windows, a past window and an unknown add-on, naming the field', async () => {
    expect((await book(at('10:30'))).json().errors[0]).toMatchObject({
      field: 'body.windowStart',
      code: 'not_a_window',
    })
    expect((await book('2020-01-06T00:00:00.000Z')).json().errors[0]).toMatchObject({
      field: 'body.windowStart',
      code: 'window_in_past',
    })
    // Half a year ahead is the last day a visit is booked for; a year 2999 is a typo, answered as such.
    const farDay = addDays(tomorrow(), BOOKING_HORIZON_DAYS)
    const far = await book(`${farDay}T00:00:00.000Z`)
    expect(far.statusCode).toBe(400)
    expect(far.json()).toMatchObject({
      code: 'TOO_FAR_AHEAD',
      errors: [{ field: 'body.windowStart', code: 'too_far_ahead' }],
    })
    expect(far.json<{ detail: string }>().detail).toBe('最多只能预约 180 天以内的日期')
    const look = (date: string) =>
      call(
        env,
        admin,
        'GET',
        `/api/v1/availability?serviceItemId=${fx.item}&addressId=${fx.addressId}&date=${date}`,
      )
    expect((await look('2999-01-04')).json().errors[0]).toMatchObject({
      field: 'query.date',
      code: 'too_far_ahead',
    })
    expect((await look(addDays(farDay, -1))).statusCode).toBe(200)
    expect(
      (await book(at('13:00'), { addons: [{ code: 'NOPE', quantity: 1 }] })).json().errors[0].field,
    ).toBe('body.addons.0.code')
    // Add-on codes are one in any case: the same one twice is refused, naming the second.
    const twice = await book(at('13:00'), {
      addons: [
        { code: 'FRIDGE', quantity: 1 },
        { code: 'fridge', quantity: 2 },
      ],
    })
    expect(twice.json().errors[0]).toMatchObject({
      field: 'body.addons.1.code',
      code: 'duplicate_code',
    })
    expect(
      (
        await call(env, admin, 'POST', '/api/v1/orders', {
          customerId: fx.customer,
          addressId: fx.addressId,
          serviceItemId: fx.item,
        })
      ).json().errors[0].field,
    ).toBe('body.windowStart')
  })

  it('should give exactly one of 50 concurrent bookings the last free window, the rest SLOT_TAKEN with alternatives', async () => {
    const t2 = await seedTenant(env, 'race')
    const fx2 = await seedBusinessFixture(env, t2)
    const s = await login(env, t2.adminLogin)
    // Fill 13:00 and 15:00 so 10:00 is the last window of tomorrow in that tenant.
    for (const hhmm of ['13:00', '15:00']) {
      const r = await bookTwoHours(s, fx2, hhmm)
      expect(r.statusCode).toBe(201)
    }
    const results = await Promise.all(
      Array.from({ length: 50 }, () => bookTwoHours(s, fx2, '10:00')),
    )
    const codes = results.map((r) => r.statusCode)
    expect(codes.filter((c) => c === 201)).toHaveLength(1)
    expect(codes.filter((c) => c === 409)).toHaveLength(49)
    const taken = results.find((r) => r.statusCode === 409)!.json()
    expect(taken.code).toBe('SLOT_TAKEN')
    expect(Array.isArray(taken.alternatives)).toBe(true)
    const held = (
      await call(env, s, 'GET', `/api/v1/orders?workerId=${fx2.worker}&limit=100`)
    ).json().items
    expect(held).toHaveLength(4)
  })

  it('should number concurrent bookings of a day one after another, none twice', async () => {
    const t4 = await seedTenant(env, 'numbers')
    const fx4 = await seedBusinessFixture(env, t4, { workers: 3 })
    const s = await login(env, t4.adminLogin)
    const results = await Promise.all(
      ['08:00', '10:00', '13:00', '15:00'].flatMap((hhmm) =>
        Array.from({ length: 3 }, () => bookTwoHours(s, fx4, hhmm)),
      ),
    )
    const numbers = results
      .filter((r) => r.statusCode === 201)
      .map((r) => Number(r.json<{ orderNo: string }>().orderNo.slice(-4)))
      .sort((a, b) => a - b)
    expect(numbers.length).toBeGreaterThanOrEqual(3)
    // A booking refused for want of a worker takes no number, so the numbers run on without a gap.
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i))
  })

  it('should take numbers ahead only while a tenant keeps booking, and never give a number another process took', async () => {
    const t5 = await seedTenant(env, 'ahead')
    const fx5 = await seedBusinessFixture(env, t5, { workers: 3 })
    const s = await login(env, t5.adminLogin)
    const counter = async () =>
      (
        await env.core.database.system((tx) =>
          queryRows<{ seq: number }>(
            tx,
            sql`select seq from order_counter where tenant_id = ${t5.tenantId}`,
          ),
        )
      )[0]!.seq
    const numberOf = async (hhmm: string) => {
      const r = await bookTwoHours(s, fx5, hhmm)
      expect(r.statusCode, r.body).toBe(201)
      return Number(r.json<{ orderNo: string }>().orderNo.slice(-4))
    }
    // The fixture's booking, the first of a quiet tenant, took its number and no more.
    expect(await counter()).toBe(1)
    const burst: number[] = []
    const ahead: boolean[] = []
    for (const hhmm of ['08:00', '08:00', '10:00', '10:00']) {
      burst.push(await numberOf(hhmm))
      ahead.push((await counter()) > burst.at(-1)!)
    }
    expect(burst).toEqual([2, 3, 4, 5])
    const reserved = await counter()
    // Another server process takes the next numbers of the day from the counter itself.
    await env.core.database.system((tx) =>
      tx.execute(sql`update order_counter set seq = seq + 5 where tenant_id = ${t5.tenantId}`),
    )
    const later = [await numberOf('10:00'), await numberOf('13:00'), await numberOf('13:00')]
    if (env.core.database.kind === 'postgres') {
      // Booking again within a second, it reserved numbers ahead, and uses those it has before taking more.
      expect(ahead).toContain(true)
      const own = later.filter((n) => n <= reserved)
      expect(own).toEqual(Array.from({ length: own.length }, (_, i) => 6 + i))
      expect(later.slice(own.length).every((n) => n > reserved + 5)).toBe(true)
    } else {
      // PGlite takes each number in the booking's own transaction, which may roll back: none ahead.
      expect(ahead).not.toContain(true)
      expect(later).toEqual([11, 12, 13])
    }
    expect(new Set([...burst, ...later]).size).toBe(7)
  })

  it("should fill a crew's window from 30 concurrent bookings without double-booking anyone", async () => {
    const t3 = await seedTenant(env, 'crew')
    const fx3 = await seedBusinessFixture(env, t3, { workers: 3 })
    const s = await login(env, t3.adminLogin)
    const booking = () => bookTwoHours(s, fx3, '10:00')
    const results = await Promise.all(Array.from({ length: 30 }, booking))
    const booked = results.filter((r) => r.statusCode === 201)
    expect(new Set(booked.map((r) => r.json().workerId)).size).toBe(3)
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(30 - booked.length)
    // Full: what the race left free, a booking made afterwards finds nothing of either.
    expect((await booking()).statusCode).toBe(409)
    // The window's orders share a start: the id breaks the tie, so pages of one never skip or repeat one.
    const paged: string[] = []
    let cursor = ''
    do {
      const page = (
        await call(env, s, 'GET', `/api/v1/orders?from=${day}&to=${day}&limit=1${cursor}`)
      ).json<{ items: Array<{ id: string }>; nextCursor: string | null }>()
      paged.push(...page.items.map((o) => o.id))
      cursor = page.nextCursor ? `&cursor=${page.nextCursor}` : ''
    } while (cursor)
    const dayOrders = (
      await call(env, s, 'GET', `/api/v1/orders?from=${day}&to=${day}&limit=100`)
    ).json<{ items: Array<{ id: string }> }>().items
    expect(paged).toEqual(dayOrders.map((o) => o.id))
    expect(new Set(paged).size).toBeGreaterThanOrEqual(booked.length)
    for (const workerId of fx3.workerIds) {
      const jobs = (
        await call(
          env,
          s,
          'GET',
          `/api/v1/orders?workerId=${workerId}&from=${day}&to=${day}&limit=100`,
        )
      )
        .json<{ items: Array<{ plannedArrival: string; durationMinutes: number }> }>()
        .items.map((o) => [
          Date.parse(o.plannedArrival),
          Date.parse(o.plannedArrival) + o.durationMinutes * 60_000,
        ])
        .sort((a, b) => a[0]! - b[0]!)
      jobs.slice(1).forEach((job, k) => expect(job[0]).toBeGreaterThanOrEqual(jobs[k]![1]!))
    }
  })

  it("should send the customer's preferred worker when free, never a blocked one, and refuse assigning one", async () => {
    const tp = await seedTenant(env, 'prefs')
    const fxp = await seedBusinessFixture(env, tp, { workers: 3 })
    const s = await login(env, tp.adminLogin)
    const [a, b, c] = fxp.workerIds as [string, string, string]
    const prefer = (preferences: Record<string, unknown>, lang = 'zh-CN') =>
      call(
        env,
        s,
        'PATCH',
        `/api/v1/customers/${fxp.customer}`,
        { preferences },
        {
          'accept-language': lang,
        },
      )
    // A worker both preferred and blocked, or listed twice, is refused by name; nothing is kept.
    const both = await prefer({ preferredWorkerIds: [a], blockedWorkerIds: [b, a] }, 'en')
    expect(both.statusCode).toBe(400)
    expect(both.json().errors).toEqual([
      expect.objectContaining({
        field: 'body.preferences.blockedWorkerIds.1',
        message: 'A worker cannot be both preferred and blocked',
      }),
    ])
    const twice = await prefer({ preferredWorkerIds: [a, a.toUpperCase()] })
    expect(twice.json().errors[0]).toMatchObject({
      field: 'body.preferences.preferredWorkerIds.1',
      message: '列表中已有此项',
    })
    // An id that names no worker (or no service) would be kept and match nobody: refused by position.
    const nobody = '00000000-0000-4000-8000-000000000000'
    const unknown = await prefer({ preferredWorkerIds: [c], blockedWorkerIds: [b, nobody] }, 'en')
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json()).toMatchObject({
      code: 'UNKNOWN_WORKER',
      errors: [{ field: 'body.preferences.blockedWorkerIds.1', message: 'No such worker' }],
    })
    const noService = await prefer({ usualServiceIds: [fxp.item, nobody] })
    expect(noService.json()).toMatchObject({
      code: 'UNKNOWN_SERVICE',
      errors: [{ field: 'body.preferences.usualServiceIds.1', message: '没有这个服务项目' }],
    })
    const kept = await call(env, s, 'GET', `/api/v1/customers/${fxp.customer}`)
    expect(kept.json().preferences).toMatchObject({ blockedWorkerIds: [], usualServiceIds: [] })
    const capacityAtTen = async () =>
      (await lookAt(s, fxp)).windows.find((w) => w.start === at('10:00'))!.capacity
    const everyone = await capacityAtTen()
    // Upper-case ids are kept as the workers' own: the block still applies.
    expect(
      (await prefer({ preferredWorkerIds: [c], blockedWorkerIds: [a.toUpperCase()] })).statusCode,
    ).toBe(200)
    // The windows count only the workers who may go to this customer.
    expect(await capacityAtTen()).toBe(everyone - 1)
    const workerOf = (r: { json: <T>() => T }) => r.json<{ workerId: string }>().workerId
    // The preferred worker takes the windows they can; the blocked one none, though free.
    const first = [await bookTwoHours(s, fxp, '10:00'), await bookTwoHours(s, fxp, '13:00')]
    expect(first.map(workerOf)).toEqual([c, c])
    const rest = []
    for (let i = 0; i < 4; i++) rest.push(await bookTwoHours(s, fxp, '10:00'))
    const booked = rest.filter((r) => r.statusCode === 201)
    expect(booked.length).toBeGreaterThan(0)
    expect(booked.map(workerOf)).not.toContain(a)
    // Full for this customer while the blocked worker is still free: refused as taken.
    expect(rest.at(-1)!.json().code).toBe('SLOT_TAKEN')
    // Staff cannot send the blocked worker by hand either.
    const order = booked[0]!.json<{ id: string }>().id
    await call(env, s, 'POST', `/api/v1/orders/${order}/events`, { event: 'pay_on_site' })
    const sent = await call(env, s, 'POST', `/api/v1/orders/${order}/events`, {
      event: 'assign',
      workerId: a,
    })
    expect(sent.statusCode).toBe(409)
    expect(sent.json()).toMatchObject({
      code: 'WORKER_BLOCKED',
      errors: [{ field: 'body.workerId', code: 'worker_blocked' }],
    })
  })

  it('should answer a retried request with the same Idempotency-Key with the same order, once', async () => {
    const key = { 'idempotency-key': 'retry-test-0001' }
    const first = await book(at('15:00'), {}, key)
    const again = await book(at('15:00'), {}, key)
    expect(first.statusCode).toBe(201)
    expect(again.json().id).toBe(first.json().id)
    // The same moment written with the company's offset is the same request.
    const offset = await book(`${day}T15:00:00+08:00`, {}, key)
    expect(offset.statusCode, offset.body).toBe(201)
    expect(offset.json().id).toBe(first.json().id)
    const other = await book(at('13:00'), {}, key)
    expect(other.statusCode).toBe(422)
    expect(other.json()).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      errors: [{ field: 'headers.idempotency-key', code: 'idempotency_key_reused' }],
    })
    // A key answers its own caller: an agent of another project sending it, body and all, is not shown the order.
    await createStaff(env, admin, {
      login: `cs-retry-${t.slug}`,
      roleIds: [t.roleIds.customer_service!],
      projectIds: [t.projectIds[1]!],
    })
    const agent = await login(env, `cs-retry-${t.slug}`)
    const replayed = await book(at('15:00'), {}, key, agent)
    expect(replayed.statusCode).toBe(422)
    expect(replayed.json().code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(replayed.body).not.toContain(first.json().id)
  })

  it('should keep no Idempotency-Key from a refused request, so the next request with it books', async () => {
    const key = { 'idempotency-key': 'refused-then-booked-0001' }
    // Refused inside the booking, after the key was claimed: 09:00 is no window of the day.
    const refused = await book(at('09:00'), {}, key)
    expect(refused.statusCode).toBe(400)
    expect(refused.json().code).toBe('NOT_A_WINDOW')
    const { windows } = (
      await call(
        env,
        admin,
        'GET',
        `/api/v1/availability?serviceItemId=${fx.item}&addressId=${fx.addressId}&date=${day}`,
      )
    ).json<{ windows: Array<{ start: string; available: boolean }> }>()
    const open = windows.find((w) => w.available)!.start
    const booked = await book(open, {}, key)
    expect(booked.statusCode, booked.body).toBe(201)
    const again = await book(open, {}, key)
    expect(again.json().id).toBe(booked.json().id)
  })

  it('should book once for concurrent requests with the same Idempotency-Key, answering each with that order', async () => {
    const t7 = await seedTenant(env, 'samekey')
    const fx7 = await seedBusinessFixture(env, t7)
    const s = await login(env, t7.adminLogin)
    const before = await auditCount(env, t7.tenantId)
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        call(
          env,
          s,
          'POST',
          '/api/v1/orders',
          {
            customerId: fx7.customer,
            addressId: fx7.addressId,
            serviceItemId: fx7.item,
            quantityMilli: 2000,
            windowStart: at('13:00'),
          },
          { 'idempotency-key': 'concurrent-key-0001' },
        ),
      ),
    )
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 201))
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1)
    // One order, one audit entry.
    expect(await auditCount(env, t7.tenantId)).toBe(before + 1)
  })
})

describe('order lifecycle', () => {
  it('should leave "reviewed" to the customer\'s review: no staff event makes it', async () => {
    const res = await call(env, admin, 'POST', `/api/v1/orders/${fx.order}/events`, {
      event: 'review',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe('body.event')
  })

  it('should move through dispatch to completion, recording each step, and refuse invalid steps with the allowed ones', async () => {
    const id = fx.order
    const step = (event: string, extra: Record<string, unknown> = {}) =>
      call(env, admin, 'POST', `/api/v1/orders/${id}/events`, { event, ...extra })
    const early = await step('complete')
    expect(early.statusCode).toBe(409)
    expect(early.json()).toMatchObject({
      code: 'INVALID_TRANSITION',
      allowed: ['assign', 'cancel', 'reschedule'],
    })
    expect(Object.keys(early.json()).filter((k) => /(Zh|En)$/.test(k))).toEqual([])
    expect((await step('assign')).json().errors[0].field).toBe('body.workerId')
    for (const [event, status] of [
      ['assign', 'dispatched'],
      ['accept', 'accepted'],
      ['depart', 'en_route'],
      ['check_in', 'in_service'],
      ['complete', 'completed'],
    ] as const) {
      const res = await step(event, event === 'assign' ? { workerId: fx.worker } : {})
      expect(res.statusCode, `${event}: ${res.body}`).toBe(200)
      expect(res.json().status).toBe(status)
    }
    const done = (await call(env, admin, 'GET', `/api/v1/orders/${id}`)).json()
    expect(done.timeline.map((e: { to: string }) => e.to)).toEqual([
      'pending_payment',
      'pending_dispatch',
      'dispatched',
      'accepted',
      'en_route',
      'in_service',
      'completed',
    ])
    // Staff see who took each step; the steps after the booking were the administrator's.
    expect(done.timeline.at(-1)).toMatchObject({ event: 'complete', actor: 'staff' })
    expect(done.timeline.at(-1).actorName).not.toBeNull()
    // Seven days of warranty from the moment it was completed.
    const completed = done.timeline.find((e: { event: string }) => e.event === 'complete').at
    expect(Date.parse(done.warrantyUntil) - Date.parse(completed)).toBe(7 * 86_400_000)
    expect((await step('cancel')).json().allowed).toEqual(['review'])
  })

  it('should give a service without warranty no warranty end once completed', async () => {
    const ctx = systemContext(t.tenantId)
    const [cleaning] = (await env.core.catalog.service.listItems(ctx, { limit: 1, ids: fx.item }))
      .items
    const plain = await env.core.catalog.service.createItem(
      ctx,
      cleaningItem(cleaning!.categoryId, { code: 'NO-WARRANTY', warrantyDays: 0, addons: [] }),
    )
    const free = (
      await call(
        env,
        admin,
        'GET',
        `/api/v1/availability?serviceItemId=${plain.id}&addressId=${fx.addressId}&date=${day}`,
      )
    )
      .json<{ windows: Array<{ start: string; available: boolean }> }>()
      .windows.find((w) => w.available)!
    const booked = await book(free.start, { serviceItemId: plain.id, payOnSite: true })
    expect(booked.statusCode, booked.body).toBe(201)
    const id = booked.json<{ id: string; workerId: string }>().id
    for (const event of ['assign', 'accept', 'depart', 'check_in', 'complete']) {
      const res = await call(env, admin, 'POST', `/api/v1/orders/${id}/events`, {
        event,
        ...(event === 'assign' ? { workerId: booked.json().workerId } : {}),
      })
      expect(res.statusCode, `${event}: ${res.body}`).toBe(200)
    }
    const done = (await call(env, admin, 'GET', `/api/v1/orders/${id}`)).json()
    expect(done).toMatchObject({ status: 'completed', warrantyUntil: null })
  })

  it('should charge the change fee for cancelling or moving a committed order inside the free period', async () => {
    const clock = fixedClock(new Date(`${day}T07:00:00+08:00`))
    const early = await createTestEnv({ clock })
    try {
      const t3 = await seedTenant(early, 'fee')
      const fx3 = await seedBusinessFixture(early, t3)
      const s = await login(early, t3.adminLogin)
      // Today 10:00, three hours away: inside the 24 hours the policy leaves free.
      const bookAtTen = () =>
        call(early, s, 'POST', '/api/v1/orders', {
          customerId: fx3.customer,
          addressId: fx3.addressId,
          serviceItemId: fx3.item,
          quantityMilli: 2000,
          windowStart: at('10:00'),
          payOnSite: true,
        })
      const booked = await bookAtTen()
      expect(booked.statusCode).toBe(201)
      const total = booked.json().price.totalFen
      const cancelled = await call(early, s, 'POST', `/api/v1/orders/${booked.json().id}/events`, {
        event: 'cancel',
        reason: '客户改主意',
      })
      expect(cancelled.json()).toMatchObject({
        status: 'cancelled',
        price: { feesFen: total * 0.2 },
      })
      expect(cancelled.json().timeline.at(-1)).toMatchObject({
        event: 'cancel',
        reason: '客户改主意',
        change: { feeFen: total * 0.2 },
      })
      // Moving the fixture's order (08:00 today, an hour away) also falls inside the free period.
      const before = (await call(early, s, 'GET', `/api/v1/orders/${fx3.order}`)).json<{
        windowStart: string
        windowEnd: string
      }>()
      const tomorrowAtOne = new Date(new Date(at('13:00')).getTime() + 86_400_000).toISOString()
      const later = await call(early, s, 'POST', `/api/v1/orders/${fx3.order}/events`, {
        event: 'reschedule',
        windowStart: tomorrowAtOne,
      })
      expect(later.statusCode).toBe(200)
      const fee = Math.round(later.json().price.totalFen * 0.2)
      expect(later.json().price.feesFen).toBe(fee)
      // The timeline says from which window to which, and what the move cost; the audit entry too.
      expect(later.json().timeline.at(-1)).toMatchObject({
        event: 'reschedule',
        change: {
          window: {
            from: { start: before.windowStart, end: before.windowEnd },
            to: { start: tomorrowAtOne, end: later.json().windowEnd },
          },
          feeFen: fee,
        },
      })
      const audited = (
        await call(early, s, 'GET', `/api/v1/audit?action=order.rescheduled&entityId=${fx3.order}`)
      ).json<{ items: Array<{ diff: Record<string, { from: unknown; to: unknown }> }> }>().items
      expect(audited[0]!.diff).toMatchObject({
        windowStart: { from: before.windowStart, to: tomorrowAtOne },
        feesFen: { from: 0, to: fee },
      })

      // Moved late again and again: each move costs the fee, all of them together at most the order itself.
      const late = await bookAtTen()
      const move = (windowStart: string) =>
        call(early, s, 'POST', `/api/v1/orders/${late.json().id}/events`, {
          event: 'reschedule',
          windowStart,
        })
      const same = await move(at('10:00'))
      expect(same.statusCode).toBe(400)
      expect(same.json()).toMatchObject({
        code: 'SAME_WINDOW',
        errors: [{ field: 'body.windowStart', code: 'same_window' }],
      })
      const fees: number[] = []
      for (const hhmm of ['13:00', '15:00', '13:00', '15:00', '13:00', '15:00', '13:00']) {
        const moved = await move(at(hhmm))
        expect(moved.statusCode, moved.body).toBe(200)
        fees.push(moved.json().price.feesFen)
      }
      const lateTotal = late.json().price.totalFen
      expect(fees).toEqual([1, 2, 3, 4, 5, 5, 5].map((n) => n * lateTotal * 0.2))
      const cancelledLate = await call(
        early,
        s,
        'POST',
        `/api/v1/orders/${late.json().id}/events`,
        {
          event: 'cancel',
        },
      )
      expect(cancelledLate.json().price.feesFen).toBe(lateTotal)
      // Lists carry the fees too: what an order owes reads the same there as on its detail.
      const listed = (await call(early, s, 'GET', `/api/v1/orders?q=${late.json().orderNo}`)).json()
        .items
      expect(listed).toMatchObject([{ id: late.json().id, feesFen: lateTotal }])

      // Its 10:00–12:00 window over (13:00 now), an order is moved to a new window before anyone is sent.
      const missed = await bookAtTen()
      clock.advance(6 * 3_600_000)
      // Signed in again: six idle hours end a session.
      const again = await login(early, t3.adminLogin)
      const sent = await call(early, again, 'POST', `/api/v1/orders/${missed.json().id}/events`, {
        event: 'assign',
        workerId: missed.json().workerId,
      })
      expect(sent.json()).toMatchObject({
        code: 'WINDOW_PASSED',
        errors: [{ field: 'body.workerId', code: 'window_passed' }],
      })
    } finally {
      await early.close()
    }
  })

  it("should sum up the office's day: today's visits by status, orders waiting for a worker, and overdue ones", async () => {
    const clock = fixedClock(new Date(`${day}T07:00:00+08:00`))
    const early = await createTestEnv({ clock })
    try {
      const t4 = await seedTenant(early, 'glance')
      const fx4 = await seedBusinessFixture(early, t4)
      let s = await login(early, t4.adminLogin)
      const glance = async (query = '') =>
        (await call(early, s, 'GET', `/api/v1/orders/overview${query}`)).json<{
          date: string
          today: Record<string, number>
          pendingDispatch: number
          overdue: number
        }>()
      const fixture = (await call(early, s, 'GET', `/api/v1/orders/${fx4.order}`)).json<{
        status: string
      }>()
      // The fixture's order comes at 08:00 today.
      const before = await glance()
      expect(before).toMatchObject({ date: day, today: { [fixture.status]: 1 }, overdue: 0 })
      // Booked for 13:00 today, nobody sent yet: one more visit today, and one more waiting for a worker.
      const booked = await call(early, s, 'POST', '/api/v1/orders', {
        customerId: fx4.customer,
        addressId: fx4.addressId,
        serviceItemId: fx4.item,
        quantityMilli: 2000,
        windowStart: at('13:00'),
        payOnSite: true,
      })
      expect(booked.json().status).toBe('pending_dispatch')
      const after = await glance()
      expect(after.today.pending_dispatch).toBe((before.today.pending_dispatch ?? 0) + 1)
      expect(after.pendingDispatch).toBe(before.pendingDispatch + 1)
      // Another project's glance leaves both out.
      expect(await glance(`?projectId=${t4.projectIds[1]}`)).toEqual({
        date: day,
        today: {},
        pendingDispatch: 0,
        overdue: 0,
      })
      // At 16:00 both windows are over with neither visit done: overdue, and no longer waiting for a worker.
      clock.advance(9 * 3_600_000)
      s = await login(early, t4.adminLogin)
      expect(await glance()).toMatchObject({ pendingDispatch: 0, overdue: 2 })
      const bad = await call(early, s, 'GET', '/api/v1/orders/overview?projectId=P1')
      expect(bad.json().errors[0]).toMatchObject({ field: 'query.projectId' })
    } finally {
      await early.close()
    }
  })

  it('should filter orders by status and search by order number or customer phone', async () => {
    const completed = (await call(env, admin, 'GET', '/api/v1/orders?status=completed')).json()
    expect(completed.items.every((o: { status: string }) => o.status === 'completed')).toBe(true)
    const bad = await call(env, admin, 'GET', '/api/v1/orders?status=flying')
    expect(bad.json().errors[0]).toMatchObject({ field: 'query.status', code: 'invalid_status' })
    const one = completed.items[0]
    expect(
      (await call(env, admin, 'GET', `/api/v1/orders?q=${one.orderNo}`))
        .json()
        .items.map((o: { id: string }) => o.id),
    ).toEqual([one.id])
  })

  it('should page a date range by service window, latest first, each order once', async () => {
    const listed = (
      await call(env, admin, 'GET', `/api/v1/orders?from=${day}&to=${day}&limit=200`)
    ).json<{ items: Array<{ id: string; windowStart: string }> }>().items
    const all = listed.map((o) => o.id)
    expect(all.length).toBeGreaterThan(2)
    // A range that ends before it begins is named, not answered with an empty page.
    const reversed = await call(env, admin, 'GET', `/api/v1/orders?from=${day}&to=2020-01-01`)
    expect(reversed.statusCode).toBe(400)
    expect(reversed.json().errors).toEqual([
      expect.objectContaining({ field: 'query.to', code: 'range_reversed' }),
    ])
    const key = (o: { id: string; windowStart: string }) => `${o.windowStart}|${o.id}`
    expect([...listed].sort((a, b) => (key(a) < key(b) ? 1 : -1))).toEqual(listed)
    const seen: string[] = []
    let cursor = ''
    do {
      const page = (
        await call(env, admin, 'GET', `/api/v1/orders?from=${day}&to=${day}&limit=2${cursor}`)
      ).json<{ items: Array<{ id: string }>; nextCursor: string | null }>()
      seen.push(...page.items.map((o) => o.id))
      cursor = page.nextCursor ? `&cursor=${page.nextCursor}` : ''
    } while (cursor)
    expect(seen).toEqual(all)
    const dayAfter = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10)
    expect(
      (await call(env, admin, 'GET', `/api/v1/orders?from=${dayAfter}`)).json<{ items: [] }>()
        .items,
    ).toEqual([])
    const bad = await call(env, admin, 'GET', `/api/v1/orders?from=${day}&cursor=${all[0]}`)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors[0].field).toBe('query.cursor')
  })

  it("should list a date from midnight to midnight in the tenant's zone, whatever the server's", async () => {
    const [order] = (
      await call(env, admin, 'GET', `/api/v1/orders?from=${day}&to=${day}&limit=1`)
    ).json<{ items: Array<{ id: string; windowStart: string }> }>().items
    const moveTo = (instant: string) =>
      env.core.database.system((tx) =>
        tx.execute(
          sql`update service_order set window_start = ${instant}::timestamptz where id = ${order!.id}`,
        ),
      )
    const listedOn = async (date: string) =>
      (await call(env, admin, 'GET', `/api/v1/orders?from=${date}&to=${date}&limit=200`))
        .json<{ items: Array<{ id: string }> }>()
        .items.some((o) => o.id === order!.id)
    try {
      // 16:30 UTC the day before: a server in UTC reading the dates in its own zone listed it on that day.
      await moveTo(`${day}T00:30:00+08:00`)
      expect(await listedOn(day)).toBe(true)
      expect(await listedOn(addDays(day, -1))).toBe(false)
      await moveTo(`${day}T23:30:00+08:00`)
      expect(await listedOn(day)).toBe(true)
      expect(await listedOn(addDays(day, 1))).toBe(false)
    } finally {
      await moveTo(order!.windowStart)
    }
  })
})

describe('order list', () => {
  it('should narrow by each filter and show each reader only the orders their scope allows', async () => {
    const tl = await seedTenant(env, 'list')
    const fxl = await seedBusinessFixture(env, tl, { workers: 2 })
    const s = await login(env, tl.adminLogin)
    const phone = '13955551234'
    const other = await seedCustomer(env, tl, {
      name: '王先生',
      gender: 'male',
      phone,
      detail: '张杨路 600 弄 1 号 301 室',
      location: { lat: 31.231, lng: 121.474 },
    })
    // The fixture's order (phone, pay on site) holds one worker at 08:00; this one takes the other.
    const booked = await call(env, s, 'POST', '/api/v1/orders', {
      customerId: other.id,
      addressId: other.addresses[0]!.id,
      serviceItemId: fxl.item,
      quantityMilli: 2000,
      windowStart: at('08:00'),
      channel: 'api',
    })
    expect(booked.statusCode).toBe(201)
    const first = (await call(env, s, 'GET', `/api/v1/orders/${fxl.order}`)).json<{
      id: string
      orderNo: string
      workerId: string
    }>()
    const second = booked.json<{ id: string; workerId: string }>()
    expect(second.workerId).not.toBe(first.workerId)
    const listed = async (session: Session, query: string) => {
      const res = await call(env, session, 'GET', `/api/v1/orders?${query}`)
      expect(res.statusCode, res.body).toBe(200)
      return res.json<{ items: Array<{ id: string }> }>().items.map((o) => o.id)
    }
    const both = [second.id, first.id]
    const nowhere = '01900000-0000-7000-8000-000000000000'
    const expectations: Array<[string, string[]]> = [
      ['', both],
      ['channel=api', [second.id]],
      ['channel=phone', [first.id]],
      [`workerId=${first.workerId}`, [first.id]],
      [`workerId=${second.workerId}&channel=api`, [second.id]],
      [`workerId=${first.workerId}&channel=api`, []],
      [`projectId=${tl.projectIds[0]}`, both],
      [`projectId=${tl.projectIds[1]}`, []],
      [`serviceItemId=${fxl.item}`, both],
      [`serviceItemId=${nowhere}`, []],
      [`customerId=${other.id}`, [second.id]],
      [`q=${phone}`, [second.id]],
      [`q=${first.orderNo.toLowerCase()}`, [first.id]],
      ['status=pending_payment', [second.id]],
      ['status=pending_payment,pending_dispatch', both],
      [`from=${day}&to=${day}&status=pending_dispatch`, [first.id]],
    ]
    for (const [query, ids] of expectations)
      expect(await listed(s, query), query).toEqual(expect.arrayContaining(ids))
    for (const [query, ids] of expectations)
      expect((await listed(s, query)).length, query).toBe(ids.length)
    // Newest first, one a page: the cursor leads from the second booking to the first.
    const page = (await call(env, s, 'GET', '/api/v1/orders?limit=1')).json<{
      items: Array<{ id: string; totalFen: number }>
      nextCursor: string
    }>()
    expect(page.items.map((o) => o.id)).toEqual([second.id])
    expect(page.items[0]!.totalFen).toBe(
      booked.json<{ price: { totalFen: number } }>().price.totalFen,
    )
    expect(await listed(s, `limit=1&cursor=${page.nextCursor}`)).toEqual([first.id])

    const manager = async (projectIds: string[], name: string) => {
      await createStaff(env, s, {
        login: `${name}-${tl.slug}`,
        roleIds: [tl.roleIds.project_manager!],
        projectIds,
      })
      return login(env, `${name}-${tl.slug}`)
    }
    expect(await listed(await manager([tl.projectIds[0]!], 'pm1'), '')).toEqual(both)
    const outside = await manager([tl.projectIds[1]!], 'pm2')
    expect(await listed(outside, '')).toEqual([])
    // One order is read under the same scope as the list.
    const opened = async (session: Session, id: string) =>
      (await call(env, session, 'GET', `/api/v1/orders/${id}`)).statusCode
    expect(await opened(outside, first.id)).toBe(404)
    // Nor may customer service of another project look up windows at this customer's address.
    await createStaff(env, s, {
      login: `cs2-${tl.slug}`,
      roleIds: [tl.roleIds.customer_service!],
      projectIds: [tl.projectIds[1]!],
    })
    const otherDesk = await login(env, `cs2-${tl.slug}`)
    const look = (session: Session, serviceItemId: string) =>
      call(
        env,
        session,
        'GET',
        `/api/v1/availability?serviceItemId=${serviceItemId}&addressId=${fxl.addressId}&date=${day}`,
      )
    const elsewhere = await look(otherDesk, fxl.item)
    expect(elsewhere.statusCode).toBe(404)
    expect(elsewhere.json().errors[0]).toMatchObject({
      field: 'query.addressId',
      code: 'not_found',
    })
    // Nor book there: the refusal names the customer.
    const bookedThere = await call(env, otherDesk, 'POST', '/api/v1/orders', {
      customerId: fxl.customer,
      addressId: fxl.addressId,
      serviceItemId: fxl.item,
      quantityMilli: 2000,
      windowStart: new Date(`${day}T10:00:00+08:00`).toISOString(),
    })
    expect(bookedThere.statusCode).toBe(404)
    expect(bookedThere.json().errors[0]).toMatchObject({
      field: 'body.customerId',
      code: 'not_found',
    })
    expect((await look(s, fxl.item)).statusCode).toBe(200)
    const unknownItem = await look(s, '01900000-0000-7000-8000-000000000000')
    expect(unknownItem.json().errors[0]).toMatchObject({
      field: 'query.serviceItemId',
      code: 'not_offered',
    })
    // A reader of their own jobs sees the orders of the worker they are.
    const role = await call(env, s, 'POST', '/api/v1/roles', {
      name: `own jobs ${tl.slug}`,
      inherits: [],
      grants: [
        { permission: 'orders:read', scope: 'own' },
        { permission: 'orders:manage', scope: 'own' },
      ],
      denies: [],
    })
    const user = await createStaff(env, s, {
      login: `w-${tl.slug}`,
      roleIds: [role.json<{ id: string }>().id],
    })
    const own = await login(env, `w-${tl.slug}`)
    expect(await listed(own, '')).toEqual([])
    const worker = await call(env, s, 'GET', `/api/v1/workers/${first.workerId}`)
    const linked = await call(
      env,
      s,
      'PATCH',
      `/api/v1/workers/${first.workerId}`,
      { userId: user.id },
      { 'if-match': `"${worker.json().version}"` },
    )
    expect(linked.statusCode).toBe(200)
    expect(await listed(own, '')).toEqual([first.id])
    expect(await listed(own, `workerId=${second.workerId}`)).toEqual([])
    expect([await opened(own, first.id), await opened(own, second.id)]).toEqual([200, 404])
    // A step the worker takes through their own account is signed as the worker's, the office's as staff.
    const event = (who: Session, body: Record<string, unknown>) =>
      call(env, who, 'POST', `/api/v1/orders/${first.id}/events`, body)
    expect((await event(s, { event: 'assign', workerId: first.workerId })).statusCode).toBe(200)
    expect((await event(own, { event: 'accept' })).statusCode).toBe(200)
    expect((await event(s, { event: 'depart' })).statusCode).toBe(200)
    const steps = (await call(env, s, 'GET', `/api/v1/orders/${first.id}`)).json<{
      timeline: Array<{ event: string; actor: string }>
    }>().timeline
    expect(steps.slice(-3).map((e) => [e.event, e.actor])).toEqual([
      ['assign', 'staff'],
      ['accept', 'worker'],
      ['depart', 'staff'],
    ])
    // Migration 0020's backfill, on these steps as they were recorded before it (all 'staff'), gives the same.
    const [backfill] = migrationDataStatements('0020_timeline_worker_actor')
    const signers = await env.core.database.tenant(tl.tenantId, async (tx) => {
      await queryRows(
        tx,
        sql`update order_event set actor_type = 'staff' where order_id = ${first.id} and actor_type = 'worker'`,
      )
      await queryRows(tx, sql.raw(backfill!))
      return queryRows<{ event: string; actor: string }>(
        tx,
        sql`select event, actor_type as actor from order_event where order_id = ${first.id} order by at, id`,
      )
    })
    expect(signers.slice(-3).map((e) => [e.event, e.actor])).toEqual([
      ['assign', 'staff'],
      ['accept', 'worker'],
      ['depart', 'staff'],
    ])
    expect(signers.filter((e) => e.actor === 'worker')).toHaveLength(1)
  })
})

describe('dispatch after the catalog changes', () => {
  it('should still check skills when the item was unpublished after booking: a worker without them is refused', async () => {
    // Earlier tests filled most of tomorrow: take a window the one worker still has.
    const free = await call(
      env,
      admin,
      'GET',
      `/api/v1/availability?serviceItemId=${fx.item}&addressId=${fx.addressId}&date=${day}`,
    )
    const window = free
      .json<{ windows: Array<{ start: string; available: boolean }> }>()
      .windows.find((w) => w.available)!
    const booked = await book(window.start, { payOnSite: true })
    expect(booked.statusCode, booked.body).toBe(201)
    const item = await call(env, admin, 'GET', `/api/v1/catalog/items/${fx.item}`)
    const unpublish = await call(
      env,
      admin,
      'PATCH',
      `/api/v1/catalog/items/${fx.item}`,
      { status: 'draft' },
      { 'if-match': item.headers.etag as string },
    )
    expect(unpublish.statusCode, unpublish.body).toBe(200)
    const handyman = await env.core.workforce.service.create(
      systemContext(t.tenantId),
      workerInput(t, { name: '水电师傅', phone: '13700009876', skills: ['plumbing'] }),
    )
    const assign = (workerId: string) =>
      call(env, admin, 'POST', `/api/v1/orders/${booked.json<{ id: string }>().id}/events`, {
        event: 'assign',
        workerId,
      })
    const refused = await assign(handyman.id)
    expect(refused.statusCode, refused.body).toBe(409)
    expect(refused.json()).toMatchObject({
      code: 'WORKER_LACKS_SKILLS',
      errors: [{ field: 'body.workerId', code: 'worker_lacks_skills' }],
    })
    expect(refused.json<{ detail: string }>().detail).toBe(
      '该服务人员不具备此服务所需的技能：cleaning',
    )
    const skilled = await assign(fx.worker)
    expect(skilled.statusCode, skilled.body).toBe(200)
  })
})
