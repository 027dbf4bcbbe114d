import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../platform/db/database.ts'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import { call, createStaff, createTestEnv, login, seedTenant } from '../../test-support/harness.ts'

let env: TestEnv
let t: Seeded
let admin: Session
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

beforeAll(async () => {
  env = await createTestEnv()
  t = await seedTenant(env)
  admin = await login(env, t.adminLogin)
})
afterAll(() => env.close())

describe('customers', () => {
  it('should create a customer with a masked phone and address matched to its project, and keep the plaintext out of the tables', async () => {
    const res = await call(env, admin, 'POST', '/api/v1/customers', {
      name: '周先生',
      phone: '13966667777',
      addresses: [address()],
    })
    expect(res.statusCode).toBe(201)
    const c = res.json()
    expect(c).toMatchObject({
      phoneMasked: '139****7777',
      addresses: [
        {
          projectId: t.projectIds[0],
          detailMasked: '浦东新区 世纪大道****',
          contactPhoneMasked: '138****2222',
          isDefault: true,
        },
      ],
    })
    const rows = await env.core.database.tenant(t.tenantId, (tx) =>
      queryRows<Record<string, unknown>>(
        tx,
        sql`select c.*, a.* from customer c join customer_address a on a.customer_id = c.id where c.id = ${c.id}`,
      ),
    )
    const stored = JSON.stringify(rows)
    for (const secret of ['13966667777', '13811112222', '2302', '31.23147', '121.47123'])
      expect(stored).not.toContain(secret)
  })

  it('should refuse an address outside every service area, and a malformed phone, naming the field and writing nothing', async () => {
    const far = await call(env, admin, 'POST', '/api/v1/customers', {
      name: '远方',
      phone: '13966660001',
      addresses: [address({ location: { lat: 39.9, lng: 116.4 } })],
    })
    expect(far.statusCode).toBe(422)
    expect(far.json().errors[0]).toMatchObject({
      field: 'body.addresses.0.location',
      code: 'outside_service_area',
    })
    const phone = await call(env, admin, 'POST', '/api/v1/customers', {
      name: 'x',
      phone: '12345678901',
    })
    expect(phone.json().errors[0]).toMatchObject({ field: 'body.phone', code: 'invalid_phone' })
    // Text PostgreSQL cannot store is refused by field, in a body and in a query alike.
    const nul = await call(env, admin, 'POST', '/api/v1/customers', {
      name: '李\u0000女士',
      phone: '13966660002',
    })
    expect(nul.json().errors[0]).toMatchObject({ field: 'body.name', code: 'invalid_characters' })
    const broken = await call(
      env,
      admin,
      'POST',
      '/api/v1/customers',
      { name: '王', phone: '13966660003', notes: 'ok', tags: ['vip', 'a\ud800'] },
      { 'accept-language': 'en' },
    )
    expect(broken.json().errors[0]).toMatchObject({
      field: 'body.tags.1',
      code: 'invalid_characters',
      message: 'Contains characters that cannot be stored (a NUL or a broken Unicode character)',
    })
    const query = await call(env, admin, 'GET', '/api/v1/customers?q=%00')
    expect(query.json().errors[0]).toMatchObject({ field: 'query.q', code: 'invalid_characters' })
    expect(
      (await call(env, admin, 'GET', '/api/v1/customers?q=13966660001')).json().items,
    ).toHaveLength(0)
  })

  it('should detect a duplicate phone and name the existing customer', async () => {
    const dup = await call(env, admin, 'POST', '/api/v1/customers', {
      name: '别人',
      phone: '13966667777',
    })
    expect(dup.statusCode).toBe(409)
    expect(dup.json()).toMatchObject({ code: 'DUPLICATE_CUSTOMER', name: '周先生' })
    const found = (await call(env, admin, 'GET', '/api/v1/customers?q=13966667777')).json()
    expect(found.items.map((c: { id: string }) => c.id)).toEqual([dup.json().customerId])
    // Several agents entering one new caller at once: one customer, and the others are shown who it is.
    const entered = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call(env, admin, 'POST', '/api/v1/customers', { name: `来电${i}`, phone: '13966667788' }),
      ),
    )
    const made = entered.filter((r) => r.statusCode === 201)
    expect(made).toHaveLength(1)
    for (const r of entered.filter((r) => r.statusCode !== 201))
      expect(r.json()).toMatchObject({
        code: 'DUPLICATE_CUSTOMER',
        customerId: made[0]!.json().id,
      })
  })

  it('should filter customers by where they came from, refusing an unknown source by name', async () => {
    const names = async (query: string) =>
      (await call(env, admin, 'GET', `/api/v1/customers?${query}`))
        .json<{ items: Array<{ name: string; source: string }> }>()
        .items.map((c) => `${c.name}/${c.source}`)
    await call(env, admin, 'POST', '/api/v1/customers', {
      name: '转介绍客户',
      phone: '13966660123',
      source: 'referral',
    })
    expect(await names('source=referral')).toEqual(['转介绍客户/referral'])
    expect(await names('source=phone')).not.toContain('转介绍客户/referral')
    const bad = await call(env, admin, 'GET', '/api/v1/customers?source=tv')
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe('query.source')
  })

  it('should read the customers a picker holds by id, refusing a malformed list by name', async () => {
    const all = (await call(env, admin, 'GET', '/api/v1/customers?limit=2')).json<{
      items: Array<{ id: string }>
    }>().items
    const held = [all[0]!.id, all[1]!.id]
    const res = await call(env, admin, 'GET', `/api/v1/customers?ids=${held.join(',')}&limit=1`)
    expect(res.json<{ items: Array<{ id: string }> }>().items.map((c) => c.id)).toEqual([held[0]])
    const both = await call(env, admin, 'GET', `/api/v1/customers?ids=${held[1]},${held[0]}`)
    expect(both.json<{ items: unknown[] }>().items).toHaveLength(2)
    const bad = await call(env, admin, 'GET', '/api/v1/customers?ids=1,2')
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe('query.ids')
  })

  it('should reveal personal data only with the permission, and audit each reveal', async () => {
    const id = (await call(env, admin, 'GET', '/api/v1/customers?q=13966667777')).json().items[0].id
    const revealed = (await call(env, admin, 'POST', `/api/v1/customers/${id}/reveal`)).json()
    expect(revealed).toMatchObject({
      phone: '13966667777',
      addresses: [{ contactPhone: '13811112222', detail: '世纪大道 100 弄 8 号 2302 室' }],
    })
    const audit = (
      await call(env, admin, 'GET', `/api/v1/audit?action=customer.pii_revealed&entityId=${id}`)
    ).json()
    expect(audit.items).toHaveLength(1)
    await createStaff(env, admin, {
      login: `cs-${t.slug}`,
      roleIds: [t.roleIds.customer_service!],
      projectIds: [t.projectIds[0]!],
    })
    const cs = await login(env, `cs-${t.slug}`)
    expect((await call(env, cs, 'GET', `/api/v1/customers/${id}`)).statusCode).toBe(200)
    expect((await call(env, cs, 'POST', `/api/v1/customers/${id}/reveal`)).statusCode).toBe(403)
  })

  it('should show a project-scoped agent only customers with an address in their projects', async () => {
    const other = await call(env, admin, 'POST', '/api/v1/customers', {
      name: '徐汇客户',
      phone: '13966668888',
      addresses: [address({ location: { lat: 31.1, lng: 121.3 } })],
    })
    expect(other.json().addresses[0].projectId).toBe(t.projectIds[1])
    const cs = await login(env, `cs-${t.slug}`)
    expect((await call(env, cs, 'GET', `/api/v1/customers/${other.json().id}`)).statusCode).toBe(
      404,
    )
    expect(
      (await call(env, cs, 'GET', '/api/v1/customers'))
        .json()
        .items.map((c: { name: string }) => c.name),
    ).not.toContain('徐汇客户')
    // Entering that customer's phone does not tell the agent whose it is.
    const dup = await call(env, cs, 'POST', '/api/v1/customers', {
      name: '来电',
      phone: '13966668888',
    })
    expect(dup.statusCode).toBe(409)
    expect(dup.json()).toMatchObject({
      code: 'PHONE_OF_HIDDEN_CUSTOMER',
      errors: [{ field: 'body.phone', code: 'duplicate_customer' }],
    })
    expect(dup.body).not.toContain('徐汇客户')
    expect(dup.body).not.toContain(other.json().id)
  })

  it('should count personal-data edits against the daily limit and reject a stale version', async () => {
    const c = (
      await call(env, admin, 'POST', '/api/v1/customers', { name: '改名', phone: '13966669999' })
    ).json()
    const stale = await call(
      env,
      admin,
      'PATCH',
      `/api/v1/customers/${c.id}`,
      { notes: 'x' },
      { 'if-match': '"99"' },
    )
    expect(stale.statusCode).toBe(412)
    const garbled = await call(
      env,
      admin,
      'PATCH',
      `/api/v1/customers/${c.id}`,
      { notes: 'x' },
      { 'if-match': '"abc"' },
    )
    expect(garbled.statusCode).toBe(400)
    expect(garbled.json().errors).toEqual([
      expect.objectContaining({ field: 'headers.if-match', code: 'invalid_if_match' }),
    ])
    // An entity tag is quoted; one never written ("01") matches no version. (A W/ a proxy added is read below.)
    const version = (await call(env, admin, 'GET', `/api/v1/customers/${c.id}`)).json<{
      version: number
    }>().version
    for (const [tag, status] of [
      [`${version}`, 400],
      [`"${version}`, 400],
      [`"0${version}"`, 412],
    ] as const) {
      const res = await call(
        env,
        admin,
        'PATCH',
        `/api/v1/customers/${c.id}`,
        { notes: 'x' },
        { 'if-match': tag },
      )
      expect(res.statusCode, tag).toBe(status)
      expect(res.json().errors[0].field).toBe('headers.if-match')
    }
    const weakened = await call(
      env,
      admin,
      'PATCH',
      `/api/v1/customers/${c.id}`,
      { notes: '经代理' },
      { 'if-match': `W/"${version}"` },
    )
    expect(weakened.statusCode, weakened.body).toBe(200)
    // A list of tags (RFC 9110) holds if any of them is the record's version; none of them is someone else's
    // change, and a list that is not one of tags is malformed.
    const now = weakened.json<{ version: number }>().version
    for (const [tag, status] of [
      [`"${now - 1}", "${now + 5}"`, 412],
      [`"${now}", abc`, 400],
      [`"${now}", *`, 400],
      [`"${now - 1}", W/"${now}"`, 200],
    ] as const) {
      const res = await call(
        env,
        admin,
        'PATCH',
        `/api/v1/customers/${c.id}`,
        { notes: `列表 ${status}` },
        { 'if-match': tag },
      )
      expect(res.statusCode, `${tag}: ${res.body}`).toBe(status)
      if (status !== 200) expect(res.json().errors[0].field).toBe('headers.if-match')
    }
    const listed = (await call(env, admin, 'GET', `/api/v1/customers/${c.id}`)).json<{
      notes: string
      version: number
    }>()
    expect(listed).toMatchObject({ notes: '列表 200', version: now + 1 })
    const codes = []
    for (let i = 0; i < 11; i++)
      codes.push(
        (await call(env, admin, 'PATCH', `/api/v1/customers/${c.id}`, { name: `改名${i}` }))
          .statusCode,
      )
    expect(codes.filter((x) => x === 429).length).toBeGreaterThan(0)
    // Notes are not personal data: still allowed past the limit.
    expect(
      (await call(env, admin, 'PATCH', `/api/v1/customers/${c.id}`, { notes: '常点深度保洁' }))
        .statusCode,
    ).toBe(200)
  })
})
