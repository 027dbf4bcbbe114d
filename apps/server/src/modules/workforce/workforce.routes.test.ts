import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import {
  call,
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
