import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Session, TestEnv } from '../../test-support/harness.ts'
import { PASSWORD, call, createTestEnv, login } from '../../test-support/harness.ts'
import type { DemoResult } from './index.ts'
import { seedDemo } from './index.ts'

let env: TestEnv
let demo: DemoResult
let admin: Session

beforeAll(async () => {
  env = await createTestEnv()
  demo = await seedDemo(env.core.demo, PASSWORD)
  admin = await login(env, 'admin')
}, 180_000)
afterAll(() => env.close())

describe('demo company', () => {
  it('should give every screen something to show: orders, reviews, complaints, plans', async () => {
    expect(demo.business).toMatchObject({ customers: 200, plans: 3 })
    expect(demo.business!.orders).toBeGreaterThan(100)
    expect(demo.business!.reviews).toBeGreaterThan(10)
    expect(demo.business!.complaints).toBeGreaterThan(2)
    const complaints = (await call(env, admin, 'GET', '/api/v1/complaints?limit=50')).json<{
      items: Array<{ status: string }>
    }>()
    expect(new Set(complaints.items.map((c) => c.status)).size).toBeGreaterThanOrEqual(3)
    const plans = (await call(env, admin, 'GET', '/api/v1/plans')).json<{ items: unknown[] }>()
    expect(plans.items).toHaveLength(3)
  })

  it('should tell no step from the future, and leave few past visits open, as a real office would', async () => {
    const recent = (await call(env, admin, 'GET', '/api/v1/audit?limit=100')).json<{
      items: Array<{ at: string }>
    }>()
    const now = Date.now()
    expect(recent.items.filter((e) => new Date(e.at).getTime() > now)).toEqual([])
    const glance = (await call(env, admin, 'GET', '/api/v1/orders/overview')).json<{
      overdue: number
    }>()
    // Only today's: a visit whose window passed earlier today may still be waiting for its worker to close it.
    expect(glance.overdue).toBeLessThanOrEqual(6)
  })

  it('should turn the demo history into notices when the relay first runs', async () => {
    const { relayed } = await env.core.notifications.service.runOnce()
    expect(relayed).toBeGreaterThan(100)
    const deliveries = (
      await call(env, admin, 'GET', '/api/v1/notifications/deliveries?channel=in_app&limit=5')
    ).json<{ items: Array<{ status: string }> }>()
    expect(deliveries.items.map((d) => d.status)).toEqual(Array(5).fill('sent'))
  })
})
