import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { CreateWorkerRequest } from '@doorstep/contracts'
import { CreateCustomerRequest, PRIVACY_NOTICE_VERSION } from '@doorstep/contracts'
import type { z } from 'zod'
import type { Core } from '../app.ts'
import { buildApp, buildCore } from '../app.ts'
import { eq } from 'drizzle-orm'
import { appUser } from '../modules/identity/index.ts'
import { auditHead } from '../platform/audit/audit.tables.ts'
import { customerActor } from '../platform/auth/actor.ts'
import { systemContext } from '../platform/auth/system-context.ts'
import type { Clock } from '../platform/clock.ts'
import { loadConfig } from '../platform/config.ts'
import type { Database } from '../platform/db/database.ts'
import { openDatabase } from '../platform/db/database.ts'

export const PASSWORD = 'Passw0rd-for-tests'
/** The privacy notice version test customers agree to at sign-in. */

export interface TestEnv {
  core: Core
  app: FastifyInstance
  dataDir: string
  /** The database's connection URL when on PostgreSQL. */
  databaseUrl: string | undefined
  close(): Promise<void>
}

/**
 * A real server on a fresh real database: in-memory PGlite, or — when DOORSTEP_TEST_DB=postgres — a new
 * database on the TEST_DATABASE_URL server, dropped afterwards.
 */
export async function createTestEnv(
  options: {
    pgliteOnDisk?: boolean
    loginsPerMinute?: number
    clock?: Clock
    /** More environment variables, e.g. a provider pointed at a local fake. */
    env?: Record<string, string>
  } = {},
): Promise<TestEnv> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'doorstep-test-'))
  let database: Database
  let databaseUrl: string | undefined
  let drop = async () => {}
  if (process.env.DOORSTEP_TEST_DB === 'postgres') {
    const fresh = await freshPostgresDatabase()
    databaseUrl = fresh.url
    database = await openDatabase({ url: databaseUrl, poolSize: 5 })
    drop = fresh.drop
  } else {
    database = await openDatabase({
      pgliteDir: options.pgliteOnDisk ? path.join(dataDir, 'pglite') : undefined,
    })
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    DOORSTEP_DATA_DIR: dataDir,
    DOORSTEP_MASTER_KEY: crypto.randomBytes(32).toString('base64'),
    DOORSTEP_LOG_LEVEL: 'silent',
    // Every test signs in from 127.0.0.1; the throttle has its own test.
    DOORSTEP_LOGINS_PER_MINUTE: String(options.loginsPerMinute ?? 10_000),
    ...options.env,
  })
  const core = await buildCore(config, {
    database,
    ...(options.clock ? { clock: options.clock } : {}),
  })
  const app = await buildApp(core)
  await app.ready()
  return {
    core,
    app,
    dataDir,
    databaseUrl,
    async close() {
      await app.close()
      await database.close()
      await drop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A new, empty database on the TEST_DATABASE_URL server: its URL, and the function that drops it. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL
  if (!serverUrl) throw new Error('DOORSTEP_TEST_DB=postgres needs TEST_DATABASE_URL')
  const name = `doorstep_test_${crypto.randomBytes(6).toString('hex')}`
  const onServer = async (statement: string) => {
    const c = new pg.Client({ connectionString: serverUrl })
    await c.connect()
    try {
      await c.query(statement)
    } finally {
      await c.end()
    }
  }
  await onServer(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: () => onServer(`drop database if exists ${name} with (force)`),
  }
}

export interface Seeded {
  tenantId: string
  slug: string
  adminLogin: string
  roleIds: Record<string, string>
  projectIds: string[]
}

let counter = 0
/** A tenant with two projects, its built-in roles and an administrator. Logins are unique per call. */
export async function seedTenant(env: TestEnv, label = 't'): Promise<Seeded> {
  const slug = `${label}${++counter}-${crypto.randomBytes(3).toString('hex')}`
  const adminLogin = `admin-${slug}`
  const tenant = await env.core.tenancy.service.createTenant({
    slug,
    name: `Company ${slug}`,
    timeZone: 'Asia/Shanghai',
    admin: { login: adminLogin, displayName: `Admin ${slug}`, password: PASSWORD },
  })
  const ctx = systemContext(tenant.id)
  const projectIds = []
  for (const [code, lat, lng] of [
    ['P1', 31.23, 121.47],
    ['P2', 31.1, 121.3],
  ] as const) {
    projectIds.push(
      (
        await env.core.tenancy.service.createProject(ctx, {
          code,
          name: `${code} of ${slug}`,
          kind: 'service_area',
          city: '上海',
          serviceArea: { center: { lat, lng }, radiusKm: 5 },
        })
      ).id,
    )
  }
  const roles = await env.core.identity.access.list(ctx, undefined, undefined, 100)
  // Its audit entries are chained in the background: a test that reads or alters the chain finds them there.
  await env.core.database.settled()
  return {
    tenantId: tenant.id,
    slug,
    adminLogin,
    roleIds: Object.fromEntries(roles.items.map((r) => [r.key ?? r.id, r.id])),
    projectIds,
  }
}

export interface Session {
  cookie: string
  csrf: string
  userId: string
}

export async function login(
  env: TestEnv,
  loginName: string,
  password = PASSWORD,
): Promise<Session> {
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login: loginName, password },
  })
  if (res.statusCode !== 200)
    throw new Error(`login ${loginName} failed: ${res.statusCode} ${res.body}`)
  const cookie = res.cookies.find((c) => c.name === 'ds_session')!
  const body = res.json<{ csrfToken: string; user: { id: string } }>()
  return { cookie: `ds_session=${cookie.value}`, csrf: body.csrfToken, userId: body.user.id }
}

/** Calls the API as a signed-in user (with the CSRF header, as the console does). */
export function call(
  env: TestEnv,
  session: Session | null,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return env.app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
    headers: {
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
      ...headers,
    },
  })
}

/** How many audit entries a tenant has: every change writes one, so "nothing written" means unchanged. */
export async function auditCount(env: TestEnv, tenantId: string): Promise<number> {
  // Entries are chained in the background moments after their commit.
  await env.core.database.settled()
  const rows = await env.core.database.tenant(tenantId, (tx) => tx.select().from(auditHead))
  return rows[0]?.seq ?? 0
}

/**
 * Creates a staff member through the API as the tenant's admin, as if they had already chosen their own
 * password (the forced change has its own test).
 */
export async function createStaff(
  env: TestEnv,
  admin: Session,
  input: { login: string; roleIds: string[]; projectIds?: string[]; phone?: string },
) {
  const res = await call(env, admin, 'POST', '/api/v1/users', {
    displayName: input.login,
    password: PASSWORD,
    projectIds: [],
    ...input,
  })
  if (res.statusCode !== 201)
    throw new Error(`create ${input.login}: ${res.statusCode} ${res.body}`)
  const user = res.json<{ id: string; version: number; tenantId?: string }>()
  await env.core.database.system((tx) =>
    tx.update(appUser).set({ mustChangePassword: false }).where(eq(appUser.id, user.id)),
  )
  return user
}

/** Tomorrow in Shanghai, as YYYY-MM-DD. */
export const tomorrow = (now = new Date()) =>
  new Date(now.getTime() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10)

/** The fixture's published cleaning item (two hours at ¥50 an hour, a fridge add-on), with `changes`. */
export const cleaningItem = (
  categoryId: string,
  changes: Partial<Parameters<TestEnv['core']['catalog']['service']['createItem']>[1]> = {},
) => ({
  categoryId,
  code: 'CLEAN',
  name: '日常保洁',
  description: '',
  photos: [],
  pricing: { kind: 'per_hour' as const, unitFen: 5000, minQuantityMilli: 2000 },
  addons: [{ code: 'FRIDGE', name: '冰箱清洁', unit: 'appliance' as const, unitFen: 6000 }],
  durationMinutes: 120,
  durationPerUnitSeconds: 0,
  skills: ['cleaning'],
  tools: [],
  deposit: { kind: 'none' as const },
  changePolicy: { freeUntilHours: 24, fee: { kind: 'percent' as const, basisPoints: 2000 } },
  urgentFeeFen: 3000,
  warrantyDays: 7,
  status: 'published' as const,
  projectOverrides: [],
  ...changes,
})

/**
 * A tenant's business in miniature: a published cleaning item, workers in project P1 on shift 08:00–18:00
 * every day, a customer with an address in P1, and one order for tomorrow's first window (08:00 Shanghai).
 */
/** A cleaner of `t`'s project P1 who works 08:00–18:00 every day, with `changes`. */
export const workerInput = (
  t: Seeded,
  changes: Partial<z.output<typeof CreateWorkerRequest>> = {},
): z.output<typeof CreateWorkerRequest> => ({
  name: '师傅',
  phone: '13700001000',
  userId: null,
  skills: ['cleaning'],
  projectIds: [t.projectIds[0]!],
  home: { lat: 31.23, lng: 121.47 },
  weeklyShifts: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00' })),
  active: true,
  ...changes,
})

export async function seedBusinessFixture(
  env: TestEnv,
  t: Seeded,
  options: { workers?: number } = {},
) {
  const ctx = systemContext(t.tenantId)
  const category = await env.core.catalog.service.createCategory(ctx, {
    parentId: null,
    name: '保洁',
    sort: 0,
  })
  const item = await env.core.catalog.service.createItem(ctx, cleaningItem(category.id))
  const workerIds: string[] = []
  for (let i = 0; i < (options.workers ?? 1); i++) {
    const w = await env.core.workforce.service.create(
      ctx,
      workerInput(t, {
        name: `师傅${i + 1}`,
        phone: `1370000${String(1000 + i).padStart(4, '0')}`,
      }),
    )
    workerIds.push(w.id)
  }
  const customer = await seedCustomer(env, t, {
    name: '李女士',
    gender: 'female',
    phone: `1395555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`,
    detail: '张杨路 500 弄 3 号 1201 室',
    location: { lat: 31.232, lng: 121.475 },
  })
  const addressId = customer.addresses[0]!.id
  const order = await env.core.orders.service.create(ctx, {
    customerId: customer.id,
    addressId,
    serviceItemId: item.id,
    quantityMilli: 2000,
    addons: [],
    windowStart: `${tomorrow()}T00:00:00.000Z`,
    asap: false,
    channel: 'phone',
    payOnSite: true,
    discountFen: 0,
    notes: '',
  })
  // At rest, as `seedTenant` leaves a tenant: no audit pass of the fixture's writes still running.
  await env.core.database.settled()
  return {
    item: item.id,
    customer: customer.id,
    addressId,
    worker: workerIds[0]!,
    workerIds,
    order: order.id,
    itemDuration: 120,
  }
}

/** A customer of `t` with one home address in Shanghai (in project P1's area at the default location). */
export async function seedCustomer(
  env: TestEnv,
  t: Seeded,
  c: {
    name: string
    gender: 'female' | 'male'
    phone: string
    detail: string
    location: { lat: number; lng: number }
  },
) {
  // The request's own defaults (no tags, no preferences) fill the rest, as they would for an API call.
  return env.core.customers.service.create(
    systemContext(t.tenantId),
    CreateCustomerRequest.parse({
      name: c.name,
      phone: c.phone,
      gender: c.gender,
      addresses: [
        {
          label: '家',
          contactName: c.name,
          contactPhone: '13955550000',
          city: '上海',
          district: '浦东新区',
          detail: c.detail,
          location: c.location,
          isDefault: true,
        },
      ],
    }),
  )
}

/** Signs a customer in to the portal of a tenant through the real code-by-SMS flow. */
export async function loginCustomer(env: TestEnv, t: Seeded, phone: string): Promise<Session> {
  const tenant = { 'x-doorstep-tenant': t.slug }
  const sent = await call(env, null, 'POST', '/api/v1/portal/otp', { phone }, tenant)
  if (sent.statusCode !== 200) throw new Error(`otp ${phone}: ${sent.statusCode} ${sent.body}`)
  const code = env.core.sms.last?.get(phone)
  const res = await call(
    env,
    null,
    'POST',
    '/api/v1/portal/login',
    { phone, code, consentVersion: PRIVACY_NOTICE_VERSION },
    tenant,
  )
  if (res.statusCode !== 200)
    throw new Error(`portal login ${phone}: ${res.statusCode} ${res.body}`)
  const cookie = res.cookies.find((c) => c.name === 'ds_portal')!
  const body = res.json<{ csrfToken: string; customer: { id: string } }>()
  return { cookie: `ds_portal=${cookie.value}`, csrf: body.csrfToken, userId: body.customer.id }
}

/** Takes a fixture's order to completion (as the system) and has its customer review it. */
export async function completeAndReview(
  env: TestEnv,
  t: Seeded,
  fx: { order: string; worker: string; customer: string },
) {
  const ctx = systemContext(t.tenantId)
  for (const event of ['assign', 'accept', 'depart', 'check_in', 'complete'] as const) {
    await env.core.orders.service.apply(
      ctx,
      fx.order,
      { event, ...(event === 'assign' ? { workerId: fx.worker } : {}) },
      undefined,
    )
  }
  const customer = { ...ctx, actor: customerActor(t.tenantId, fx.customer, '李女士') }
  return env.core.reviews.service.create(customer, fx.order, {
    overall: 2,
    punctuality: 3,
    quality: 2,
    attitude: 1,
    text: '迟到了',
    photos: [],
  })
}
