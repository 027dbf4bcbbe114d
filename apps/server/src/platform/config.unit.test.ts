import os from 'node:os'
import { describe, expect, it, vi } from 'vitest'
import { ConfigError, defaultPoolSize, loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('should default to embedded PGlite in ./data on port 3000', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ port: 3000, databaseUrl: undefined, env: 'development' })
    expect(c.dataDir.endsWith('/data')).toBe(true)
    expect(Object.isFrozen(c)).toBe(true)
  })

  it('should put a relative data directory where npm was started, not in the workspace npm runs in', () => {
    expect(loadConfig({ INIT_CWD: '/srv/doorstep' }).dataDir).toBe('/srv/doorstep/data')
    expect(
      loadConfig({ INIT_CWD: '/srv/doorstep', DOORSTEP_DATA_DIR: '/var/lib/doorstep' }).dataDir,
    ).toBe('/var/lib/doorstep')
  })

  it('should list every bad variable at once', () => {
    let error: unknown
    try {
      loadConfig({ PORT: 'abc', DOORSTEP_DATABASE_URL: 'mysql://x', DOORSTEP_MASTER_KEY: 'short' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const fields = (error as ConfigError).problems.map((p) => p.split(':')[0])
    expect(fields).toEqual(['PORT', 'DOORSTEP_DATABASE_URL', 'DOORSTEP_MASTER_KEY'])
  })

  it("should show Amap's tiles on the address forms unless told of other tiles or off", () => {
    expect(loadConfig({}).mapTiles).toMatchObject({ subdomains: '1234', maxZoom: 18 })
    expect(loadConfig({}).mapTiles?.url).toContain('autonavi.com')
    expect(loadConfig({ DOORSTEP_MAP_TILES: 'off' }).mapTiles).toBeNull()
    const own = 'https://tiles.example.cn/{z}/{x}/{y}.png'
    expect(loadConfig({ DOORSTEP_MAP_TILES: own }).mapTiles?.url).toBe(own)
    for (const bad of ['https://tiles.example.cn/{z}/{x}.png', 'ftp://t/{z}/{x}/{y}', 'tiles'])
      expect(() => loadConfig({ DOORSTEP_MAP_TILES: bad }), bad).toThrow(/DOORSTEP_MAP_TILES/)
    expect(() => loadConfig({ DOORSTEP_MAP_SUBDOMAINS: '' })).toThrow(/DOORSTEP_MAP_SUBDOMAINS/)
  })

  it('should keep unattached uploads a day unless told otherwise, in whole hours from 1 to 720', () => {
    expect(loadConfig({}).uploadRetentionMs).toBe(24 * 3_600_000)
    expect(loadConfig({ DOORSTEP_UPLOAD_RETENTION_HOURS: '2' }).uploadRetentionMs).toBe(7_200_000)
    for (const bad of ['0', '1.5', '721', 'a day'])
      expect(() => loadConfig({ DOORSTEP_UPLOAD_RETENTION_HOURS: bad }), bad).toThrow(
        /DOORSTEP_UPLOAD_RETENTION_HOURS/,
      )
  })

  it('should keep idempotency keys (at least a day) and published events (at least an hour) a week unless told otherwise', () => {
    const week = 7 * 24 * 3_600_000
    expect(loadConfig({}).retention).toEqual({ idempotencyKeyMs: week, publishedEventMs: week })
    expect(
      loadConfig({
        DOORSTEP_IDEMPOTENCY_KEY_RETENTION_HOURS: '24',
        DOORSTEP_PUBLISHED_EVENT_RETENTION_HOURS: '1',
      }).retention,
    ).toEqual({ idempotencyKeyMs: 24 * 3_600_000, publishedEventMs: 3_600_000 })
    for (const bad of ['23', '1.5', '8761', 'a week'])
      expect(() => loadConfig({ DOORSTEP_IDEMPOTENCY_KEY_RETENTION_HOURS: bad }), bad).toThrow(
        /DOORSTEP_IDEMPOTENCY_KEY_RETENTION_HOURS/,
      )
    for (const bad of ['0', '8761'])
      expect(() => loadConfig({ DOORSTEP_PUBLISHED_EVENT_RETENTION_HOURS: bad }), bad).toThrow(
        /DOORSTEP_PUBLISHED_EVENT_RETENTION_HOURS/,
      )
  })

  it('should open two connections per core in each database pool, from 4 to 16, unless told otherwise', () => {
    expect(loadConfig({}).dbPoolSize).toBe(defaultPoolSize())
    const cores = vi.spyOn(os, 'availableParallelism')
    try {
      expect([1, 2, 3, 8, 64].map((n) => (cores.mockReturnValue(n), defaultPoolSize()))).toEqual([
        4, 4, 6, 16, 16,
      ])
    } finally {
      cores.mockRestore()
    }
    expect(loadConfig({ DOORSTEP_DB_POOL_SIZE: '3' }).dbPoolSize).toBe(3)
    for (const bad of ['0', '2.5', '501', 'many'])
      expect(() => loadConfig({ DOORSTEP_DB_POOL_SIZE: bad }), bad).toThrow(/DOORSTEP_DB_POOL_SIZE/)
  })

  it('should refuse to start in production without a master key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /DOORSTEP_MASTER_KEY: required in production/,
    )
    const key = Buffer.alloc(32, 7).toString('base64')
    expect(loadConfig({ NODE_ENV: 'production', DOORSTEP_MASTER_KEY: key }).masterKey).toEqual(
      Buffer.alloc(32, 7),
    )
  })

  it('should require the Aliyun SMS settings when that provider is chosen, naming each missing one', () => {
    expect(() =>
      loadConfig({ DOORSTEP_SMS_PROVIDER: 'aliyun', DOORSTEP_ALIYUN_SMS_ACCESS_KEY_ID: 'x' }),
    ).toThrow(
      /DOORSTEP_ALIYUN_SMS_ACCESS_KEY_SECRET: required[\s\S]*DOORSTEP_ALIYUN_SMS_TEMPLATE_CODE: required/,
    )
    expect(loadConfig({}).sms).toEqual({ provider: 'development' })
  })

  it('should take the WeChat mini program as a pair with a checked template map, or leave it off', () => {
    expect(loadConfig({}).wechat).toBeUndefined()
    expect(() => loadConfig({ DOORSTEP_WECHAT_APP_ID: 'wx1' })).toThrow(/set both/)
    const templates = {
      booking_confirmed: {
        templateId: 'T1',
        data: { thing1: 'serviceName', time2: 'windowStart' },
      },
    }
    expect(
      loadConfig({
        DOORSTEP_WECHAT_APP_ID: 'wx1',
        DOORSTEP_WECHAT_APP_SECRET: 's',
        DOORSTEP_WECHAT_API_URL: 'http://127.0.0.1:9/',
        DOORSTEP_WECHAT_NOTICE_TEMPLATES: JSON.stringify(templates),
      }).wechat,
    ).toEqual({
      appId: 'wx1',
      appSecret: 's',
      baseUrl: 'http://127.0.0.1:9',
      page: 'pages/index/index',
      miniprogramState: 'formal',
      noticeTemplates: templates,
    })
    expect(() =>
      loadConfig({
        DOORSTEP_WECHAT_NOTICE_TEMPLATES: JSON.stringify({
          booking_confirmed: { templateId: 'T1', data: { title: 'serviceName' } },
        }),
      }),
    ).toThrow(
      /DOORSTEP_WECHAT_NOTICE_TEMPLATES\.booking_confirmed\.data\.title: not a WeChat data key/,
    )
  })
})
