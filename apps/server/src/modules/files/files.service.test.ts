import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq, inArray, sql } from 'drizzle-orm'
import { systemContext } from '../../platform/auth/system-context.ts'
import { auditLog } from '../../platform/audit/audit.tables.ts'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import {
  call,
  createTestEnv,
  login,
  loginCustomer,
  seedBusinessFixture,
  seedTenant,
} from '../../test-support/harness.ts'
import { PENDING_UPLOADS_MAX } from './files.service.ts'
import { file as fileTable } from './files.tables.ts'

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

let env: TestEnv
let t: Seeded
let admin: Session
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>
let uploads = 0

/** One upload, each from its own address: the per-IP throttle is not what these tests are about. */
function upload(session: Session, locale = 'zh-CN') {
  return env.app.inject({
    method: 'POST',
    url: '/api/v1/portal/uploads',
    payload: PNG,
    remoteAddress: `10.0.${Math.floor(++uploads / 250)}.${uploads % 250}`,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      'content-type': 'image/png',
      'accept-language': locale,
    },
  })
}
async function uploaded(session: Session) {
  const res = await upload(session)
  expect(res.statusCode, res.body).toBe(201)
  return res.json<{ id: string; url: string }>().id
}

/** Makes uploads look `hours` old, as if they had waited that long. */
const age = (ids: string[], hours: number) =>
  env.core.database.tenant(t.tenantId, (tx) =>
    tx
      .update(fileTable)
      .set({ createdAt: sql`now() - make_interval(hours => ${hours})` })
      .where(inArray(fileTable.id, ids)),
  )
const rows = (ids: string[]) =>
  env.core.database.tenant(t.tenantId, (tx) =>
    tx.select({ id: fileTable.id }).from(fileTable).where(inArray(fileTable.id, ids)),
  )
const blob = (id: string) => path.join(env.dataDir, 'files', t.tenantId, id)
const expiredAudits = async (id: string) => {
  // Entries are chained in the background moments after their commit.
  await env.core.database.settled()
  return env.core.database.tenant(t.tenantId, (tx) =>
    tx
      .select({ actorName: auditLog.actorName })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'file.expired'), eq(auditLog.entityId, id))),
  )
}

async function newCustomer(phone: string) {
  return loginCustomer(env, t, phone)
}

beforeAll(async () => {
  env = await createTestEnv()
  t = await seedTenant(env)
  admin = await login(env, t.adminLogin)
  fx = await seedBusinessFixture(env, t)
  for (const event of ['assign', 'accept', 'depart', 'check_in', 'complete']) {
    await call(env, admin, 'POST', `/api/v1/orders/${fx.order}/events`, {
      event,
      ...(event === 'assign' ? { workerId: fx.worker } : {}),
    })
  }
})
afterAll(() => env.close())

describe('uploads never attached', () => {
  it('should delete an upload no record took after the retention period, its row and its bytes', async () => {
    const phone = (await env.core.customers.service.reveal(systemContext(t.tenantId), fx.customer))
      .phone
    const me = await newCustomer(phone)
    const [expired, recent, used] = [await uploaded(me), await uploaded(me), await uploaded(me)]
    const filed = await call(env, me, 'POST', `/api/v1/portal/orders/${fx.order}/complaints`, {
      category: 'quality',
      description: '厨房没有打扫干净',
      photos: [used],
    })
    expect(filed.statusCode, filed.body).toBe(201)
    // The default retention is 24 hours: one waited 25, one 23; the attached one is older than both.
    await age([expired], 25)
    await age([recent], 23)
    await age([used], 48)

    // A stopping process's sweep leaves them to the next one.
    expect(await env.core.files.service.sweepUnattached(AbortSignal.abort())).toBe(0)
    expect(await env.core.files.service.sweepUnattached()).toBe(1)

    expect((await rows([expired, recent, used])).map((r) => r.id).sort()).toEqual(
      [recent, used].sort(),
    )
    expect(fs.existsSync(blob(expired))).toBe(false)
    expect(fs.existsSync(blob(recent))).toBe(true)
    expect(fs.existsSync(blob(used))).toBe(true)
    expect(await expiredAudits(expired)).toEqual([{ actorName: 'files' }])
    expect((await call(env, me, 'GET', `/api/v1/portal/files/${expired}`)).statusCode).toBe(404)
    expect((await call(env, me, 'GET', `/api/v1/portal/files/${used}`)).statusCode).toBe(200)
    // A form still holding the swept photo is told which one to upload again.
    const late = await call(env, me, 'POST', `/api/v1/portal/orders/${fx.order}/review`, {
      overall: 5,
      punctuality: 5,
      quality: 5,
      attitude: 5,
      photos: [recent, expired],
    })
    expect(late.statusCode).toBe(400)
    expect(late.json()).toMatchObject({
      code: 'PHOTO_UNAVAILABLE',
      errors: [{ field: 'body.photos.1' }],
    })
    // Nothing left to do: a second pass deletes nothing.
    expect(await env.core.files.service.sweepUnattached()).toBe(0)
  })

  it('should refuse a customer more waiting uploads than the cap, naming the file, until some are used or expire', async () => {
    const me = await newCustomer('13700001111')
    const neighbour = await newCustomer('13700002222')
    const mine: string[] = []
    for (let i = 0; i < PENDING_UPLOADS_MAX - 2; i++) mine.push(await uploaded(me))

    // Several at once, two places left: exactly two get in, whatever the order they land in.
    const burst = await Promise.all(Array.from({ length: 5 }, () => upload(me)))
    expect(burst.map((r) => r.statusCode).sort()).toEqual([201, 201, 429, 429, 429])
    mine.push(...burst.filter((r) => r.statusCode === 201).map((r) => r.json<{ id: string }>().id))

    const blobs = () => fs.readdirSync(path.join(env.dataDir, 'files', t.tenantId)).length
    const before = blobs()
    const refused = await upload(me)
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toMatchObject({
      code: 'TOO_MANY_PENDING_UPLOADS',
      errors: [
        {
          field: 'file',
          code: 'too_many',
          message: `已有 ${PENDING_UPLOADS_MAX} 张照片还没有随评价或投诉提交，请先提交，或一天后再上传`,
        },
      ],
    })
    expect((await upload(me, 'en')).json().errors[0].message).toBe(
      `You already have ${PENDING_UPLOADS_MAX} photos not yet sent with a review or complaint; send them first, or upload again in a day`,
    )
    expect(await rows(mine)).toHaveLength(PENDING_UPLOADS_MAX)
    // The refused bytes were not kept.
    expect(blobs()).toBe(before)

    // Another customer has a cap of their own.
    await uploaded(neighbour)
    // An expired upload no longer counts, swept or not yet.
    await age(mine.slice(0, 1), 25)
    await uploaded(me)
    expect((await upload(me)).statusCode).toBe(429)
  })
})
