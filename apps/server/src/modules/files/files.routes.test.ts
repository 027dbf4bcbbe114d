import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pngChunk } from './image-metadata.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { systemContext } from '../../platform/auth/system-context.ts'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import {
  auditCount,
  call,
  createStaff,
  createTestEnv,
  login,
  loginCustomer,
  seedBusinessFixture,
  seedTenant,
} from '../../test-support/harness.ts'
import { complaint } from '../aftersales/aftersales.tables.ts'
import { aadOf, openBytes, sealBytes } from './file-seal.ts'
import { file as fileTable } from './files.tables.ts'
import { exifOrientation, orientationOnlyTiff } from './image-metadata.ts'

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

let env: TestEnv
let t: Seeded
let admin: Session
let me: Session
let other: Session
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>

function upload(
  session: Session,
  body: Buffer | string | Readable,
  contentType = 'image/png',
  url = '/api/v1/portal/uploads',
  headers: Record<string, string> = {},
) {
  return env.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      'content-type': contentType,
      ...headers,
    },
  })
}

const uploaded = async (session: Session, url?: string) => {
  const res = await upload(session, PNG, 'image/png', url)
  expect(res.statusCode, res.body).toBe(201)
  return res.json<{ id: string; url: string }>()
}

const countFiles = async () =>
  (
    await env.core.database.tenant(t.tenantId, (tx) =>
      tx.select({ n: sql<number>`count(*)::int` }).from(fileTable),
    )
  )[0]!.n
const blob = (id: string) => path.join(env.dataDir, 'files', t.tenantId, id)
const storedBlobs = () => {
  const dir = path.join(env.dataDir, 'files', t.tenantId)
  return fs.existsSync(dir) ? fs.readdirSync(dir) : []
}
const complaintCount = async () =>
  (await call(env, admin, 'GET', '/api/v1/complaints?limit=200')).json<{ items: unknown[] }>().items
    .length

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
  const phone = (await env.core.customers.service.reveal(systemContext(t.tenantId), fx.customer))
    .phone
  me = await loginCustomer(env, t, phone)
  other = await loginCustomer(env, t, '13700008888')
})
afterAll(() => env.close())

describe('uploaded photos', () => {
  it('should keep an upload encrypted and give it back to its owner only', async () => {
    const file = await uploaded(me)
    expect(file.url).toBe(`/api/v1/portal/files/${file.id}`)

    const back = await call(env, me, 'GET', file.url)
    expect(back.statusCode).toBe(200)
    expect(back.headers['content-type']).toBe('image/png')
    expect(back.headers['cache-control']).toMatch(/^private/)
    expect(back.rawPayload.equals(PNG)).toBe(true)

    const onDisk = fs.readFileSync(path.join(env.dataDir, 'files', t.tenantId, file.id))
    expect(onDisk.includes(PNG.subarray(8, 24))).toBe(false)

    const stranger = await call(env, other, 'GET', file.url)
    expect(stranger.statusCode).toBe(404)
    expect(stranger.json().code).toBe('NOT_FOUND')
    // Staff see a customer's photo once it is on a record they may read, not before.
    expect((await call(env, admin, 'GET', `/api/v1/files/${file.id}`)).statusCode).toBe(404)
  })

  it('should store a photo without where it was taken, keeping how it is turned', async () => {
    const IEND_AT = PNG.length - 12
    const gps = Buffer.from('GPSLatitude 31.2286N GPSLongitude 121.4750E', 'latin1')
    const exif = Buffer.concat([orientationOnlyTiff(6), gps]) // a TIFF whose tail carries the position
    const shot = Buffer.concat([
      PNG.subarray(0, 33), // signature and IHDR
      pngChunk('tEXt', Buffer.concat([Buffer.from('Comment\0', 'latin1'), gps])),
      pngChunk('eXIf', exif),
      PNG.subarray(33, IEND_AT), // IDAT
      PNG.subarray(IEND_AT),
    ])
    const res = await upload(me, shot)
    expect(res.statusCode, res.body).toBe(201)
    const back = await call(env, me, 'GET', res.json<{ url: string }>().url)
    expect(back.rawPayload.includes(Buffer.from('31.2286'))).toBe(false)
    expect(back.rawPayload.includes(Buffer.from('Comment'))).toBe(false)
    const eXIf = back.rawPayload.indexOf(Buffer.from('eXIf'))
    expect(exifOrientation(back.rawPayload.subarray(eXIf + 4, eXIf + 4 + 26))).toBe(6)
    expect(res.json<{ size: number }>().size).toBe(back.rawPayload.length)

    const damaged = await upload(me, PNG.subarray(0, 40), 'image/png', undefined, {
      'accept-language': 'en',
    })
    expect(damaged.statusCode).toBe(400)
    expect(damaged.json()).toMatchObject({
      code: 'FILE_DAMAGED',
      errors: [
        { field: 'file', message: 'The photo file is damaged and cannot be read; choose another' },
      ],
    })
  })

  it('should clean photos stored before uploads were cleaned: when read, and once for all in the background', async () => {
    const gps = Buffer.from('GPSLatitude 31.2286N GPSLongitude 121.4750E', 'latin1')
    const IEND_AT = PNG.length - 12
    const shot = Buffer.concat([
      PNG.subarray(0, 33),
      pngChunk('tEXt', Buffer.concat([Buffer.from('Comment\0', 'latin1'), gps])),
      PNG.subarray(33),
    ])
    // As an installation from before stored them: the bytes as uploaded, the row not marked clean.
    const storeAsOld = async (bytes: Buffer) => {
      const { id, url } = await uploaded(me)
      const [row] = await env.core.database.tenant(t.tenantId, (tx) =>
        tx.select().from(fileTable).where(eq(fileTable.id, id)),
      )
      const cell = { tenantId: t.tenantId, table: 'file', column: 'key_enc', rowId: id }
      const dataKey = Buffer.from(env.core.keyring.decrypt(row!.keyEnc, cell), 'base64')
      fs.writeFileSync(blob(id), sealBytes(dataKey, bytes, aadOf(t.tenantId, id)))
      await env.core.database.tenant(t.tenantId, (tx) =>
        tx
          .update(fileTable)
          .set({
            metadataStripped: false,
            size: bytes.length,
            sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
          })
          .where(eq(fileTable.id, id)),
      )
      return { id, url, dataKey }
    }
    const old = await storeAsOld(shot)
    const broken = await storeAsOld(Buffer.concat([PNG.subarray(0, IEND_AT), gps]))
    // One whose bytes are gone from the store does not stop the others either.
    fs.rmSync(blob((await storeAsOld(shot)).id))

    const read = await call(env, me, 'GET', old.url)
    expect(read.statusCode).toBe(200)
    expect(read.rawPayload.includes(Buffer.from('31.2286'))).toBe(false)
    expect(read.rawPayload.equals(PNG)).toBe(true)
    // One that cannot be cleaned is not shown as it is.
    expect((await call(env, me, 'GET', broken.url)).statusCode).toBe(404)

    const audits = await auditCount(env, t.tenantId)
    // A stopping process's pass leaves them to the next one.
    expect(await env.core.files.service.stripOldPhotos(AbortSignal.abort())).toEqual({
      cleaned: 0,
      unreadable: 0,
    })
    expect(await env.core.files.service.stripOldPhotos()).toEqual({ cleaned: 1, unreadable: 2 })
    const stored = openBytes(old.dataKey, fs.readFileSync(blob(old.id)), aadOf(t.tenantId, old.id))
    expect(stored.equals(PNG)).toBe(true)
    const [row] = await env.core.database.tenant(t.tenantId, (tx) =>
      tx.select().from(fileTable).where(eq(fileTable.id, old.id)),
    )
    expect(row).toMatchObject({ metadataStripped: true, size: PNG.length })
    expect(await auditCount(env, t.tenantId)).toBe(audits + 1)
    const again = await call(env, me, 'GET', old.url)
    expect(again.rawPayload.equals(PNG)).toBe(true)
    expect(again.headers.etag).not.toBe(read.headers.etag)
    // Nothing new the second time; the unreadable one is still withheld and counted.
    expect(await env.core.files.service.stripOldPhotos()).toEqual({ cleaned: 0, unreadable: 2 })
    expect((await call(env, me, 'GET', broken.url)).statusCode).toBe(404)
  })

  it('should let a browser keep a photo it read and answer its revalidation with 304, to its readers only', async () => {
    const file = await uploaded(me)
    const first = await call(env, me, 'GET', file.url)
    expect(first.statusCode).toBe(200)
    const etag = first.headers.etag as string
    // Strong, and the hash of the bytes as stored: the same photo under the same URL, always.
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/)
    expect(first.headers['cache-control']).toBe('private, max-age=86400, immutable')

    const again = await call(env, me, 'GET', file.url, undefined, { 'if-none-match': etag })
    expect(again.statusCode).toBe(304)
    expect(again.rawPayload).toHaveLength(0)
    expect(again.headers.etag).toBe(etag)
    expect(again.headers['cache-control']).toBe('private, max-age=86400, immutable')
    // Listed among others, or weakened by a proxy, it still matches (If-None-Match compares weakly).
    const listed = await call(env, me, 'GET', file.url, undefined, {
      'if-none-match': `"0000", W/${etag}`,
    })
    expect(listed.statusCode).toBe(304)
    const stale = await call(env, me, 'GET', file.url, undefined, { 'if-none-match': '"0000"' })
    expect(stale.statusCode).toBe(200)
    expect(stale.rawPayload.equals(first.rawPayload)).toBe(true)

    // Knowing the tag opens nothing: someone who may not read the photo still gets 404.
    const stranger = await call(env, other, 'GET', file.url, undefined, { 'if-none-match': etag })
    expect(stranger.statusCode).toBe(404)
    const star = await call(env, other, 'GET', file.url, undefined, { 'if-none-match': '*' })
    expect(star.statusCode).toBe(404)
  })

  it('should refuse what is not a picture, too big or empty, naming the file, writing nothing', async () => {
    const before = {
      audit: await auditCount(env, t.tenantId),
      files: await countFiles(),
      blobs: storedBlobs().length,
    }
    const disguised = await upload(me, '<svg onload="alert(1)"/>', 'image/png', undefined, {
      'accept-language': 'en',
    })
    expect(disguised.statusCode).toBe(415)
    expect(disguised.json()).toMatchObject({
      code: 'FILE_TYPE_UNSUPPORTED',
      errors: [{ field: 'file', message: 'Upload a JPG, PNG or WebP picture' }],
    })
    const big = await upload(me, Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]))
    expect(big.statusCode).toBe(413)
    expect(big.json()).toMatchObject({
      code: 'FILE_TOO_LARGE',
      errors: [{ field: 'file', message: '照片不能超过 5 MB' }],
    })
    // Sent in chunks with no length announced, so the header check cannot refuse it: still 413 naming the file.
    const streamed = await upload(
      me,
      Readable.from([PNG, Buffer.alloc(3 * 1024 * 1024), Buffer.alloc(3 * 1024 * 1024)]),
    )
    expect(streamed.statusCode).toBe(413)
    expect(streamed.json().errors[0].field).toBe('file')
    const empty = await upload(me, Buffer.alloc(0))
    expect(empty.statusCode).toBe(400)
    expect(empty.json().errors[0].field).toBe('file')
    const json = await call(env, me, 'POST', '/api/v1/portal/uploads', { photo: 'x' })
    expect(json.statusCode).toBe(415)
    expect(json.json().errors[0].field).toBe('file')
    // A Content-Type no parser takes is refused as not a picture, not with the JSON routes' advice.
    const gif = await upload(me, 'GIF89a\x01\x00\x01\x00', 'image/gif', undefined, {
      'accept-language': 'en',
    })
    expect(gif.statusCode).toBe(415)
    expect(gif.json()).toMatchObject({
      code: 'FILE_TYPE_UNSUPPORTED',
      errors: [{ field: 'file', message: 'Upload a JPG, PNG or WebP picture' }],
    })
    const asXml = await upload(admin, PNG, 'application/xml', '/api/v1/uploads')
    expect(asXml.json()).toMatchObject({ code: 'FILE_TYPE_UNSUPPORTED' })
    const textToJsonRoute = await upload(
      me,
      '<complaint/>',
      'application/xml',
      `/api/v1/portal/orders/${fx.order}/complaints`,
    )
    expect(textToJsonRoute.statusCode).toBe(415)
    expect(textToJsonRoute.json().code).toBe('UNSUPPORTED_MEDIA_TYPE')
    // A container with no picture in it (12 bytes of RIFF/WEBP) is damaged, not stored.
    const hollow = Buffer.from('RIFF\x04\x00\x00\x00WEBP', 'latin1')
    const noPicture = await upload(me, hollow, 'image/webp')
    expect(noPicture.statusCode).toBe(400)
    expect(noPicture.json()).toMatchObject({ code: 'FILE_DAMAGED', errors: [{ field: 'file' }] })

    expect(await auditCount(env, t.tenantId)).toBe(before.audit)
    expect(await countFiles()).toBe(before.files)
    expect(storedBlobs()).toHaveLength(before.blobs)
  })

  it('should attach my photos to my complaint and show them to staff who may read it', async () => {
    const file = await uploaded(me)
    const filed = await call(env, me, 'POST', `/api/v1/portal/orders/${fx.order}/complaints`, {
      category: 'quality',
      description: '厨房没有打扫干净',
      photos: [file.id],
    })
    expect(filed.statusCode, filed.body).toBe(201)
    expect(filed.json().photos).toEqual([`/api/v1/portal/files/${file.id}`])

    const seen = (await call(env, admin, 'GET', `/api/v1/complaints/${filed.json().id}`)).json()
    expect(seen.photos).toEqual([`/api/v1/files/${file.id}`])
    const image = await call(env, admin, 'GET', seen.photos[0])
    expect(image.statusCode).toBe(200)
    expect(image.rawPayload.equals(PNG)).toBe(true)

    await createStaff(env, admin, { login: `nobody-${t.slug}`, roleIds: [] })
    const outsiderSession = await login(env, `nobody-${t.slug}`)
    expect((await call(env, outsiderSession, 'GET', seen.photos[0])).statusCode).toBe(404)
    expect((await call(env, other, 'GET', `/api/v1/portal/files/${file.id}`)).statusCode).toBe(404)
    // Closed, so that the order may take another complaint (one at a time) in the tests below.
    await close(filed.json().id)
  })

  /** Closes a complaint as one ends: answered, explained, confirmed by the customer. */
  async function close(id: string) {
    for (const body of [
      { event: 'respond' },
      { event: 'resolve', resolution: { kind: 'explanation', note: '已向客户说明' } },
    ])
      expect(
        (await call(env, admin, 'POST', `/api/v1/complaints/${id}/events`, body)).statusCode,
      ).toBe(200)
    const confirmed = await call(env, me, 'POST', `/api/v1/portal/complaints/${id}/confirm`)
    expect(confirmed.json().status).toBe('closed')
  }

  it("should refuse a complaint or review with a photo that is not the customer's, writing nothing", async () => {
    const theirs = await uploaded(other)
    const mine = await uploaded(me)
    const [used] = (await call(env, me, 'GET', '/api/v1/portal/complaints')).json<{
      items: Array<{ photos: string[] }>
    }>().items[0]!.photos
    const before = { audit: await auditCount(env, t.tenantId), complaints: await complaintCount() }
    for (const [photos, bad] of [
      [[theirs.id], 0],
      [[mine.id, used!.split('/').pop()!], 1],
      [[mine.id, '01900000-0000-7000-8000-000000000000'], 1],
      [[mine.id, mine.id], 1],
    ] as const) {
      const res = await call(env, me, 'POST', `/api/v1/portal/orders/${fx.order}/complaints`, {
        category: 'quality',
        description: '厨房没有打扫干净',
        photos,
      })
      expect(res.statusCode, JSON.stringify(photos)).toBe(400)
      expect(res.json()).toMatchObject({
        code: 'PHOTO_UNAVAILABLE',
        errors: [{ field: `body.photos.${bad}` }],
      })
    }
    const review = await call(env, me, 'POST', `/api/v1/portal/orders/${fx.order}/review`, {
      overall: 4,
      punctuality: 4,
      quality: 4,
      attitude: 5,
      photos: [mine.id, theirs.id],
    })
    expect(review.statusCode).toBe(400)
    expect(review.json().errors[0].field).toBe('body.photos.1')
    expect(await auditCount(env, t.tenantId)).toBe(before.audit)
    expect(await complaintCount()).toBe(before.complaints)
    expect((await call(env, admin, 'GET', `/api/v1/orders/${fx.order}`)).json().status).toBe(
      'completed',
    )

    // The refused photo is still mine to use.
    const ok = await call(env, me, 'POST', `/api/v1/portal/orders/${fx.order}/review`, {
      overall: 4,
      punctuality: 4,
      quality: 4,
      attitude: 5,
      photos: [mine.id],
    })
    expect(ok.statusCode, ok.body).toBe(201)
    expect(ok.json().photos).toEqual([`/api/v1/portal/files/${mine.id}`])
    const listed = (await call(env, admin, 'GET', '/api/v1/reviews')).json().items[0]
    expect(listed.photos).toEqual([`/api/v1/files/${mine.id}`])
    expect((await call(env, admin, 'GET', listed.photos[0])).statusCode).toBe(200)
  })

  it('should let an agent attach a photo to a complaint they record, which the customer then sees', async () => {
    const file = await uploaded(admin, '/api/v1/uploads')
    expect(file.url).toBe(`/api/v1/files/${file.id}`)
    const recorded = await call(env, admin, 'POST', '/api/v1/complaints', {
      orderId: fx.order,
      category: 'attitude',
      description: '电话投诉：师傅态度不好',
      photos: [file.id],
    })
    expect(recorded.statusCode, recorded.body).toBe(201)
    const forCustomer = (
      await call(env, me, 'GET', `/api/v1/portal/complaints/${recorded.json().id}`)
    ).json()
    expect(forCustomer.photos).toEqual([`/api/v1/portal/files/${file.id}`])
    expect((await call(env, me, 'GET', forCustomer.photos[0])).statusCode).toBe(200)
    expect((await call(env, other, 'GET', forCustomer.photos[0])).statusCode).toBe(404)
  })

  it('should still show photo links stored before uploads existed', async () => {
    const id = (await call(env, me, 'GET', '/api/v1/portal/complaints')).json().items[0].id
    await env.core.database.tenant(t.tenantId, (tx) =>
      tx
        .update(complaint)
        .set({ photos: ['https://img.example.com/kitchen.jpg'] })
        .where(eq(complaint.id, id)),
    )
    expect((await call(env, admin, 'GET', `/api/v1/complaints/${id}`)).json().photos).toEqual([
      'https://img.example.com/kitchen.jpg',
    ])
  })
})
