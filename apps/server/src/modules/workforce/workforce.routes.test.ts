import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import {
  call,
  createStaff,
  createTestEnv,
  login,
  seedBusinessFixture,
  seedTenant,
} from '../../test-support/harness.ts'

let env: TestEnv
let t: Seeded
let admin: Session
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>

beforeAll(async () => {
  env = await createTestEnv()
  t = await seedTenant(env)
  admin = await login(env, t.adminLogin)
  fx = await seedBusinessFixture(env, t, { workers: 3 })
})
afterAll(() => env.close())

describe('worker list', () => {
  it('should search by name and list the workers a picker holds by their ids', async () => {
    const names = async (query: string) =>
      (await call(env, admin, 'GET', `/api/v1/workers?${query}`))
        .json<{ items: Array<{ id: string; name: string }> }>()
        .items.map((w) => w.name)
        .sort()
    expect(await names('q=师傅2')).toEqual(['师傅2'])
    expect(await names(`ids=${fx.workerIds[0]},${fx.workerIds[2]}`)).toEqual(['师傅1', '师傅3'])
    expect(await names(`ids=${fx.workerIds[0]}&projectId=${t.projectIds[1]}`)).toEqual([])
    const bad = await call(env, admin, 'GET', '/api/v1/workers?ids=1,2')
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe('query.ids')
  })
})

describe('worker changes', () => {
  it("should let a project's manager change only workers wholly in their projects", async () => {
    const [p1, p2] = [t.projectIds[0]!, t.projectIds[1]!]
    await createStaff(env, admin, {
      login: `wpm-${t.slug}`,
      roleIds: [t.roleIds.project_manager!],
      projectIds: [p1],
    })
    const pm = await login(env, `wpm-${t.slug}`)
    const [shared, own] = [fx.workerIds[1]!, fx.workerIds[2]!]
    const both = await call(env, admin, 'PATCH', `/api/v1/workers/${shared}`, {
      projectIds: [p1, p2],
    })
    expect(both.statusCode, both.body).toBe(200)
    for (const changes of [{ projectIds: [p1] }, { active: false }]) {
      const res = await call(env, pm, 'PATCH', `/api/v1/workers/${shared}`, changes)
      expect(res.statusCode, JSON.stringify(changes)).toBe(403)
      expect(res.json<{ code: string }>().code).toBe('WORKER_BEYOND_SCOPE')
    }
    const renamed = await call(env, pm, 'PATCH', `/api/v1/workers/${own}`, { name: '张师傅' })
    expect(renamed.statusCode, renamed.body).toBe(200)
  })

  it("should count a worker's phone among the day's changes of staff personal data", async () => {
    const id = fx.workerIds[0]!
    const phone = (n: number) => `1370000${String(5000 + n).padStart(4, '0')}`
    for (let n = 1; n <= 10; n++) {
      const res = await call(env, admin, 'PATCH', `/api/v1/workers/${id}`, { phone: phone(n) })
      expect(res.statusCode, res.body).toBe(200)
    }
    // The same number again changes nothing, and is not counted.
    expect(
      (await call(env, admin, 'PATCH', `/api/v1/workers/${id}`, { phone: phone(10) })).statusCode,
    ).toBe(200)
    const eleventh = await call(env, admin, 'PATCH', `/api/v1/workers/${id}`, { phone: phone(11) })
    expect(eleventh.statusCode).toBe(429)
    expect(eleventh.json<{ code: string }>().code).toBe('DAILY_LIMIT_REACHED')
  })
})
