/**
 * Runs over every endpoint of the contract table, so a route added later is covered without writing a test:
 * bad input is a 4xx naming the field and writes nothing; no session is 401; another tenant's ids are 404.
 */
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import type { Endpoint, EndpointName } from '@doorstep/contracts'
import { endpoints } from '@doorstep/contracts'
import { systemContext } from '../auth/system-context.ts'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import { TINY_PNG } from '../../test-support/images.ts'
import {
  PASSWORD,
  auditCount,
  call,
  createStaff,
  createTestEnv,
  login,
  completeAndReview,
  loginCustomer,
  seedBusinessFixture,
  seedTenant,
  tomorrow,
} from '../../test-support/harness.ts'

let env: TestEnv
let a: Seeded
let b: Seeded
let adminA: Session
let customerA: Session
/** Who calls an endpoint in tenant A: its staff admin, or a signed-in customer for portal endpoints. */
const callerFor = (e: Endpoint) => (e.auth === 'customer' ? customerA : adminA)
const ofB: Record<string, string> = {}

const all = Object.entries(endpoints) as Array<[EndpointName, Endpoint]>
const withSession = all.filter(([, e]) => e.auth !== 'public')

/** Valid bodies for endpoints that address a record, so the only thing wrong is whose record it is. */
const VALID_BODY: Partial<Record<EndpointName, unknown>> = {
  updateServiceItem: { name: 'renamed' },
  updateCustomer: { notes: 'changed' },
  updateCustomerAddress: { label: '家' },
  portalUpdateAddress: { label: '家' },
  updateCategory: { name: 'renamed' },
  updateProject: { name: 'renamed' },
  addCustomerAddress: {
    contactName: '王',
    contactPhone: '13800001111',
    city: '上海',
    district: '浦东新区',
    detail: '张杨路 1 号',
    location: { lat: 31.23, lng: 121.47 },
  },
  updateWorker: { name: 'renamed' },
  orderEvent: { event: 'cancel', reason: 'test' },
  portalOrderAction: { action: 'cancel' },
  portalReview: { overall: 5, punctuality: 5, quality: 5, attitude: 5 },
  replyReview: { reply: '抱歉' },
  moderateReview: { hidden: true, reason: 'abuse' },
  complaintEvent: { event: 'respond' },
  portalComplain: { category: 'quality', description: '没有打扫干净' },
  updateRole: { name: 'renamed' },
  updateUser: { displayName: 'renamed' },
  resetUserPassword: { newPassword: 'Reset-pass-123' },
  planAction: { action: 'end' },
  portalPlanAction: { action: 'end' },
  skipPlanVisit: { date: tomorrow() },
  retryPlanVisit: { date: tomorrow() },
  portalSkipPlanVisit: { date: tomorrow() },
  changePlanVisit: { date: tomorrow(), scope: 'this', windowHour: 15 },
  portalChangePlanVisit: { date: tomorrow(), scope: 'this', windowHour: 15 },
}
/** Which of tenant B's records an endpoint's :id names, by its tag. */
const RECORD_BY_TAG: Record<string, string> = {
  roles: 'role',
  users: 'user',
  'api-tokens': 'token',
  catalog: 'item',
  customers: 'customer',
  workers: 'worker',
  orders: 'order',
  portal: 'order',
  reviews: 'review',
  complaints: 'complaint',
  plans: 'plan',
  files: 'file',
  projects: 'project',
}

beforeAll(async () => {
  env = await createTestEnv()
  a = await seedTenant(env, 'a')
  b = await seedTenant(env, 'b')
  adminA = await login(env, a.adminLogin)
  customerA = await loginCustomer(env, a, '13700009999')
  const adminB = await login(env, b.adminLogin)
  ofB.role = (await call(env, adminB, 'POST', '/api/v1/roles', { name: 'b-role' })).json<{
    id: string
  }>().id
  ofB.user = (
    await createStaff(env, adminB, { login: `b-user-${b.slug}`, roleIds: [], phone: '13700001111' })
  ).id
  const business = await seedBusinessFixture(env, b)
  Object.assign(ofB, business)
  ofB.project = b.projectIds[0]!
  ofB.review = (await completeAndReview(env, b, business)).id
  ofB.complaint = (
    await env.core.aftersales.service.create(systemContext(b.tenantId), business.order, {
      category: 'quality',
      description: '没有打扫干净',
      photos: [],
    })
  ).id
  ofB.plan = (
    await env.core.plans.service.create(systemContext(b.tenantId), {
      customerId: business.customer,
      addressId: business.addressId,
      serviceItemId: business.item,
      quantityMilli: 2000,
      addons: [],
      rrule: 'FREQ=DAILY;COUNT=2',
      startDate: tomorrow(),
      windowHour: 13,
      discountPercent: 0,
      payOnSite: true,
      notes: '',
      channel: 'phone',
    })
  ).id
  ofB.file = (
    await env.app.inject({
      method: 'POST',
      url: '/api/v1/uploads',
      payload: TINY_PNG,
      headers: { cookie: adminB.cookie, 'x-csrf-token': adminB.csrf, 'content-type': 'image/png' },
    })
  ).json<{ id: string }>().id
  ofB.token = (
    await call(env, adminB, 'POST', '/api/v1/api-tokens', {
      name: 'b',
      permissions: [{ permission: 'projects:read', scope: 'tenant' }],
    })
  ).json<{ id: string }>().id
})
afterAll(() => env.close())

/** Every path parameter (`:id`, `:addressId`) set to `id`: another tenant's id is unknown in any place. */
const urlOf = (e: Endpoint, id: string) => e.path.replace(/:[A-Za-z]+/g, id)

/** A value of the wrong type for a field, whatever the field is. */
function wrongValue(schema: z.ZodType): unknown {
  let s = schema as z.ZodType & { def: { type: string; innerType?: z.ZodType } }
  while (
    s.def.innerType &&
    ['optional', 'default', 'nullable', 'pipe', 'prefault'].includes(s.def.type)
  ) {
    s = s.def.innerType
  }
  return s.def.type === 'object' ? 42 : { not: 'this' }
}

describe('every endpoint', () => {
  it.each(withSession)(
    '%s should answer 401 UNAUTHENTICATED without a session',
    async (_name, e) => {
      const res = await call(
        env,
        null,
        e.method,
        urlOf(e, '01900000-0000-7000-8000-000000000000'),
        e.body ? {} : undefined,
      )
      expect(res.statusCode).toBe(401)
      expect(res.json().code).toBe('UNAUTHENTICATED')
    },
  )

  /** A body that may be left out (`.nullish()`, for clients that send none) is checked as its object. */
  const objectOf = (schema: z.ZodType): z.ZodObject => {
    let inner = schema
    while (inner.def.type === 'optional' || inner.def.type === 'nullable')
      inner = (inner as z.ZodOptional<z.ZodType>).unwrap()
    return inner as z.ZodObject
  }

  it.each(all.filter(([, e]) => e.body))(
    '%s should refuse a non-JSON body and each mistyped field, naming it, writing nothing',
    async (_name, e) => {
      const before = await auditCount(env, a.tenantId)
      const url = urlOf(e, ofB.user!)
      const garbage = await env.app.inject({
        method: e.method,
        url,
        headers: {
          cookie: callerFor(e).cookie,
          'x-csrf-token': callerFor(e).csrf,
          'content-type': 'application/json',
        },
        payload: '{not json',
      })
      expect(garbage.statusCode).toBe(400)
      expect(garbage.json().errors[0].field).toBe('body')
      // An empty body where one is needed is no body read as none: still refused, naming it.
      if (!(e.body as z.ZodType).safeParse(undefined).success) {
        const empty = await env.app.inject({
          method: e.method,
          url,
          headers: {
            cookie: callerFor(e).cookie,
            'x-csrf-token': callerFor(e).csrf,
            'content-type': 'application/json',
          },
          payload: '',
        })
        expect(empty.statusCode, empty.body).toBe(400)
        expect(empty.json().errors[0].field).toBe('body')
      }
      // An image is an upload's body only: elsewhere it is refused unread (it passed as an empty object).
      const picture = await env.app.inject({
        method: e.method,
        url,
        headers: {
          cookie: callerFor(e).cookie,
          'x-csrf-token': callerFor(e).csrf,
          'content-type': 'image/png',
        },
        payload: TINY_PNG,
      })
      expect(picture.statusCode, picture.body).toBe(415)
      expect(picture.json()).toMatchObject({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        errors: [{ field: 'headers.content-type', code: 'unsupported_media_type' }],
      })
      const shape = objectOf(e.body as z.ZodType).shape as Record<string, z.ZodType>
      for (const [field, schema] of Object.entries(shape)) {
        const res = await call(env, callerFor(e), e.method, url, { [field]: wrongValue(schema) })
        expect(res.statusCode, `${field}: ${res.body}`).toBe(400)
        const problem = res.json<{
          code: string
          errors: Array<{ field: string; message: string }>
        }>()
        expect(problem.code).toBe('VALIDATION_FAILED')
        // A union field may be named by its part (body.pricing.kind): still the field at fault.
        expect(
          problem.errors.some(
            (x) => x.field === `body.${field}` || x.field.startsWith(`body.${field}.`),
          ),
        ).toBe(true)
        expect(problem.errors.every((x) => x.message.length > 0)).toBe(true)
      }
      expect(await auditCount(env, a.tenantId)).toBe(before)
    },
  )

  it.each(all.filter(([, e]) => e.params))(
    '%s should refuse an id that is not a UUID with 400 naming params.id',
    async (_name, e) => {
      const res = await call(
        env,
        callerFor(e),
        e.method,
        urlOf(e, 'not-a-uuid'),
        e.body ? (VALID_BODY[_name] ?? {}) : undefined,
      )
      expect(res.statusCode).toBe(400)
      expect(res.json().errors[0].field).toBe('params.id')
    },
  )

  it.each(all.filter(([, e]) => e.query))(
    '%s should refuse an out-of-range value for each query parameter',
    async (_name, e) => {
      for (const key of Object.keys((e.query as z.ZodObject).shape)) {
        const res = await call(env, callerFor(e), 'GET', `${e.path}?${key}=${'x'.repeat(1000)}`)
        expect(res.statusCode, key).toBe(400)
        expect(res.json().errors.map((x: { field: string }) => x.field)).toContain(`query.${key}`)
      }
    },
  )

  it.each(all.filter(([, e]) => e.params))(
    "%s should answer 404 for another tenant's record and change nothing there",
    async (name, e) => {
      const target = ofB[RECORD_BY_TAG[e.tag] ?? '']
      expect(target, `no record of tenant B for tag ${e.tag}: add one to this test`).toBeDefined()
      if (e.body)
        expect(VALID_BODY[name], `add a valid body for ${name} to VALID_BODY`).toBeDefined()
      const before = await auditCount(env, b.tenantId)
      const res = await call(
        env,
        callerFor(e),
        e.method,
        urlOf(e, target!),
        e.body ? VALID_BODY[name] : undefined,
      )
      expect(res.statusCode).toBe(404)
      expect(res.json().code).toBe('NOT_FOUND')
      // Named in Chinese, as the caller asked for no other language.
      expect(res.json().detail).toMatch(/^找不到该[^a-z]+$/)
      // A client that sends Content-Type: application/json with every request, and no body where none is
      // taken (a DELETE), gets the same answer: an empty body is none.
      if (!e.body && e.method !== 'GET') {
        const empty = await call(env, callerFor(e), e.method, urlOf(e, target!), undefined, {
          'content-type': 'application/json',
        })
        expect(empty.statusCode, empty.body).toBe(404)
        expect(empty.json().code).toBe('NOT_FOUND')
      }
      expect(await auditCount(env, b.tenantId)).toBe(before)
    },
  )

  it('should keep tenant B usable after all of it', async () => {
    const s = await login(env, b.adminLogin, PASSWORD)
    const users = (await call(env, s, 'GET', '/api/v1/users')).json<{
      items: Array<{ id: string; displayName: string }>
    }>()
    expect(users.items.find((u) => u.id === ofB.user)?.displayName).toBe(`b-user-${b.slug}`)
  })

  it('should keep API answers out of every cache: personal data may be in them', async () => {
    const me = await call(env, adminA, 'GET', '/api/v1/auth/me')
    expect(me.statusCode).toBe(200)
    expect(me.headers['cache-control']).toBe('no-store')
    const refused = await call(env, null, 'GET', '/api/v1/auth/me')
    expect(refused.statusCode).toBe(401)
    expect(refused.headers['cache-control']).toBe('no-store')
  })

  it('should answer an unknown route with a problem, not an HTML page', async () => {
    const res = await call(env, adminA, 'GET', '/api/v1/nothing-here')
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json().code).toBe('ROUTE_NOT_FOUND')
    // Whatever was sent there.
    const picture = await env.app.inject({
      method: 'POST',
      url: '/api/v1/nothing-here',
      headers: { 'content-type': 'image/png' },
      payload: TINY_PNG,
    })
    expect(picture.statusCode).toBe(404)
  })

  /** Each address the table serves, with the methods it is served with there (a GET brings its HEAD). */
  const servedAt = () => {
    const byUrl = new Map<string, Set<string>>()
    for (const [, e] of all) byUrl.set(urlOf(e, '01900000-0000-7000-8000-000000000000'), new Set())
    for (const [url, methods] of byUrl)
      for (const [, e] of all) {
        const pattern = new RegExp(`^${e.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`)
        if (!pattern.test(url)) continue
        methods.add(e.method)
        if (e.method === 'GET') methods.add('HEAD')
      }
    return byUrl
  }

  it('should answer a method an address is not served with 405, listing the methods it is, on every address', async () => {
    for (const [url, methods] of servedAt()) {
      const method = (['PUT', 'DELETE', 'POST', 'PATCH', 'GET'] as const).find(
        (m) => !methods.has(m),
      )
      if (!method) continue
      const res = await call(env, null, method, url)
      expect(res.statusCode, `${method} ${url}`).toBe(405)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.json().code).toBe('METHOD_NOT_ALLOWED')
      expect(
        new Set(String(res.headers.allow).split(', ')),
        `${method} ${url}: ${String(res.headers.allow)}`,
      ).toEqual(new Set([...methods, 'OPTIONS']))
    }
  })

  it("should say which methods an address takes in the caller's language, before reading the body", async () => {
    const role = `/api/v1/roles/${ofB.role!}`
    const put = await env.app.inject({
      method: 'PUT',
      url: role,
      headers: { 'accept-language': 'en', 'content-type': 'application/json' },
      // The method is the fault, not the body: it is not read.
      payload: '{not json',
    })
    expect(put.statusCode).toBe(405)
    expect(put.headers.allow).toBe('GET, HEAD, PATCH, DELETE, OPTIONS')
    expect(put.json()).toMatchObject({
      code: 'METHOD_NOT_ALLOWED',
      detail: 'This endpoint does not take PUT; it takes GET, HEAD, PATCH, DELETE, OPTIONS',
    })
    // The headers every other answer has (helmet's).
    expect(put.headers['x-content-type-options']).toBe('nosniff')
    const login = await call(env, adminA, 'DELETE', '/api/v1/auth/login')
    expect(login.statusCode).toBe(405)
    expect(login.headers.allow).toBe('POST, OPTIONS')
    expect(login.json().detail).toBe('该接口不支持 DELETE 请求，可用：POST, OPTIONS')
    // The app ignores a trailing slash in routing; so does this.
    expect((await call(env, null, 'PUT', `${role}/`)).statusCode).toBe(405)
    const head = await env.app.inject({ method: 'HEAD', url: '/api/v1/auth/login' })
    expect(head.statusCode).toBe(405)
    expect(head.headers.allow).toBe('POST, OPTIONS')
    expect(head.body).toBe('')
    // A GET's HEAD is served.
    expect((await env.app.inject({ method: 'HEAD', url: '/api/v1/health' })).statusCode).toBe(200)
    const options = await env.app.inject({ method: 'OPTIONS', url: role })
    expect(options.statusCode).toBe(204)
    expect(options.headers.allow).toBe('GET, HEAD, PATCH, DELETE, OPTIONS')
    expect(options.body).toBe('')
  })

  it('should keep 404 for an address no method is served at, under /api or elsewhere', async () => {
    for (const [method, url] of [
      ['PUT', '/api/v1/nothing-here'],
      ['OPTIONS', '/api/v1/nothing-here'],
      // A served address under another prefix is another address.
      ['GET', `/api/v2/roles/${ofB.role!}`],
      ['PUT', `/api/v2/roles/${ofB.role!}`],
      ['PUT', `/roles/${ofB.role!}`],
      ['PUT', `/v1/roles/${ofB.role!}`],
      // The web apps' addresses are not the API's: as before.
      ['POST', '/admin/orders'],
      ['POST', '/book/'],
    ] as const) {
      const res = await env.app.inject({ method, url })
      expect(res.statusCode, `${method} ${url}`).toBe(404)
      expect(res.json().code).toBe('ROUTE_NOT_FOUND')
      expect(res.headers.allow, `${method} ${url}`).toBeUndefined()
    }
  })

  it("should answer a path it cannot read (not text, or a value too long) with a problem in the caller's language", async () => {
    for (const [url, language, message] of [
      ['/api/v1/orders/%ff', 'zh-CN', '请求地址无效'],
      ['/api/v1/complaints/%ED%A0%80', 'en', 'Not a valid address'],
      // Longer than the router takes a path value: as much the path's fault.
      [`/api/v1/customers/${'a'.repeat(101)}`, 'en', 'Not a valid address'],
    ] as const) {
      const res = await env.app.inject({
        method: 'GET',
        url,
        headers: { 'accept-language': language },
      })
      expect(res.statusCode).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'params', code: 'invalid_url', message }],
        requestId: expect.any(String) as unknown,
      })
    }
  })

  it.each([
    ['updateServiceItem', 'item', 'name'],
    ['updateCustomer', 'customer', 'name'],
    ['updateWorker', 'worker', 'name'],
    ['updateRole', 'role', 'name'],
    ['updateUser', 'user', 'displayName'],
    ['updateProject', 'project', 'name'],
  ] as const)(
    '%s with an empty body, or its own values, should change nothing: no new version, no audit entry',
    async (name, record, field) => {
      const adminB = await login(env, b.adminLogin)
      const url = urlOf(endpoints[name], ofB[record]!)
      const before = await auditCount(env, b.tenantId)
      const read = (await call(env, adminB, 'GET', url)).json<Record<string, unknown>>()
      // A form saved unchanged sends what it read.
      for (const body of [{}, { [field]: read[field] }]) {
        const res = await call(env, adminB, 'PATCH', url, body)
        expect(res.statusCode, res.body).toBe(200)
        if ('version' in read) expect(res.json().version, JSON.stringify(body)).toBe(read.version)
      }
      expect(await auditCount(env, b.tenantId)).toBe(before)
    },
  )

  it('should read an empty JSON body as none where a route takes none, and refuse it where one is needed', async () => {
    const json = { 'content-type': 'application/json' }
    const adminB = await login(env, b.adminLogin)
    const role = (await call(env, adminB, 'POST', '/api/v1/roles', { name: 'to-delete' })).json<{
      id: string
    }>()
    const deleted = await call(env, adminB, 'DELETE', `/api/v1/roles/${role.id}`, '', json)
    expect(deleted.statusCode, deleted.body).toBe(200)
    expect((await call(env, adminB, 'GET', `/api/v1/roles/${role.id}`)).statusCode).toBe(404)
    // A body that may be left out: none, every notice read.
    const customer = await loginCustomer(env, b, '13700008888')
    const readAll = await call(
      env,
      customer,
      'POST',
      '/api/v1/portal/notifications/read-all',
      '',
      json,
    )
    expect(readAll.statusCode, readAll.body).toBe(200)
    // An upload needs its picture: an empty JSON body is refused as before, naming the body.
    const upload = await call(env, adminB, 'POST', '/api/v1/uploads', '', json)
    expect(upload.statusCode, upload.body).toBe(400)
    expect(upload.json().errors[0].field).toBe('body')
    // An unknown address is a 404 whatever was sent there.
    expect((await call(env, adminB, 'DELETE', '/api/v1/nothing-here', '', json)).statusCode).toBe(
      404,
    )
    const loggedOut = await call(env, adminB, 'POST', '/api/v1/auth/logout', '', json)
    expect(loggedOut.statusCode, loggedOut.body).toBe(200)
    expect((await call(env, adminB, 'GET', '/api/v1/auth/me')).statusCode).toBe(401)
  })

  it('should read JSON only in UTF-8: another charset is 415, bytes that are not UTF-8 are 400', async () => {
    const before = await auditCount(env, a.tenantId)
    const send = (contentType: string, payload: Buffer) =>
      env.app.inject({
        method: 'POST',
        url: '/api/v1/catalog/categories',
        headers: {
          cookie: adminA.cookie,
          'x-csrf-token': adminA.csrf,
          'content-type': contentType,
        },
        payload,
      })
    const latin1 = Buffer.concat([
      Buffer.from('{"name":"Ren'),
      Buffer.from([0xe9]),
      Buffer.from('e"}'),
    ])
    const declared = await send('application/json; charset=latin1', latin1)
    expect(declared.statusCode).toBe(415)
    expect(declared.json()).toMatchObject({
      code: 'UNSUPPORTED_CHARSET',
      errors: [{ field: 'headers.content-type', code: 'unsupported_charset' }],
    })
    const undeclared = await send('application/json', latin1)
    expect(undeclared.statusCode).toBe(400)
    expect(undeclared.json()).toMatchObject({
      code: 'BODY_NOT_UTF8',
      errors: [{ field: 'body', code: 'invalid_utf8' }],
    })
    expect(await auditCount(env, a.tenantId)).toBe(before)
    const gzipped = await env.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/categories',
      headers: {
        cookie: adminA.cookie,
        'x-csrf-token': adminA.csrf,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      payload: gzipSync('{"name":"压缩"}'),
    })
    expect(gzipped.statusCode).toBe(415)
    expect(gzipped.json().errors[0]).toMatchObject({
      field: 'headers.content-encoding',
      code: 'unsupported_encoding',
    })
    expect(await auditCount(env, a.tenantId)).toBe(before)
    const utf8 = await send('application/json; charset="UTF-8"', Buffer.from('{"name":"Renée"}'))
    expect(utf8.statusCode, utf8.body).toBe(201)
    expect(utf8.json().name).toBe('Renée')
  })

  it('should answer a request too long for the HTTP parser with a problem', async () => {
    const address = await env.app.listen({ port: 0, host: '127.0.0.1' })
    const res = await fetch(`${address}/api/v1/customers?q=${'x'.repeat(20_000)}`)
    expect(res.status).toBe(431)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(await res.json()).toMatchObject({
      code: 'HEADERS_TOO_LARGE',
      title: '请求地址或请求头过长',
    })
  })

  it('should take a number in a query string only in decimal digits', async () => {
    for (const limit of ['0x10', '1e1', ' 7', '7.0', '']) {
      const res = await call(
        env,
        adminA,
        'GET',
        `/api/v1/orders?limit=${encodeURIComponent(limit)}`,
      )
      expect(res.statusCode, limit).toBe(400)
      expect(res.json().errors[0].field).toBe('query.limit')
    }
    expect((await call(env, adminA, 'GET', '/api/v1/orders?limit=16')).statusCode).toBe(200)
    const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, { get: { parameters: Array<{ name: string; schema: unknown }> } }>
    }>()
    const limit = doc.paths['/api/v1/orders']?.get.parameters.find((p) => p.name === 'limit')
    expect(limit?.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 200 })
  })

  it('should refuse a JSON text sent as text/plain as an unsupported media type', async () => {
    const res = await call(
      env,
      adminA,
      'POST',
      '/api/v1/catalog/categories',
      JSON.stringify({ name: '保洁' }),
      { 'content-type': 'text/plain' },
    )
    expect(res.statusCode).toBe(415)
    expect(res.json()).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      errors: [{ field: 'headers.content-type', code: 'unsupported_media_type' }],
    })
  })

  it('should serve the OpenAPI document with every security scheme it names declared', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/openapi.json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json<{
      components: { securitySchemes: Record<string, unknown> }
      paths: Record<string, Record<string, { security?: Array<Record<string, unknown>> }>>
    }>()
    const named = Object.values(doc.paths)
      .flatMap((ops) => Object.values(ops))
      .flatMap((op) => op.security ?? [])
      .flatMap((s) => Object.keys(s))
    expect(named).toContain('portal')
    for (const scheme of new Set(named))
      expect(doc.components.securitySchemes).toHaveProperty(scheme)
  })
})
