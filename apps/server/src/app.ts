import fs from 'node:fs'
import path from 'node:path'
import Fastify from 'fastify'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod'
import pino from 'pino'
import type { Logger } from 'pino'
import { endpoints } from '@doorstep/contracts'
import type { AccessCache } from './platform/auth/access-cache.ts'
import { createAccessCache, listenForAccessChanges } from './platform/auth/access-cache.ts'
import type { Actor } from './platform/auth/actor.ts'
import type { Config } from './platform/config.ts'
import type { Clock } from './platform/clock.ts'
import { systemClock } from './platform/clock.ts'
import type { Keyring } from './platform/crypto/keyring.ts'
import { loadKeyring } from './platform/crypto/keyring.ts'
import { resolveMasterKey } from './platform/crypto/master-key.ts'
import type { Database } from './platform/db/database.ts'
import { openDatabase } from './platform/db/database.ts'
import type { Locale } from './platform/i18n.ts'
import { localeFrom } from './platform/i18n.ts'
import { newId } from './platform/ids.ts'
import { installAllowedMethods } from './platform/http/allowed-methods.ts'
import { installJsonBody } from './platform/http/json-body.ts'
import { clientProblem, frameworkProblem, installProblemHandler } from './platform/http/problem.ts'
import { createRouter } from './platform/http/router.ts'
import { zodValidatorCompiler } from './platform/http/validation.ts'
import type { EncryptedColumn } from './platform/crypto/rotation.ts'
import { createAuditModule } from './modules/audit/index.ts'
import { chainLeftovers } from './platform/audit/audit.ts'
import { pruneSpent } from './platform/retention/retention.ts'
import { createCatalogModule } from './modules/catalog/index.ts'
import { createCustomersModule } from './modules/customers/index.ts'
import {
  correctAddressOfOpenOrders,
  createOrdersModule,
  forgetAllKeptDays,
  forgetDaysOnOthersWrites,
  openOrderNosAt,
  openOrderNosOfWorker,
} from './modules/orders/index.ts'
import { createWorkforceModule } from './modules/workforce/index.ts'
import { PORTAL_COOKIE, createPortalModule } from './modules/portal/index.ts'
import { registerStream } from './platform/realtime/stream.ts'
import { every } from './platform/jobs/every.ts'
import { createNotificationsModule } from './modules/notifications/index.ts'
import { createPlansModule, livePlansAt } from './modules/plans/index.ts'
import { createReviewsModule } from './modules/reviews/index.ts'
import { createPlacesModule } from './modules/places/index.ts'
import { createAftersalesModule, openComplaintsAt } from './modules/aftersales/index.ts'
import { createFilesModule, createLocalFileStore } from './modules/files/index.ts'
import { createAmapGeocoder } from './platform/geo/geocoder.ts'
import type { SmsProvider } from './platform/sms/sms.ts'
import { createDevSmsProvider } from './platform/sms/sms.ts'
import { createAliyunSmsProvider } from './platform/sms/aliyun-sms.ts'
import { createWechatMiniProgram } from './platform/wechat/wechat-mini-program.ts'
import type { seedDemo } from './modules/demo/index.ts'
import { createIdentityModule } from './modules/identity/index.ts'
import { allTenantIds, createTenancyModule } from './modules/tenancy/index.ts'

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale
    /** Set for endpoints that need a session, before validation. */
    actor: Actor | null
  }
}

export const VERSION = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8'),
) as { version: string }

// Until the settings screen exists (see docs/architecture.md): personal-data changes per staff member per day.
const SENSITIVE_DAILY_LIMIT = 10

const ADMIN_DIST = path.resolve(import.meta.dirname, '../../admin/dist')
const PORTAL_DIST = path.resolve(import.meta.dirname, '../../portal/dist')

export interface Core {
  config: Readonly<Config>
  log: Logger
  database: Database
  accessCache: AccessCache
  keyring: Keyring
  masterKey: Buffer
  clock: Clock
  identity: ReturnType<typeof createIdentityModule>
  tenancy: ReturnType<typeof createTenancyModule>
  audit: ReturnType<typeof createAuditModule>
  catalog: ReturnType<typeof createCatalogModule>
  customers: ReturnType<typeof createCustomersModule>
  workforce: ReturnType<typeof createWorkforceModule>
  orders: ReturnType<typeof createOrdersModule>
  /** Every column of personal data, for key rotation. */
  encryptedColumns: EncryptedColumn[]
  portal: ReturnType<typeof createPortalModule>
  reviews: ReturnType<typeof createReviewsModule>
  places: ReturnType<typeof createPlacesModule>
  aftersales: ReturnType<typeof createAftersalesModule>
  files: ReturnType<typeof createFilesModule>
  sms: SmsProvider & { last?: Map<string, string> }
  notifications: ReturnType<typeof createNotificationsModule>
  plans: ReturnType<typeof createPlansModule>
  /** What the demo seed needs. */
  demo: Parameters<typeof seedDemo>[0]
}

/** Opens the database, applies migrations, loads keys and builds the modules: everything but HTTP. */
export async function buildCore(
  config: Readonly<Config>,
  options: { database?: Database; clock?: Clock; log?: Logger } = {},
): Promise<Core> {
  const log = options.log ?? pino({ level: config.logLevel })
  const database =
    options.database ??
    (await openDatabase({
      onIdleError: (error) =>
        log.warn({ err: error }, 'database connection dropped; it will be replaced'),
      onAfterCommitError: (error) =>
        log.error({ err: error }, 'work after a commit failed; its periodic pass finishes it'),
      url: config.databaseUrl,
      poolSize: config.dbPoolSize,
      pgliteDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
    }))
  await database.migrate()
  const masterKey = resolveMasterKey(config, log)
  const keyring = await loadKeyring(database, masterKey)
  const clock = options.clock ?? systemClock
  const accessCache = createAccessCache(config.accessCacheMs)
  const identity = createIdentityModule({
    accessCache,
    database,
    keyring,
    clock,
    sessionIdleMs: config.sessionIdleMs,
    sessionMaxMs: config.sessionMaxMs,
    sensitiveDailyLimit: SENSITIVE_DAILY_LIMIT,
    loginsPerMinute: config.loginsPerMinute,
    secureCookies: config.env === 'production' || !!config.publicUrl?.startsWith('https:'),
  })
  const tenancy = createTenancyModule({
    database,
    clock,
    provision: (tx, id, admin, operator) => identity.provisionTenant(tx, id, admin, operator),
  })
  const audit = createAuditModule({ database })
  const catalog = createCatalogModule({ database, clock })
  const workforce = createWorkforceModule({
    database,
    keyring,
    clock,
    sensitiveDailyLimit: SENSITIVE_DAILY_LIMIT,
    openOrderNosOf: openOrderNosOfWorker,
  })
  const customers = createCustomersModule({
    database,
    keyring,
    clock,
    sensitiveDailyLimit: SENSITIVE_DAILY_LIMIT,
    addressUses: async (tx, customerId, addressId) => ({
      orderNos: await openOrderNosAt(tx, customerId, addressId),
      plans: await livePlansAt(tx, customerId, addressId),
      complaints: await openComplaintsAt(tx, customerId, addressId),
    }),
    addressCorrected: correctAddressOfOpenOrders,
    knownWorkers: async (tx, ids) => new Set((await workforce.service.names(tx, ids)).keys()),
    knownServices: (tx, ids) => catalog.service.knownItems(tx, ids),
  })
  const orders = createOrdersModule({
    database,
    clock,
    catalog: catalog.service,
    customers: customers.service,
    workforce: workforce.service,
  })
  const files = createFilesModule({
    database,
    keyring,
    clock,
    store: createLocalFileStore(path.join(config.dataDir, 'files')),
    maxBytes: config.uploadMaxBytes,
    retentionMs: config.uploadRetentionMs,
    log,
  })
  const aftersales = createAftersalesModule({
    database,
    clock,
    files: files.service,
    orders: orders.service,
    customers: customers.service,
    workforce: workforce.service,
  })
  const places = createPlacesModule({
    geocoder: config.amap ? createAmapGeocoder(config.amap) : null,
    tiles: config.mapTiles,
  })
  const reviews = createReviewsModule({
    database,
    clock,
    files: files.service,
    orders: orders.service,
    workforce: workforce.service,
  })
  const sms: Core['sms'] =
    config.sms.provider === 'aliyun'
      ? createAliyunSmsProvider(config.sms)
      : createDevSmsProvider(config.dataDir, log)
  if (config.sms.provider === 'development' && config.env === 'production') {
    log.warn(
      'DOORSTEP_SMS_PROVIDER is development: portal sign-in codes are only logged, never sent',
    )
  }
  const notifications = createNotificationsModule({
    database,
    keyring,
    clock,
    log,
    customers: customers.service,
    sms,
    wechat: config.wechat ? createWechatMiniProgram(config.wechat) : null,
  })
  const plans = createPlansModule({
    database,
    clock,
    log,
    orders: orders.service,
    customers: customers.service,
    catalog: catalog.service,
  })
  const portal = createPortalModule({
    database,
    keyring,
    clock,
    sms,
    tenancy: tenancy.service,
    catalog: catalog.service,
    customers: customers.service,
    orders: orders.service,
    secureCookies: config.env === 'production' || !!config.publicUrl?.startsWith('https:'),
    loginsPerMinute: config.loginsPerMinute,
    accessCache,
  })
  const ordersAt = (at: Clock) =>
    createOrdersModule({
      database,
      clock: at,
      catalog: catalog.service,
      customers: customers.service,
      workforce: workforce.service,
    }).service
  const encryptedColumns = [
    ...identity.encryptedColumns,
    ...customers.encryptedColumns,
    ...workforce.encryptedColumns,
    ...notifications.encryptedColumns,
    ...files.encryptedColumns,
  ]
  const demo = {
    tenancy: tenancy.service,
    identity,
    business: {
      catalog: catalog.service,
      customers: customers.service,
      workforce: workforce.service,
      ordersAt,
      reviews: reviews.service,
      aftersales: aftersales.service,
      plans: plans.service,
    },
  }
  return {
    config,
    log,
    database,
    accessCache,
    keyring,
    masterKey,
    clock,
    identity,
    tenancy,
    audit,
    catalog,
    customers,
    workforce,
    orders,
    portal,
    reviews,
    places,
    aftersales,
    files,
    sms,
    notifications,
    plans,
    encryptedColumns,
    demo,
  }
}

// Plans book a few weeks ahead: an hourly pass keeps the horizon moving with the calendar.
const PLAN_BOOKING_INTERVAL_MS = 3_600_000

// Unattached uploads are kept a day by default: an hourly sweep deletes each within an hour of its time.
const UPLOAD_SWEEP_INTERVAL_MS = 3_600_000
// Audit entries a stopped process left unchained (its own are chained moments after each commit).
const AUDIT_LEFTOVER_INTERVAL_MS = 60_000
// Expired idempotency keys and old published events: retention is counted in hours, so an hourly pass.
const RETENTION_INTERVAL_MS = 3_600_000

/**
 * The background passes of a one-process installation: notification relay, plan booking, upload sweep, old
 * photos' metadata, audit leftovers, expired idempotency keys and published events.
 */
export function startBackgroundWork(core: Core) {
  const jobs = [
    every(
      core.config.notifyIntervalMs,
      'notifications',
      (signal) => core.notifications.service.runOnce(signal),
      core.log,
    ),
    every(
      PLAN_BOOKING_INTERVAL_MS,
      'plans',
      (signal) => core.plans.service.runOnce(signal),
      core.log,
    ),
    every(
      UPLOAD_SWEEP_INTERVAL_MS,
      'files',
      (signal) => core.files.service.sweepUnattached(signal),
      core.log,
    ),
    // Photos stored before uploads were cleaned (an upgraded installation): rewritten once, then none are left.
    every(
      UPLOAD_SWEEP_INTERVAL_MS,
      'photo-metadata',
      (signal) => core.files.service.stripOldPhotos(signal),
      core.log,
    ),
    every(
      AUDIT_LEFTOVER_INTERVAL_MS,
      'audit',
      (signal) => chainLeftovers(core.database, { signal }),
      core.log,
    ),
    every(
      RETENTION_INTERVAL_MS,
      'retention',
      async (signal) =>
        pruneSpent(
          core.database,
          await allTenantIds(core.database),
          core.config.retention,
          core.clock,
          core.log,
          signal,
        ),
      core.log,
    ),
  ]
  return { stop: () => Promise.all(jobs.map((j) => j.stop())) }
}

/** The HTTP application: API, OpenAPI document and docs, and the built web console. */
export async function buildApp(core: Core): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = core.log
  const app = Fastify({
    loggerInstance: logger,
    genReqId: () => newId(),
    requestIdHeader: false,
    trustProxy: core.config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: (error, request, reply) => {
      void frameworkProblem(error, request, reply)
    },
    clientErrorHandler: clientProblem,
  })
  app.setValidatorCompiler(zodValidatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.decorateRequest('locale', 'zh-CN')
  app.decorateRequest('actor', null)
  app.addHook('onRequest', async (request, reply) => {
    request.locale = localeFrom(request.headers['accept-language'])
    void reply.header('x-request-id', request.id)
    // Answers carry personal data (a customer's own phone, a revealed address): kept by no cache, the browser's
    // included, unless a route says otherwise (an encrypted photo by its fixed address).
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store')
  })
  installProblemHandler(app)
  installJsonBody(app)
  app.addContentTypeParser(core.files.imageBody.types, core.files.imageBody.parser)
  // Bodies are JSON or an image. Fastify's default text/plain parser passed a text body on to validation (a 400
  // "expected object" instead of 415), and text/plain is what a cross-site form may post without a preflight.
  app.removeContentTypeParser('text/plain')

  await app.register(fastifyHelmet, { contentSecurityPolicy: false })
  await app.register(fastifyCookie)
  await app.register(fastifyRateLimit, { global: false })
  installAllowedMethods(app)
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Doorstep API',
        version: VERSION.version,
        description: '上门服务与物业管理平台 API · Doorstep API',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ds_session' },
          bearer: { type: 'http', scheme: 'bearer' },
          portal: { type: 'apiKey', in: 'cookie', name: PORTAL_COOKIE },
        },
      },
    },
    transform: jsonSchemaTransform,
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' })
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger())

  const router = createRouter(app, {
    staff: core.identity.authenticator,
    customer: core.portal.authenticator,
  })
  const stopHearingAccess = await listenForAccessChanges(core.database, [core.accessCache])
  app.addHook('onClose', () => stopHearingAccess())
  await registerStream(app, {
    database: core.database,
    staff: core.identity.authenticator,
    customer: core.portal.authenticator,
    log: core.log,
    // The kept availability days hear other processes' order and worker writes on the same connection, and are
    // all forgotten when some of those may have been missed.
    onEvent: forgetDaysOnOthersWrites,
    onGap: forgetAllKeptDays,
  })
  router.mount(endpoints.health, async () => {
    let latencyMs = -1
    try {
      latencyMs = await core.database.ping()
    } catch (error) {
      core.log.error({ err: error }, 'health check: database unreachable')
    }
    const ok = latencyMs >= 0
    return {
      status: ok ? ('ok' as const) : ('degraded' as const),
      version: VERSION.version,
      node: process.version,
      database: {
        status: ok ? ('ok' as const) : ('down' as const),
        kind: core.database.kind,
        latencyMs,
      },
    }
  })
  core.identity.mount(router)
  core.tenancy.mount(router)
  core.audit.mount(router)
  for (const module of [
    core.catalog,
    core.customers,
    core.workforce,
    core.orders,
    core.portal,
    core.reviews,
    core.places,
    core.aftersales,
    core.files,
    core.notifications,
    core.plans,
  ])
    module.mount(router)

  // The built web apps: single-page apps, so unknown paths under their prefix get the app's shell.
  for (const [prefix, root] of [
    ['/admin/', ADMIN_DIST],
    ['/book/', PORTAL_DIST],
  ] as const) {
    if (!fs.existsSync(path.join(root, 'index.html'))) continue
    await app.register(fastifyStatic, {
      root,
      prefix,
      wildcard: false,
      decorateReply: prefix === '/admin/',
    })
    app.get(`${prefix}*`, (_request, reply) => reply.sendFile('index.html', root))
  }
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/admin/'))
  return app
}
