import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import type { NotificationTemplate } from '@doorstep/domain'
import { NOTIFICATION_TEMPLATES } from '@doorstep/domain'
import type { Retention } from './retention/retention.ts'
import type { WechatNoticeTemplate } from './wechat/wechat.ts'
import { WECHAT_DATA_KEY, WECHAT_NOTICE_FIELDS } from './wechat/wechat.ts'

const jsonObject = z.string().transform((raw, ctx) => {
  try {
    return JSON.parse(raw) as unknown
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object' })
    return z.NEVER
  }
})

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DOORSTEP_DATA_DIR: z.string().min(1).default('./data'),
  DOORSTEP_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  DOORSTEP_DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).optional(),
  DOORSTEP_MASTER_KEY: z
    .string()
    .refine((k) => Buffer.from(k, 'base64').length === 32, {
      message: 'must be 32 bytes, base64-encoded',
    })
    .optional(),
  DOORSTEP_ADMIN_PASSWORD: z
    .string()
    .min(10, { message: 'must be at least 10 characters' })
    .optional(),
  DOORSTEP_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  DOORSTEP_PUBLIC_URL: z.url().optional(),
  DOORSTEP_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(120),
  DOORSTEP_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  DOORSTEP_TRUST_PROXY: z.stringbool().default(false),
  DOORSTEP_LOGINS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(20),
  DOORSTEP_ACCESS_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  DOORSTEP_SMS_PROVIDER: z.enum(['development', 'aliyun']).default('development'),
  DOORSTEP_ALIYUN_SMS_ACCESS_KEY_ID: z.string().min(1).optional(),
  DOORSTEP_ALIYUN_SMS_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  DOORSTEP_ALIYUN_SMS_SIGN_NAME: z.string().min(1).optional(),
  DOORSTEP_ALIYUN_SMS_TEMPLATE_CODE: z.string().min(1).optional(),
  DOORSTEP_ALIYUN_SMS_ENDPOINT: z.url().default('https://dysmsapi.aliyuncs.com/'),
  DOORSTEP_ALIYUN_SMS_NOTICE_TEMPLATES: z
    .string()
    .default('{}')
    .pipe(
      z
        .string()
        .transform((raw, ctx) => {
          try {
            return JSON.parse(raw) as unknown
          } catch {
            ctx.addIssue({ code: 'custom', message: 'must be a JSON object' })
            return z.NEVER
          }
        })
        .pipe(z.partialRecord(z.enum(NOTIFICATION_TEMPLATES), z.string().min(1))),
    ),
  DOORSTEP_WECHAT_APP_ID: z.string().min(1).optional(),
  DOORSTEP_WECHAT_APP_SECRET: z.string().min(1).optional(),
  DOORSTEP_WECHAT_API_URL: z.url().default('https://api.weixin.qq.com'),
  DOORSTEP_WECHAT_PAGE: z.string().min(1).default('pages/index/index'),
  DOORSTEP_WECHAT_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).default('formal'),
  DOORSTEP_WECHAT_NOTICE_TEMPLATES: z
    .string()
    .default('{}')
    .pipe(
      jsonObject.pipe(
        z.partialRecord(
          z.enum(NOTIFICATION_TEMPLATES),
          z.object({
            templateId: z.string().min(1),
            data: z.record(z.string(), z.enum(WECHAT_NOTICE_FIELDS)).superRefine((data, ctx) => {
              if (Object.keys(data).length === 0)
                ctx.addIssue({ code: 'custom', message: 'must map at least one key' })
              for (const key of Object.keys(data))
                if (!WECHAT_DATA_KEY.test(key))
                  ctx.addIssue({
                    code: 'custom',
                    path: [key],
                    message: 'not a WeChat data key (thing1, time2, character_string3 …)',
                  })
            }),
          }),
        ),
      ),
    ),
  DOORSTEP_NOTIFY_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  DOORSTEP_AMAP_KEY: z.string().min(1).optional(),
  DOORSTEP_AMAP_ENDPOINT: z.url().default('https://restapi.amap.com'),
  // The address forms' map: a Leaflet URL template of GCJ-02 tiles (Amap's public road map by default; a company
  // without internet access points it at its own tile server, or sets `off` to keep coordinates typed only).
  DOORSTEP_MAP_TILES: z
    .union([
      z.literal('off'),
      z
        .url({ protocol: /^https?$/ })
        .refine(
          (url) => ['{x}', '{y}', '{z}'].every((part) => url.includes(part)),
          'a URL with {x}, {y} and {z}',
        ),
    ])
    .default(
      'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}',
    ),
  DOORSTEP_MAP_SUBDOMAINS: z.string().min(1).max(20).default('1234'),
  DOORSTEP_MAP_MAX_ZOOM: z.coerce.number().int().min(1).max(22).default(18),
  DOORSTEP_MAP_ATTRIBUTION: z.string().max(200).default('© 高德地图 AutoNavi'),
  DOORSTEP_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(5 * 1024 * 1024),
  DOORSTEP_UPLOAD_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  DOORSTEP_IDEMPOTENCY_KEY_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(24)
    .max(24 * 365)
    .default(24 * 7),
  DOORSTEP_PUBLISHED_EVENT_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24 * 7),
})

export interface Config {
  env: 'development' | 'production' | 'test'
  host: string
  port: number
  dataDir: string
  databaseUrl: string | undefined
  /**
   * Connections each of the server's two PostgreSQL pools (writes, reads) may open: `defaultPoolSize()` unless
   * set. PostgreSQL does most work with about two busy connections per core, and more only contend (ADR 0023).
   */
  dbPoolSize: number
  masterKey: Buffer | undefined
  adminPassword: string | undefined
  logLevel: z.infer<typeof Env>['DOORSTEP_LOG_LEVEL']
  publicUrl: string | undefined
  sessionIdleMs: number
  sessionMaxMs: number
  trustProxy: boolean
  loginsPerMinute: number
  /** How long a process may reuse a resolved sign-in without rereading it (0: never). */
  accessCacheMs: number
  /** Amap Web Service geocoding, when a key is set. */
  amap: { key: string; endpoint: string } | undefined
  /** The address forms' map tiles (GCJ-02), or null when the map is off. */
  mapTiles: { url: string; subdomains: string; maxZoom: number; attribution: string } | null
  sms:
    | { provider: 'development' }
    | {
        provider: 'aliyun'
        accessKeyId: string
        accessKeySecret: string
        signName: string
        templateCode: string
        noticeTemplates: Partial<Record<NotificationTemplate, string>>
        endpoint: string
      }
  /** A WeChat mini program whose subscription messages carry notices, when its app id and secret are set. */
  wechat:
    | {
        appId: string
        appSecret: string
        baseUrl: string
        page: string
        miniprogramState: 'developer' | 'trial' | 'formal'
        noticeTemplates: Partial<Record<NotificationTemplate, WechatNoticeTemplate>>
      }
    | undefined
  /** How often the notification relay runs; 0 turns it off (tests drive it by hand). */
  notifyIntervalMs: number
  /** The largest photo a customer or agent may upload. */
  uploadMaxBytes: number
  /** How long an upload no review or complaint took is kept before it is deleted. */
  uploadRetentionMs: number
  /** How long a request's Idempotency-Key and answer, and a published outbox event, are kept. */
  retention: Retention
}

/**
 * Two connections per core of this machine (PostgreSQL's too, in the two-command installation), at least 4, and
 * at most 16: a process opens two pools, and two processes of a large machine must stay inside PostgreSQL's
 * default 100 connections.
 */
export const defaultPoolSize = () => Math.min(16, Math.max(4, 2 * os.availableParallelism()))

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
}

/** Validates the environment once, listing every bad variable, and returns a frozen typed config. */
export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))
  }
  const e = parsed.data
  if (e.NODE_ENV === 'production' && !e.DOORSTEP_MASTER_KEY) {
    throw new ConfigError([
      'DOORSTEP_MASTER_KEY: required in production (32 random bytes, base64: `openssl rand -base64 32`)',
    ])
  }
  const aliyun = [
    'DOORSTEP_ALIYUN_SMS_ACCESS_KEY_ID',
    'DOORSTEP_ALIYUN_SMS_ACCESS_KEY_SECRET',
    'DOORSTEP_ALIYUN_SMS_SIGN_NAME',
    'DOORSTEP_ALIYUN_SMS_TEMPLATE_CODE',
  ] as const
  if (e.DOORSTEP_SMS_PROVIDER === 'aliyun') {
    const missing = aliyun.filter((k) => !e[k])
    if (missing.length)
      throw new ConfigError(missing.map((k) => `${k}: required when DOORSTEP_SMS_PROVIDER=aliyun`))
  }
  if (!e.DOORSTEP_WECHAT_APP_ID !== !e.DOORSTEP_WECHAT_APP_SECRET) {
    throw new ConfigError([
      'DOORSTEP_WECHAT_APP_ID, DOORSTEP_WECHAT_APP_SECRET: set both (the mini program) or neither',
    ])
  }
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    // Relative to where npm was started (`npm start` at the project root runs the server in apps/server), so
    // the default is the project's ./data as the README says; an absolute path stays as it is.
    dataDir: path.resolve(env.INIT_CWD ?? process.cwd(), e.DOORSTEP_DATA_DIR),
    databaseUrl: e.DOORSTEP_DATABASE_URL,
    dbPoolSize: e.DOORSTEP_DB_POOL_SIZE ?? defaultPoolSize(),
    masterKey: e.DOORSTEP_MASTER_KEY ? Buffer.from(e.DOORSTEP_MASTER_KEY, 'base64') : undefined,
    adminPassword: e.DOORSTEP_ADMIN_PASSWORD,
    logLevel: e.DOORSTEP_LOG_LEVEL,
    publicUrl: e.DOORSTEP_PUBLIC_URL,
    sessionIdleMs: e.DOORSTEP_SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.DOORSTEP_SESSION_MAX_HOURS * 3_600_000,
    accessCacheMs: e.DOORSTEP_ACCESS_CACHE_SECONDS * 1000,
    trustProxy: e.DOORSTEP_TRUST_PROXY,
    loginsPerMinute: e.DOORSTEP_LOGINS_PER_MINUTE,
    amap: e.DOORSTEP_AMAP_KEY
      ? { key: e.DOORSTEP_AMAP_KEY, endpoint: e.DOORSTEP_AMAP_ENDPOINT }
      : undefined,
    mapTiles:
      e.DOORSTEP_MAP_TILES === 'off'
        ? null
        : {
            url: e.DOORSTEP_MAP_TILES,
            subdomains: e.DOORSTEP_MAP_SUBDOMAINS,
            maxZoom: e.DOORSTEP_MAP_MAX_ZOOM,
            attribution: e.DOORSTEP_MAP_ATTRIBUTION,
          },
    sms:
      e.DOORSTEP_SMS_PROVIDER === 'aliyun'
        ? {
            provider: 'aliyun' as const,
            accessKeyId: e.DOORSTEP_ALIYUN_SMS_ACCESS_KEY_ID!,
            accessKeySecret: e.DOORSTEP_ALIYUN_SMS_ACCESS_KEY_SECRET!,
            signName: e.DOORSTEP_ALIYUN_SMS_SIGN_NAME!,
            templateCode: e.DOORSTEP_ALIYUN_SMS_TEMPLATE_CODE!,
            noticeTemplates: e.DOORSTEP_ALIYUN_SMS_NOTICE_TEMPLATES,
            endpoint: e.DOORSTEP_ALIYUN_SMS_ENDPOINT,
          }
        : { provider: 'development' as const },
    wechat:
      e.DOORSTEP_WECHAT_APP_ID && e.DOORSTEP_WECHAT_APP_SECRET
        ? {
            appId: e.DOORSTEP_WECHAT_APP_ID,
            appSecret: e.DOORSTEP_WECHAT_APP_SECRET,
            baseUrl: e.DOORSTEP_WECHAT_API_URL.replace(/\/+$/, ''),
            page: e.DOORSTEP_WECHAT_PAGE,
            miniprogramState: e.DOORSTEP_WECHAT_MINIPROGRAM_STATE,
            noticeTemplates: e.DOORSTEP_WECHAT_NOTICE_TEMPLATES,
          }
        : undefined,
    notifyIntervalMs: e.DOORSTEP_NOTIFY_INTERVAL_MS,
    uploadMaxBytes: e.DOORSTEP_UPLOAD_MAX_BYTES,
    uploadRetentionMs: e.DOORSTEP_UPLOAD_RETENTION_HOURS * 3_600_000,
    retention: {
      idempotencyKeyMs: e.DOORSTEP_IDEMPOTENCY_KEY_RETENTION_HOURS * 3_600_000,
      publishedEventMs: e.DOORSTEP_PUBLISHED_EVENT_RETENTION_HOURS * 3_600_000,
    },
  })
}
