import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUser } from './index.ts'
import type { Seeded, TestEnv } from '../../test-support/harness.ts'
import { call, createStaff, createTestEnv, login, seedTenant } from '../../test-support/harness.ts'
import { eventually } from '../../test-support/eventually.ts'

let env: TestEnv
let t: Seeded

beforeAll(async () => {
  env = await createTestEnv()
  t = await seedTenant(env)
})
afterAll(() => env.close())

/** A member of customer service, signed in and known to this process's cache (after one request). */
async function signedInStaff(name: string) {
  const admin = await login(env, t.adminLogin)
  const staff = await createStaff(env, admin, {
    login: `${name}-${t.slug}`,
    roleIds: [t.roleIds.customer_service!],
  })
  const s = await login(env, `${name}-${t.slug}`)
  expect((await call(env, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(200)
  return { id: staff.id, s }
}

/** As another server process would: straight to the database, not through this process's services. */
const disableElsewhere = (userId: string) =>
  env.core.database.system((tx) =>
    tx.update(appUser).set({ status: 'disabled' }).where(eq(appUser.id, userId)),
  )

const refusedSoon = (s: Awaited<ReturnType<typeof login>>) =>
  eventually(async () => (await call(env, s, 'GET', '/api/v1/auth/me')).statusCode === 401)

describe('cached sign-ins', () => {
  it('should stop a disabled user at once, even when another process disabled them', async () => {
    const { id, s } = await signedInStaff('cs')
    await disableElsewhere(id)
    expect(await refusedSoon(s)).toBe(true)
  })

  // Only a server's LISTEN connection can drop; PGlite hears its own notices in process.
  it.skipIf(process.env.DOORSTEP_TEST_DB !== 'postgres')(
    'should forget every sign-in once it listens again after its connection dropped, as a notice may be lost',
    async () => {
      const { id, s } = await signedInStaff('gap')
      // The listening connection drops, and the notice of a change made meanwhile reaches nobody.
      await env.core.database.system((tx) =>
        tx.execute(
          sql`select pg_terminate_backend(pid) from pg_stat_activity where query like 'LISTEN %' and datname = current_database()`,
        ),
      )
      await disableElsewhere(id)
      // Well before the cache's 30 s: forgotten when listening resumes, a second or so later.
      expect(await refusedSoon(s)).toBe(true)
    },
  )

  it('should apply a role change made through the API to the very next request', async () => {
    const admin = await login(env, t.adminLogin)
    const role = await call(env, admin, 'POST', '/api/v1/roles', {
      name: `readers ${t.slug}`,
      inherits: [],
      grants: [{ permission: 'orders:read', scope: 'tenant' }],
      denies: [],
    })
    expect(role.statusCode).toBe(201)
    const { id: roleId, version } = role.json<{ id: string; version: number }>()
    await createStaff(env, admin, { login: `reader-${t.slug}`, roleIds: [roleId] })
    const s = await login(env, `reader-${t.slug}`)
    expect((await call(env, s, 'GET', '/api/v1/orders')).statusCode).toBe(200)
    const changed = await call(
      env,
      admin,
      'PATCH',
      `/api/v1/roles/${roleId}`,
      { grants: [{ permission: 'catalog:read', scope: 'tenant' }] },
      { 'if-match': `"${version}"` },
    )
    expect(changed.statusCode).toBe(200)
    expect((await call(env, s, 'GET', '/api/v1/orders')).statusCode).toBe(403)
  })

  it('should end a signed-out session on the next request', async () => {
    const s = await login(env, t.adminLogin)
    expect((await call(env, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(200)
    expect((await call(env, s, 'POST', '/api/v1/auth/logout')).statusCode).toBeLessThan(300)
    expect((await call(env, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(401)
  })
})
