import { sql } from 'drizzle-orm'
import { AddressInput } from '@doorstep/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemContext } from '../../platform/auth/system-context.ts'
import { queryRows } from '../../platform/db/database.ts'
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

interface Address {
  id: string
  label: string
  detailMasked: string
  contactPhoneMasked: string
  projectId: string
  isDefault: boolean
  location: { lat: number; lng: number }
}

let env: TestEnv
let t: Seeded
let admin: Session
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>

const address = (over: Record<string, unknown> = {}) => ({
  label: '家',
  contactName: '周先生',
  contactPhone: '13811112222',
  city: '上海',
  district: '浦东新区',
  detail: '世纪大道 100 弄 8 号 2302 室',
  location: { lat: 31.23147, lng: 121.47123 },
  ...over,
})
const addressesOf = async (customerId: string) =>
  (await call(env, admin, 'GET', `/api/v1/customers/${customerId}`)).json<{
    addresses: Address[]
  }>().addresses
const patch = (customerId: string, addressId: string, body: unknown, who = admin) =>
  call(env, who, 'PATCH', `/api/v1/customers/${customerId}/addresses/${addressId}`, body)
const remove = (customerId: string, addressId: string, who = admin) =>
  call(env, who, 'DELETE', `/api/v1/customers/${customerId}/addresses/${addressId}`)

beforeAll(async () => {
  env = await createTestEnv()
  t = await seedTenant(env)
  admin = await login(env, t.adminLogin)
  fx = await seedBusinessFixture(env, t)
})
afterAll(() => env.close())

describe('customer addresses', () => {
  let customerId = ''
  let home = ''
  let office = ''

  beforeAll(async () => {
    const created = await call(env, admin, 'POST', '/api/v1/customers', {
      name: '周先生',
      phone: '13966661234',
      addresses: [address(), address({ label: '公司', detail: '张杨路 88 号 1508 室' })],
    })
    expect(created.statusCode).toBe(201)
    customerId = created.json<{ id: string }>().id
    ;[home, office] = (await addressesOf(customerId)).map((a) => a.id) as [string, string]
  })

  it('should correct an address in place, sealed again, and audit which parts changed without their values', async () => {
    const res = await patch(customerId, home, {
      detail: '世纪大道 100 弄 8 号 2303 室',
      contactPhone: '13822223333',
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json<{ addresses: Address[] }>().addresses[0]).toMatchObject({
      id: home,
      contactPhoneMasked: '138****3333',
      isDefault: true,
    })
    const revealed = (
      await call(env, admin, 'POST', `/api/v1/customers/${customerId}/reveal`)
    ).json<{ addresses: Array<{ id: string; detail: string; contactPhone: string }> }>()
    expect(revealed.addresses.find((a) => a.id === home)).toMatchObject({
      detail: '世纪大道 100 弄 8 号 2303 室',
      contactPhone: '13822223333',
    })
    const rows = await env.core.database.tenant(t.tenantId, (tx) =>
      queryRows<Record<string, unknown>>(
        tx,
        sql`select * from customer_address where id = ${home}`,
      ),
    )
    // Whole phrases, not bare digits: '2303' alone turns up inside a random row id now and then.
    expect(JSON.stringify(rows)).not.toMatch(/2303 室|13822223333/)
    // The exact pin was not touched: only the coarse copy is in clear, the sealed one still holds it all.
    const row = rows[0] as { location_enc: string }
    const pin = env.core.keyring.decrypt(row.location_enc, {
      tenantId: t.tenantId,
      table: 'customer_address',
      column: 'location_enc',
      rowId: home,
    })
    expect(JSON.parse(pin)).toEqual({ lat: 31.23147, lng: 121.47123 })
    const audit = (
      await call(
        env,
        admin,
        'GET',
        `/api/v1/audit?action=customer.address_updated&entityId=${customerId}`,
      )
    ).json<{ items: Array<{ diff: Record<string, { from: unknown; to: unknown }> }> }>()
    expect(audit.items).toHaveLength(1)
    expect(audit.items[0]!.diff).toMatchObject({
      detail: { from: '[redacted]', to: '[redacted]' },
      contactPhone: { from: '[redacted]', to: '[redacted]' },
    })
    expect(Object.keys(audit.items[0]!.diff)).not.toContain('city')
  })

  it('should make another address the default, leaving exactly one', async () => {
    const res = await patch(customerId, office, { isDefault: true })
    expect(res.statusCode, res.body).toBe(200)
    const after = await addressesOf(customerId)
    expect(after.filter((a) => a.isDefault).map((a) => a.id)).toEqual([office])
    expect(after[0]!.id).toBe(office)
  })

  it('should refuse bad changes naming the field, in the caller language, and change nothing', async () => {
    const before = await auditCount(env, t.tenantId)
    const unDefault = await patch(customerId, office, { isDefault: false })
    expect(unDefault.statusCode).toBe(400)
    expect(unDefault.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe(
      'body.isDefault',
    )
    const phone = await patch(customerId, home, { contactPhone: '12345' })
    expect(phone.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe(
      'body.contactPhone',
    )
    const far = await call(
      env,
      admin,
      'PATCH',
      `/api/v1/customers/${customerId}/addresses/${home}`,
      { location: { lat: 39.9, lng: 116.4 } },
      { 'accept-language': 'zh-CN' },
    )
    expect(far.statusCode).toBe(422)
    expect(far.json()).toMatchObject({
      code: 'OUTSIDE_SERVICE_AREA',
      detail: '该地址不在任何服务区域内',
      errors: [{ field: 'body.location', code: 'outside_service_area' }],
    })
    const strange = await patch(customerId, fx.addressId, { label: '别人家' })
    expect(strange.statusCode).toBe(404)
    expect(strange.json<{ detail: string }>().detail).toBe('找不到该地址')
    expect(await auditCount(env, t.tenantId)).toBe(before)
    expect((await addressesOf(customerId)).find((a) => a.id === home)?.location).toEqual({
      lat: 31.231,
      lng: 121.471,
    })
  })

  it('should move an address with no open orders, its project following the place', async () => {
    const res = await patch(customerId, home, { location: { lat: 31.1, lng: 121.3 } })
    expect(res.statusCode, res.body).toBe(200)
    const moved = (await addressesOf(customerId)).find((a) => a.id === home)!
    expect(moved).toMatchObject({ projectId: t.projectIds[1], location: { lat: 31.1, lng: 121.3 } })
    const audit = (
      await call(
        env,
        admin,
        'GET',
        `/api/v1/audit?action=customer.address_updated&entityId=${customerId}`,
      )
    ).json<{ items: Array<{ diff: Record<string, { from: unknown; to: unknown }> }> }>()
    expect(audit.items[0]!.diff).toMatchObject({
      location: { from: '[redacted]', to: '[redacted]' },
      projectId: { from: t.projectIds[0], to: t.projectIds[1] },
    })
  })

  it('should remove an address from the list and hand the default to the oldest one left', async () => {
    const added = await call(env, admin, 'POST', `/api/v1/customers/${customerId}/addresses`, {
      ...address({ label: '新家', detail: '张杨路 99 号 101 室' }),
    })
    const newest = added
      .json<{ addresses: Address[] }>()
      .addresses.find((a) => a.label === '新家')!.id
    const res = await remove(customerId, office)
    expect(res.statusCode, res.body).toBe(200)
    const left = res.json<{ addresses: Address[] }>().addresses
    expect(left.map((a) => [a.id, a.isDefault])).toEqual([
      [home, true],
      [newest, false],
    ])
    expect((await remove(customerId, newest)).statusCode).toBe(200)
    // Project P1 knew this customer by the removed addresses only: a removed address places no one.
    const inP1 = (
      await call(env, admin, 'GET', `/api/v1/customers?projectId=${t.projectIds[0]}&limit=200`)
    ).json<{ items: Array<{ id: string }> }>()
    expect(inP1.items.map((c) => c.id)).not.toContain(customerId)
    expect((await remove(customerId, office)).statusCode).toBe(404)
    const audit = (
      await call(
        env,
        admin,
        'GET',
        `/api/v1/audit?action=customer.address_removed&entityId=${customerId}`,
      )
    ).json<{ items: unknown[] }>()
    expect(audit.items).toHaveLength(2)
  })

  it('should keep an address with an open order in place, name the order, and free it once the order is done', async () => {
    const { orderNo } = (await call(env, admin, 'GET', `/api/v1/orders/${fx.order}`)).json<{
      orderNo: string
    }>()
    const moved = await patch(fx.customer, fx.addressId, { location: { lat: 31.1, lng: 121.3 } })
    expect(moved.statusCode).toBe(409)
    expect(moved.json()).toMatchObject({ code: 'ADDRESS_HAS_ORDERS', orderNos: [orderNo] })
    expect(moved.json<{ detail: string }>().detail).toContain(orderNo)
    const removed = await remove(fx.customer, fx.addressId)
    expect(removed.statusCode).toBe(409)
    // A correction that keeps the place (the door number) is what the open order wants, and shows.
    const before = (await call(env, admin, 'GET', `/api/v1/orders/${fx.order}`)).json<{
      addressMasked: string
    }>().addressMasked
    const corrected = await patch(fx.customer, fx.addressId, {
      detail: '陆家嘴环路 1000 号 2 楼',
    })
    expect(corrected.statusCode).toBe(200)
    const now = corrected
      .json<{ addresses: Address[] }>()
      .addresses.find((a) => a.id === fx.addressId)!.detailMasked
    expect(now).not.toBe(before)
    expect(
      (await call(env, admin, 'GET', `/api/v1/orders/${fx.order}`)).json<{
        addressMasked: string
      }>().addressMasked,
    ).toBe(now)

    const cancelled = await call(env, admin, 'POST', `/api/v1/orders/${fx.order}/events`, {
      event: 'cancel',
      reason: '客户搬家',
    })
    expect(cancelled.statusCode, cancelled.body).toBe(200)
    expect((await remove(fx.customer, fx.addressId)).statusCode).toBe(200)
    expect(await addressesOf(fx.customer)).toEqual([])
    // The order's history keeps its address; booking there again is refused, naming the field.
    const past = await call(env, admin, 'GET', `/api/v1/orders/${fx.order}`)
    expect(past.json()).toMatchObject({ addressId: fx.addressId })
    const again = await call(env, admin, 'POST', '/api/v1/orders', {
      customerId: fx.customer,
      addressId: fx.addressId,
      serviceItemId: fx.item,
      quantityMilli: 2000,
      windowStart: `${tomorrow()}T02:00:00.000Z`,
      channel: 'phone',
      payOnSite: true,
    })
    expect(again.statusCode).toBe(400)
    expect(again.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe(
      'body.addressId',
    )
  })

  // The admin's daily allowance of personal-data changes is spent above: another staff member goes on.
  let ops: Session
  beforeAll(async () => {
    await createStaff(env, admin, { login: `ops-${t.slug}`, roleIds: [t.roleIds.admin!] })
    ops = await login(env, `ops-${t.slug}`)
  })

  it('should keep an address an open complaint concerns (a rework goes there), until it closes', async () => {
    const added = await call(env, ops, 'POST', `/api/v1/customers/${fx.customer}/addresses`, {
      ...address({ contactName: '李女士', label: '投诉' }),
    })
    const addressId = added
      .json<{ addresses: Address[] }>()
      .addresses.find((a) => a.label === '投诉')!.id
    const ctx = systemContext(t.tenantId)
    const order = await env.core.orders.service.create(ctx, {
      customerId: fx.customer,
      addressId,
      serviceItemId: fx.item,
      quantityMilli: 2000,
      addons: [],
      windowStart: `${tomorrow()}T05:00:00.000Z`,
      asap: false,
      channel: 'phone',
      payOnSite: true,
      discountFen: 0,
      notes: '',
    })
    for (const event of ['assign', 'accept', 'depart', 'check_in', 'complete'] as const)
      await env.core.orders.service.apply(
        ctx,
        order.id,
        { event, ...(event === 'assign' ? { workerId: fx.worker } : {}) },
        undefined,
      )
    await env.core.aftersales.service.create(ctx, order.id, {
      category: 'quality',
      description: '没有打扫干净',
      photos: [],
    })
    const refused = await remove(fx.customer, addressId, ops)
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ code: 'ADDRESS_HAS_COMPLAINTS', complaints: 1 })
  })

  it('should never leave an order at a removed address when booking and removal race', async () => {
    for (let round = 0; round < 4; round++) {
      // Added as the system: the staff member's daily allowance is for the removals raced here.
      const added = await env.core.customers.service.addAddress(
        systemContext(t.tenantId),
        fx.customer,
        AddressInput.parse(address({ contactName: '李女士', label: `竞争${round}` })),
      )
      const addressId = added.addresses.find((a) => a.label === `竞争${round}`)!.id
      const [booked, removed] = await Promise.all([
        call(env, ops, 'POST', '/api/v1/orders', {
          customerId: fx.customer,
          addressId,
          serviceItemId: fx.item,
          quantityMilli: 2000,
          windowStart: `${tomorrow()}T07:00:00.000Z`,
          channel: 'phone',
          payOnSite: true,
        }),
        remove(fx.customer, addressId, ops),
      ])
      // Either the booking came first (and the removal is refused) or the removal did (and the booking is).
      expect([booked.statusCode, removed.statusCode], `${booked.body} ${removed.body}`).toSatisfy(
        ([b, r]: number[]) => (b === 201 && r === 409) || (b !== 201 && r === 200),
      )
      if (booked.statusCode === 201)
        await call(
          env,
          admin,
          'POST',
          `/api/v1/orders/${booked.json<{ id: string }>().id}/events`,
          {
            event: 'cancel',
            reason: 'test',
          },
        )
    }
  })

  it('should keep an address a live plan books at, until the plan ends', async () => {
    const added = await call(env, ops, 'POST', `/api/v1/customers/${fx.customer}/addresses`, {
      ...address({ contactName: '李女士', label: '计划' }),
    })
    const addressId = added
      .json<{ addresses: Address[] }>()
      .addresses.find((a) => a.label === '计划')!.id
    // Starting beyond the booking horizon: the plan is live but has booked no order yet.
    const start = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10)
    const plan = await call(env, ops, 'POST', '/api/v1/plans', {
      customerId: fx.customer,
      addressId,
      serviceItemId: fx.item,
      quantityMilli: 2000,
      rrule: 'FREQ=WEEKLY;COUNT=4',
      startDate: start,
      windowHour: 10,
      discountPercent: 0,
    })
    expect(plan.statusCode, plan.body).toBe(201)
    const refused = await call(
      env,
      ops,
      'DELETE',
      `/api/v1/customers/${fx.customer}/addresses/${addressId}`,
      undefined,
      { 'accept-language': 'en' },
    )
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ code: 'ADDRESS_HAS_PLANS', plans: 1 })
    expect(refused.json<{ detail: string }>().detail).toContain('1 recurring plan')
    const planId = plan.json<{ id: string }>().id
    const ended = await call(env, ops, 'POST', `/api/v1/plans/${planId}/actions`, {
      action: 'end',
    })
    expect(ended.statusCode, ended.body).toBe(200)
    expect((await remove(fx.customer, addressId, ops)).statusCode).toBe(200)
  })
})

describe('a project-scoped agent and the addresses of other projects', () => {
  it('should change only the addresses in their projects, and move or add none outside them', async () => {
    await createStaff(env, admin, {
      login: `cs-addr-${t.slug}`,
      roleIds: [t.roleIds.customer_service!],
      projectIds: [t.projectIds[0]!],
    })
    const cs = await login(env, `cs-addr-${t.slug}`)
    // Lives in the agent's project (Pudong) and has parents in another (Xuhui).
    const created = await call(env, admin, 'POST', '/api/v1/customers', {
      name: '两地客户',
      phone: '13966660001',
      addresses: [address(), address({ label: '父母家', location: { lat: 31.1, lng: 121.3 } })],
    })
    const customerId = created.json<{ id: string }>().id
    const [own, parents] = await addressesOf(customerId)
    expect([own!.projectId, parents!.projectId]).toEqual([t.projectIds[0], t.projectIds[1]])
    const before = await auditCount(env, t.tenantId)

    const change = await patch(customerId, parents!.id, { label: '老家' }, cs)
    expect(change.statusCode).toBe(403)
    expect(change.json<{ code: string; detail: string }>()).toMatchObject({
      code: 'ADDRESS_OUT_OF_SCOPE',
      detail: '该地址所在的项目不在您的管理范围内',
    })
    expect((await remove(customerId, parents!.id, cs)).statusCode).toBe(403)
    const out = await patch(customerId, own!.id, { location: { lat: 31.1, lng: 121.3 } }, cs)
    expect(out.statusCode).toBe(403)
    expect(out.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe('body.location')
    const added = await call(
      env,
      cs,
      'POST',
      `/api/v1/customers/${customerId}/addresses`,
      address({ label: '别墅', location: { lat: 31.1, lng: 121.3 } }),
    )
    expect(added.statusCode).toBe(403)
    const elsewhere = await call(env, cs, 'POST', '/api/v1/customers', {
      name: '徐汇新客户',
      phone: '13966660002',
      addresses: [address({ location: { lat: 31.1, lng: 121.3 } })],
    })
    expect(elsewhere.statusCode).toBe(403)
    expect(elsewhere.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe(
      'body.addresses.0.location',
    )
    expect(await auditCount(env, t.tenantId)).toBe(before)
    expect(await addressesOf(customerId)).toHaveLength(2)

    // Their own project's address they correct as before.
    expect((await patch(customerId, own!.id, { label: '新家' }, cs)).statusCode).toBe(200)
  })
})

describe('a customer managing their own addresses in the portal', () => {
  it('should show, correct and remove only their own addresses', async () => {
    const phone = '13955557777'
    const me = await loginCustomer(env, t, phone)
    const added = await call(env, me, 'POST', '/api/v1/portal/addresses', address())
    expect(added.statusCode, added.body).toBe(201)
    const second = await call(
      env,
      me,
      'POST',
      '/api/v1/portal/addresses',
      address({ label: '父母家', detail: '张杨路 66 号 301 室' }),
    )
    const [first, parents] = second.json<{ items: Address[] }>().items
    const full = await call(env, me, 'GET', `/api/v1/portal/addresses/${parents!.id}`)
    expect(full.statusCode, full.body).toBe(200)
    expect(full.json()).toMatchObject({
      id: parents!.id,
      detail: '张杨路 66 号 301 室',
      contactPhone: '13811112222',
    })
    const changed = await call(env, me, 'PATCH', `/api/v1/portal/addresses/${parents!.id}`, {
      detail: '张杨路 66 号 302 室',
      isDefault: true,
    })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json<{ items: Address[] }>().items[0]).toMatchObject({
      id: parents!.id,
      isDefault: true,
    })
    const gone = await call(env, me, 'DELETE', `/api/v1/portal/addresses/${first!.id}`)
    expect(gone.json<{ items: Address[] }>().items.map((a) => a.id)).toEqual([parents!.id])

    // Someone else's address is not found, whatever the verb.
    const other = await loginCustomer(env, t, '13955558888')
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { label: 'x' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await call(env, other, method, `/api/v1/portal/addresses/${parents!.id}`, body)
      expect(res.statusCode, method).toBe(404)
    }
  })

  it('should keep at most ten addresses a customer, refusing the eleventh and writing nothing', async () => {
    const me = await loginCustomer(env, t, '13955559999')
    for (let i = 1; i <= 10; i++) {
      const added = await call(
        env,
        me,
        'POST',
        '/api/v1/portal/addresses',
        address({ label: `地址${i}`, detail: `张杨路 ${i} 号` }),
      )
      expect(added.statusCode, added.body).toBe(201)
    }
    const before = await auditCount(env, t.tenantId)
    const eleventh = await call(env, me, 'POST', '/api/v1/portal/addresses', address())
    expect(eleventh.statusCode).toBe(409)
    expect(eleventh.json()).toMatchObject({
      code: 'TOO_MANY_ADDRESSES',
      errors: [{ field: 'body', code: 'too_many_addresses' }],
    })
    expect(eleventh.json<{ detail: string }>().detail).toContain('最多保存 10 个地址')
    expect(await auditCount(env, t.tenantId)).toBe(before)
  })
})
