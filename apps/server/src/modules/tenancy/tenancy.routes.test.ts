import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../demo/index.ts'
import type { Session, TestEnv } from '../../test-support/harness.ts'
import { PASSWORD, call, createTestEnv, login, seedTenant } from '../../test-support/harness.ts'

let env: TestEnv
let operator: Session

beforeAll(async () => {
  env = await createTestEnv()
  await seedDemo({ tenancy: env.core.tenancy.service, identity: env.core.identity }, PASSWORD)
  operator = await login(env, 'admin')
})
afterAll(() => env.close())

describe('platform: tenants', () => {
  it('should let the operator admin create a company with its roles and first admin', async () => {
    const res = await call(env, operator, 'POST', '/api/v1/platform/tenants', {
      slug: 'acme',
      name: 'Acme 家政',
      admin: { login: 'acme-admin', displayName: 'Acme 管理员', password: 'Acme-first-pass-1' },
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ slug: 'acme', timeZone: 'Asia/Shanghai' })
    const acme = await login(env, 'acme-admin', 'Acme-first-pass-1')
    // The operator set the password, so the company's administrator chooses their own before anything else.
    const first = await call(env, acme, 'GET', '/api/v1/roles')
    expect(first.json()).toMatchObject({ status: 403, code: 'PASSWORD_CHANGE_REQUIRED' })
    const changed = await call(env, acme, 'POST', '/api/v1/auth/password', {
      currentPassword: 'Acme-first-pass-1',
      newPassword: 'Acme-own-pass-2',
    })
    expect(changed.statusCode, changed.body).toBe(200)
    const roles = (await call(env, acme, 'GET', '/api/v1/roles')).json()
    expect(roles.items.map((r: { key: string }) => r.key)).toEqual(
      expect.arrayContaining([
        'admin',
        'hq_manager',
        'project_manager',
        'dispatcher',
        'customer_service',
        'finance',
        'worker',
      ]),
    )
    // A new company's admin is not a platform operator.
    const me = (await call(env, acme, 'GET', '/api/v1/auth/me')).json()
    expect(me.permissions.map((g: { permission: string }) => g.permission)).not.toContain(
      'platform:tenants',
    )
    // And it sees none of the demo company's staff.
    expect((await call(env, acme, 'GET', '/api/v1/users')).json().items).toHaveLength(1)
  })

  it('should refuse a taken slug naming the field, an unknown time zone, and an admin of another company', async () => {
    const taken = await call(env, operator, 'POST', '/api/v1/platform/tenants', {
      slug: 'demo',
      name: 'x',
      admin: { login: 'other-admin', displayName: 'x', password: 'Acme-first-pass-1' },
    })
    expect(taken.statusCode).toBe(409)
    expect(taken.json().errors[0].field).toBe('body.slug')
    const zone = await call(env, operator, 'POST', '/api/v1/platform/tenants', {
      slug: 'zoned',
      name: 'x',
      timeZone: 'Mars/Olympus',
      admin: { login: 'zoned-admin', displayName: 'x', password: 'Acme-first-pass-1' },
    })
    expect(zone.json().errors[0]).toMatchObject({
      field: 'body.timeZone',
      code: 'invalid_time_zone',
    })
    // One zone, one name: offsets, legacy names and other spellings Intl also takes are refused.
    for (const timeZone of ['+08:00', 'EST5EDT', 'HST', 'GMT0', 'asia/shanghai']) {
      const odd = await call(env, operator, 'POST', '/api/v1/platform/tenants', {
        slug: 'oddzone',
        name: 'x',
        timeZone,
        admin: { login: 'odd-admin', displayName: 'x', password: 'Acme-first-pass-1' },
      })
      expect(odd.json().errors?.[0], timeZone).toMatchObject({ field: 'body.timeZone' })
    }
    // An admin login another company's staff already has is named where the form has it.
    const clash = await call(env, operator, 'POST', '/api/v1/platform/tenants', {
      slug: 'loginclash',
      name: 'x',
      admin: { login: 'admin', displayName: 'x', password: 'Acme-first-pass-1' },
    })
    expect(clash.json()).toMatchObject({
      code: 'LOGIN_TAKEN',
      errors: [{ field: 'body.admin.login', code: 'login_taken' }],
    })
    const plain = await seedTenant(env)
    const s = await login(env, plain.adminLogin)
    const denied = await call(env, s, 'POST', '/api/v1/platform/tenants', {
      slug: 'nope',
      name: 'x',
      admin: { login: 'nope-admin', displayName: 'x', password: 'Acme-first-pass-1' },
    })
    expect(denied.statusCode).toBe(403)
  })
})

describe('projects', () => {
  it('should create, filter and page projects, and refuse a duplicate code', async () => {
    for (const code of ['HZ-1', 'HZ-2', 'HZ-3']) {
      expect(
        (
          await call(env, operator, 'POST', '/api/v1/projects', {
            code,
            name: `杭州 ${code}`,
            city: '杭州',
          })
        ).statusCode,
      ).toBe(201)
    }
    // Codes are one in any case: hz-1 is HZ-1.
    const dup = await call(env, operator, 'POST', '/api/v1/projects', {
      code: 'hz-1',
      name: 'x',
      city: '杭州',
    })
    expect(dup.json().errors[0]).toMatchObject({ field: 'body.code', code: 'code_taken' })
    const page1 = (await call(env, operator, 'GET', '/api/v1/projects?q=杭州&limit=2')).json()
    expect(page1.items).toHaveLength(2)
    const page2 = (
      await call(env, operator, 'GET', `/api/v1/projects?q=杭州&limit=2&cursor=${page1.nextCursor}`)
    ).json()
    expect(page2.items).toHaveLength(1)
    expect(page2.nextCursor).toBeNull()
  })

  it('should keep the number customers call, checked as a phone number, and take it away when emptied', async () => {
    const bad = await call(env, operator, 'POST', '/api/v1/projects', {
      code: 'NB-1',
      name: '宁波',
      city: '宁波',
      servicePhone: '请拨打客服',
    })
    expect(bad.json()).toMatchObject({
      status: 400,
      errors: [{ field: 'body.servicePhone', code: 'invalid_service_phone' }],
    })
    expect((await call(env, operator, 'GET', '/api/v1/projects?q=NB-1')).json().items).toEqual([])
    const made = await call(env, operator, 'POST', '/api/v1/projects', {
      code: 'NB-1',
      name: '宁波',
      city: '宁波',
      servicePhone: ' 0574-8712 3456 ',
    })
    expect(made.json()).toMatchObject({ servicePhone: '0574-8712 3456' })
    const url = `/api/v1/projects/${made.json().id}`
    expect(
      (await call(env, operator, 'PATCH', url, { servicePhone: '400-820-6688' })).json(),
    ).toMatchObject({
      servicePhone: '400-820-6688',
    })
    expect((await call(env, operator, 'PATCH', url, { servicePhone: null })).json()).toMatchObject({
      servicePhone: null,
    })
    await call(env, operator, 'PATCH', url, { servicePhone: '400-820-6688' })
    expect((await call(env, operator, 'PATCH', url, { servicePhone: '  ' })).json()).toMatchObject({
      servicePhone: null,
    })
    const dashes = await call(env, operator, 'PATCH', url, { servicePhone: '1-----2' })
    expect(dashes.json().errors[0]).toMatchObject({
      field: 'body.servicePhone',
      code: 'invalid_service_phone',
    })
  })

  it('should give a project a service area that places new addresses, and take it back by deactivating', async () => {
    const hz = (await call(env, operator, 'GET', '/api/v1/projects?q=HZ-1')).json<{
      items: Array<{ id: string }>
    }>().items[0]!.id
    const patch = (body: unknown) => call(env, operator, 'PATCH', `/api/v1/projects/${hz}`, body)
    const area = { center: { lat: 30.274, lng: 120.155 }, radiusKm: 12 }
    const changed = await patch({ name: '杭州西湖服务区', serviceArea: area })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json()).toMatchObject({
      code: 'HZ-1',
      name: '杭州西湖服务区',
      serviceArea: area,
    })

    const customer = (phone: string) =>
      call(env, operator, 'POST', '/api/v1/customers', {
        name: '杭州客户',
        phone,
        addresses: [
          {
            contactName: '杭州客户',
            contactPhone: phone,
            city: '杭州',
            district: '西湖区',
            detail: '文三路 100 号 501 室',
            location: { lat: 30.28, lng: 120.14 },
          },
        ],
      })
    const placed = await customer('13700001111')
    expect(placed.statusCode, placed.body).toBe(201)
    expect(placed.json<{ addresses: Array<{ projectId: string }> }>().addresses[0]!.projectId).toBe(
      hz,
    )

    expect((await patch({ active: false })).json()).toMatchObject({ active: false })
    const refused = await customer('13700002222')
    expect(refused.statusCode).toBe(422)

    const bad = await patch({ serviceArea: { center: { lat: 30, lng: 120 }, radiusKm: 0 } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe(
      'body.serviceArea.radiusKm',
    )
    // The code is not a field of a change: it stays what people and order history quote.
    expect((await patch({ code: 'NEW', city: '杭州市' })).json()).toMatchObject({
      code: 'HZ-1',
      city: '杭州市',
    })
    const missing = await call(
      env,
      operator,
      'PATCH',
      '/api/v1/projects/01900000-0000-7000-8000-000000000000',
      { name: 'x' },
    )
    expect(missing.json()).toMatchObject({ status: 404, detail: '找不到该项目' })
    const cs = await login(env, 'cs')
    expect((await call(env, cs, 'PATCH', `/api/v1/projects/${hz}`, { name: 'x' })).statusCode).toBe(
      403,
    )
    const audit = (await call(env, operator, 'GET', `/api/v1/audit?entityId=${hz}`)).json<{
      items: Array<{ action: string }>
    }>()
    expect(audit.items.filter((e) => e.action === 'project.updated')).toHaveLength(3)
  })

  it('should show a project-scoped user only their projects', async () => {
    const cs = await login(env, 'cs')
    const codes = (await call(env, cs, 'GET', '/api/v1/projects'))
      .json()
      .items.map((p: { code: string }) => p.code)
    expect(codes.sort()).toEqual(['SH-PD', 'SH-XH'])
  })
})
