import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../platform/clock.ts'
import type { Seeded, TestEnv } from '../../test-support/harness.ts'
import { call, createTestEnv, login, seedTenant } from '../../test-support/harness.ts'

const clock = fixedClock(new Date('2026-11-20T01:00:00Z'))
const MINUTE = 60_000
let env: TestEnv
let t: Seeded

beforeAll(async () => {
  env = await createTestEnv({ clock })
  t = await seedTenant(env)
})
afterAll(() => env.close())

describe('session expiry', () => {
  it('should end a session left idle longer than the idle limit (120 minutes)', async () => {
    const s = await login(env, t.adminLogin)
    clock.advance(119 * MINUTE)
    expect((await call(env, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(200)
    clock.advance(119 * MINUTE) // used a moment ago, so still alive
    expect((await call(env, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(200)
    clock.advance(121 * MINUTE)
    expect((await call(env, s, 'GET', '/api/v1/auth/me')).json().code).toBe('UNAUTHENTICATED')
  })

  it('should end a session at the absolute limit (12 hours) however busy it is', async () => {
    const s = await login(env, t.adminLogin)
    for (let hour = 1; hour < 12; hour++) {
      clock.advance(60 * MINUTE)
      expect((await call(env, s, 'GET', '/api/v1/auth/me')).statusCode, `hour ${hour}`).toBe(200)
    }
    clock.advance(61 * MINUTE)
    expect((await call(env, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(401)
  })
})
