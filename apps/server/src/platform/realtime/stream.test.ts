import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import {
  createTestEnv,
  login,
  loginCustomer,
  seedBusinessFixture,
  seedTenant,
} from '../../test-support/harness.ts'
import { eventually } from '../../test-support/eventually.ts'
import { systemContext } from '../auth/system-context.ts'

interface Live {
  type: string
  status?: string | null
  orderId?: string | null
}

let env: TestEnv
let a: Seeded
let b: Seeded
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>

/** Opens the stream as this session and collects what arrives. */
async function watch(session: Session, query = '') {
  const received: Live[] = []
  const socket = await env.app.injectWS(`/api/v1/stream${query}`, {
    headers: { cookie: session.cookie },
  })
  socket.on('message', (data: Buffer) => received.push(JSON.parse(data.toString()) as Live))
  return { received, close: () => socket.terminate() }
}

beforeAll(async () => {
  env = await createTestEnv()
  a = await seedTenant(env, 'a')
  b = await seedTenant(env, 'b')
  fx = await seedBusinessFixture(env, a)
})
afterAll(() => env.close())

describe('live stream', () => {
  it('should push an order step to its staff and its customer, and to nobody else', async () => {
    const staffA = await watch(await login(env, a.adminLogin))
    const staffB = await watch(await login(env, b.adminLogin))
    const phone = (await env.core.customers.service.reveal(systemContext(a.tenantId), fx.customer))
      .phone
    const owner = await watch(await loginCustomer(env, a, phone), '?audience=customer')
    const stranger = await watch(await loginCustomer(env, a, '13600007777'), '?audience=customer')

    await env.core.orders.service.apply(
      systemContext(a.tenantId),
      fx.order,
      { event: 'assign', workerId: fx.worker },
      undefined,
    )
    const assigned = (l: Live) => l.type === 'order.assigned'
    await eventually(() => staffA.received.some(assigned) && owner.received.some(assigned))
    expect(staffA.received.find(assigned)).toEqual({
      type: 'order.assigned',
      at: expect.any(String) as unknown,
      status: 'dispatched',
      orderId: fx.order,
      complaintId: null,
    })
    expect(owner.received.find(assigned)?.orderId).toBe(fx.order)
    // Relaying the event writes the notice, and the owner's inbox badge hears of it at once.
    await env.core.notifications.service.runOnce()
    await eventually(() => owner.received.some((l) => l.type === 'notice.created'))
    expect(owner.received.some((l) => l.type === 'notice.created')).toBe(true)
    // Delivered to the others too, had they been allowed: give them the same time to prove they were not.
    await new Promise((r) => setTimeout(r, 100))
    expect(staffB.received.filter((l) => l.type !== 'ready')).toEqual([])
    expect(stranger.received.filter((l) => l.type !== 'ready')).toEqual([])
    for (const w of [staffA, staffB, owner, stranger]) w.close()
  })

  it('should refuse a caller without a session, and a page from another site', async () => {
    await expect(env.app.injectWS('/api/v1/stream')).rejects.toThrow('401')
    const staff = await login(env, a.adminLogin)
    await expect(
      env.app.injectWS('/api/v1/stream', {
        headers: { cookie: staff.cookie, origin: 'https://evil.example', host: 'localhost:80' },
      }),
    ).rejects.toThrow('403')
  })
})
