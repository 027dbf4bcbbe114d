import crypto from 'node:crypto'
import { and, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm'
import type { Logger } from 'pino'
import type { ImageType } from '@doorstep/contracts'
import { requirePermission } from '../../platform/auth/actor.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { appendAudit } from '../../platform/audit/audit.ts'
import { auditActorOf } from '../../platform/audit/context.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Keyring } from '../../platform/crypto/keyring.ts'
import type { Database, Executor } from '../../platform/db/database.ts'
import { holdUntilCommit } from '../../platform/db/database.ts'
import { systemContext } from '../../platform/auth/system-context.ts'
import { allTenantIds } from '../tenancy/index.ts'
import { CommonError } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import { UUID_PATTERN, newId } from '../../platform/ids.ts'
import type { FileStore } from './file-store.ts'
import { aadOf, openBytes, sealBytes } from './file-seal.ts'
import { FilesError } from './files.errors.ts'
import { file } from './files.tables.ts'
import { DamagedImageError, stripMetadata } from './image-metadata.ts'
import { imageTypeOf } from './image-type.ts'

type FileRow = typeof file.$inferSelect

/** Whether this caller may see the record a photo is attached to (the module owning it answers). */
export type PhotoReader = (tx: Executor, ctx: RequestContext, recordId: string) => Promise<boolean>

/** What a photo is attached to, and whose record that is. */
export interface PhotoTarget {
  type: string
  id: string
  customerId: string
}

const fileField = (code: string) => [{ field: 'file', code }]

/** Refuses what is not a JPEG, PNG or WebP, by its bytes or by the Content-Type it came with. */
export const notAPicture = () =>
  new FilesError('FILE_TYPE_UNSUPPORTED', {}, fileField('unsupported_type'))

/**
 * Uploads one person may have waiting for a review or complaint at once. A form takes six; thirty leaves room
 * for retries, a second form and photos removed before sending, and keeps one account from filling the disk
 * with files nothing will ever show (the throttle limits the pace, this the total).
 */
export const PENDING_UPLOADS_MAX = 30
/** Expired uploads deleted per transaction by the sweep. */
const SWEEP_BATCH = 200
/** Old photos cleaned per transaction (each is read, rewritten and stored). */
const STRIP_BATCH = 20

/** The link a caller reads an uploaded file at: customers through the portal, staff through the console API. */
export const fileUrl = (actor: Actor, id: string) =>
  actor.type === 'customer' ? `/api/v1/portal/files/${id}` : `/api/v1/files/${id}`

export function createFilesService({
  database,
  keyring,
  clock,
  store,
  maxBytes,
  retentionMs,
  log,
}: {
  database: Database
  keyring: Keyring
  clock: Clock
  store: FileStore
  maxBytes: number
  /** How long an upload no record took is kept (DOORSTEP_UPLOAD_RETENTION_HOURS). */
  retentionMs: number
  log: Pick<Logger, 'info' | 'warn'>
}) {
  const readers = new Map<string, PhotoReader>()
  const cellOf = (row: Pick<FileRow, 'tenantId' | 'id'>) => ({
    tenantId: row.tenantId,
    table: 'file',
    column: 'key_enc',
    rowId: row.id,
  })
  const keyOf = (row: Pick<FileRow, 'tenantId' | 'id'>) => `${row.tenantId}/${row.id}`
  const dataKeyOf = (row: FileRow) =>
    Buffer.from(keyring.decrypt(row.keyEnc, cellOf(row)), 'base64')

  /** The uploader's files still waiting for a record; expired ones no longer count, swept or not. */
  async function pendingOf(tx: Executor, row: Pick<FileRow, 'ownerCustomerId' | 'ownerUserId'>) {
    const [counted] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(file)
      .where(
        and(
          isNull(file.attachedType),
          gt(file.createdAt, new Date(clock.now().getTime() - retentionMs)),
          row.ownerCustomerId
            ? eq(file.ownerCustomerId, row.ownerCustomerId)
            : eq(file.ownerUserId, row.ownerUserId!),
        ),
      )
    return counted?.n ?? 0
  }

  const tooManyPending = () =>
    new FilesError('TOO_MANY_PENDING_UPLOADS', { max: PENDING_UPLOADS_MAX }, fileField('too_many'))

  async function mayRead(tx: Executor, ctx: RequestContext, row: FileRow) {
    const { actor } = ctx
    if (actor.type === 'customer' && row.ownerCustomerId === actor.customerId) return true
    if (actor.type !== 'customer' && actor.userId && row.ownerUserId === actor.userId) return true
    const reader = row.attachedType ? readers.get(row.attachedType) : undefined
    return !!reader && !!row.attachedId && (await reader(tx, ctx, row.attachedId))
  }

  return {
    maxBytes,

    /** A module whose records carry photos says who may see them; the files module knows no records. */
    registerReader(type: string, reader: PhotoReader) {
      readers.set(type, reader)
    },

    /** Stored photos as links for this caller: file ids become its files URL, older links stay as typed. */
    links(actor: Actor, stored: readonly string[]): string[] {
      return stored.map((p) => (UUID_PATTERN.test(p) ? fileUrl(actor, p) : p))
    },

    /**
     * Takes a photo from a customer (for their review or complaint) or an agent (for a complaint they
     * record): checked by its bytes, stripped of its metadata, encrypted under a key of its own, stored, then
     * recorded and audited.
     */
    async upload(ctx: RequestContext, body: unknown) {
      requirePermission(ctx.actor, 'complaints:manage')
      if (!Buffer.isBuffer(body)) {
        throw notAPicture()
      }
      if (body.length === 0) throw new FilesError('FILE_EMPTY', {}, fileField('empty'))
      if (body.length > maxBytes) throw tooLarge(maxBytes)
      const contentType = imageTypeOf(body)
      if (!contentType) {
        throw notAPicture()
      }
      // Where, when and with what it was taken (EXIF GPS above all) never reaches the store (ADR 0016).
      let bytes: Buffer
      try {
        bytes = stripMetadata(body, contentType)
      } catch (error) {
        if (error instanceof DamagedImageError) {
          throw new FilesError('FILE_DAMAGED', {}, fileField('damaged'))
        }
        throw error
      }
      const at = clock.now()
      const dataKey = crypto.randomBytes(32)
      const row: FileRow = {
        tenantId: ctx.actor.tenantId,
        id: newId(),
        ownerCustomerId: ctx.actor.type === 'customer' ? (ctx.actor.customerId ?? null) : null,
        ownerUserId: ctx.actor.type === 'customer' ? null : ctx.actor.userId,
        contentType,
        size: bytes.length,
        sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
        keyEnc: '',
        attachedType: null,
        attachedId: null,
        metadataStripped: true,
        createdAt: at,
      }
      // Checked before writing to disk, and again under the uploader's lock with the insert.
      const pending = await database.tenant(row.tenantId, (tx) => pendingOf(tx, row))
      if (pending >= PENDING_UPLOADS_MAX) throw tooManyPending()
      row.keyEnc = keyring.encrypt(dataKey.toString('base64'), cellOf(row))
      await store.put(keyOf(row), sealBytes(dataKey, bytes, aadOf(row.tenantId, row.id)))
      try {
        await database.tenant(row.tenantId, async (tx) => {
          await holdUntilCommit(tx, `file.pending:${row.ownerCustomerId ?? row.ownerUserId}`)
          if ((await pendingOf(tx, row)) >= PENDING_UPLOADS_MAX) throw tooManyPending()
          await tx.insert(file).values(row)
          await appendAudit(
            tx,
            auditActorOf(ctx),
            {
              action: 'file.uploaded',
              entityType: 'file',
              entityId: row.id,
              diff: {
                contentType: { from: null, to: contentType },
                size: { from: null, to: row.size },
              },
            },
            at,
          )
        })
      } catch (error) {
        await store.delete(keyOf(row))
        throw error
      }
      return {
        id: row.id,
        url: fileUrl(ctx.actor, row.id),
        contentType,
        size: row.size,
        createdAt: at.toISOString(),
      }
    },

    /**
     * The decrypted image, for its owner or whoever may read its review or complaint; 404 for anyone else.
     * Its ETag is the hash of its bytes, which never change: when `known(etag)` says the caller holds them
     * already, nothing is read or decrypted and `bytes` is null (the route answers 304).
     */
    async read(
      ctx: RequestContext,
      id: string,
      known: (etag: string) => boolean = () => false,
    ): Promise<{ contentType: ImageType; etag: string; bytes: Buffer | null }> {
      const row = await database.tenant(ctx.actor.tenantId, async (tx) => {
        const [found] = await tx.select().from(file).where(eq(file.id, id))
        return found && (await mayRead(tx, ctx, found)) ? found : null
      })
      if (!row) throw new CommonError('NOT_FOUND', { entity: 'file' })
      const etag = `"${row.sha256}"`
      if (known(etag)) return { contentType: row.contentType, etag, bytes: null }
      const sealed = await store.get(keyOf(row))
      if (!sealed) throw new CommonError('NOT_FOUND', { entity: 'file' })
      const bytes = openBytes(dataKeyOf(row), sealed, aadOf(row.tenantId, row.id))
      if (row.metadataStripped) return { contentType: row.contentType, etag, bytes }
      // Stored before uploads were cleaned, and not yet rewritten by `stripOldPhotos`: cleaned on the way out.
      // One that cannot be cleaned is withheld rather than shown with its metadata.
      try {
        return { contentType: row.contentType, etag, bytes: stripMetadata(bytes, row.contentType) }
      } catch (error) {
        if (!(error instanceof DamagedImageError)) throw error
        log.warn({ fileId: row.id }, 'an old photo could not be cleaned of its metadata: withheld')
        throw new CommonError('NOT_FOUND', { entity: 'file' })
      }
    },

    /**
     * Rewrites the photos stored before uploads were stripped of their metadata (an installation upgraded from
     * then), in every tenant: each is read, cleaned, sealed again under its own key and stored in place, and its
     * row records the new size and hash (audited). A photo that cannot be cleaned stays as it is — `read`
     * withholds it — and is counted. Safe to run again and beside readers: the bytes are replaced whole, and a
     * run stopped between the store and the commit finds the photo clean and only records it. Returns the counts.
     * An aborted `signal` (the process stopping) ends it between two batches.
     */
    async stripOldPhotos(signal?: AbortSignal): Promise<{ cleaned: number; unreadable: number }> {
      const tenants = await allTenantIds(database)
      let cleaned = 0
      let unreadable = 0
      for (const tenantId of tenants) {
        const ctx = systemContext(tenantId, 'files')
        // Past the photos this run could not clean, so they are not taken again and again.
        let after: { createdAt: Date; id: string } | undefined
        while (!signal?.aborted) {
          const batch = await database.tenant(tenantId, async (tx) => {
            const due = await tx
              .select()
              .from(file)
              .where(
                and(
                  // Written as the partial index's own predicate, so a prepared plan can use it.
                  sql`not ${file.metadataStripped}`,
                  after
                    ? sql`(${file.createdAt}, ${file.id}) > (${after.createdAt}, ${after.id})`
                    : undefined,
                ),
              )
              .orderBy(file.createdAt, file.id)
              .limit(STRIP_BATCH)
              .for('update', { skipLocked: true })
            const at = clock.now()
            const done = { due, cleaned: 0, unreadable: 0 }
            for (const row of due) {
              let clean: Buffer
              try {
                const sealed = await store.get(keyOf(row))
                if (!sealed) throw new Error('no stored bytes')
                const dataKey = dataKeyOf(row)
                const bytes = openBytes(dataKey, sealed, aadOf(row.tenantId, row.id))
                clean = stripMetadata(bytes, row.contentType)
                if (!clean.equals(bytes))
                  await store.put(
                    keyOf(row),
                    sealBytes(dataKey, clean, aadOf(row.tenantId, row.id)),
                  )
              } catch (error) {
                // Damaged, unreadable or missing: this photo waits (withheld by `read`), the others go on.
                log.warn(
                  { err: error, fileId: row.id },
                  'an old photo could not be cleaned of its metadata',
                )
                done.unreadable++
                continue
              }
              const sha256 = crypto.createHash('sha256').update(clean).digest('hex')
              await tx
                .update(file)
                .set({ metadataStripped: true, size: clean.length, sha256 })
                .where(eq(file.id, row.id))
              await appendAudit(
                tx,
                auditActorOf(ctx),
                {
                  action: 'file.metadata_removed',
                  entityType: 'file',
                  entityId: row.id,
                  diff: { size: { from: row.size, to: clean.length } },
                },
                at,
              )
              done.cleaned++
            }
            return done
          })
          // Counted once the batch committed (a transaction run again counts again otherwise).
          cleaned += batch.cleaned
          unreadable += batch.unreadable
          const last = batch.due.at(-1)
          if (!last || batch.due.length < STRIP_BATCH) break
          after = { createdAt: last.createdAt, id: last.id }
        }
      }
      if (cleaned || unreadable) log.info({ cleaned, unreadable }, 'old photos cleaned of metadata')
      return { cleaned, unreadable }
    },

    /**
     * Deletes the uploads no review or complaint took within the retention period, in every tenant: the row
     * (audited) and then its stored bytes. An upload being attached meanwhile is locked and skipped; one the
     * sweep took first is gone, and attaching it fails as any unusable photo does. Returns how many went. An
     * aborted `signal` (the process stopping) ends it between two batches.
     */
    async sweepUnattached(signal?: AbortSignal): Promise<number> {
      const cutoff = new Date(clock.now().getTime() - retentionMs)
      const tenants = await allTenantIds(database)
      let deleted = 0
      for (const tenantId of tenants) {
        const ctx = systemContext(tenantId, 'files')
        while (!signal?.aborted) {
          const gone = await database.tenant(tenantId, async (tx) => {
            const due = await tx
              .select({ id: file.id, size: file.size, contentType: file.contentType })
              .from(file)
              .where(and(isNull(file.attachedType), lt(file.createdAt, cutoff)))
              .orderBy(file.createdAt)
              .limit(SWEEP_BATCH)
              .for('update', { skipLocked: true })
            if (!due.length) return []
            await tx.delete(file).where(
              inArray(
                file.id,
                due.map((d) => d.id),
              ),
            )
            const at = clock.now()
            for (const d of due) {
              await appendAudit(
                tx,
                auditActorOf(ctx),
                {
                  action: 'file.expired',
                  entityType: 'file',
                  entityId: d.id,
                  diff: {
                    contentType: { from: d.contentType, to: null },
                    size: { from: d.size, to: null },
                  },
                },
                at,
              )
            }
            return due
          })
          // After the commit: a crash in between leaves bytes whose key went with the row, unreadable.
          for (const d of gone) {
            await store.delete(keyOf({ tenantId, id: d.id })).catch((error: unknown) => {
              log.warn({ err: error, fileId: d.id }, 'expired upload: its stored bytes stay')
            })
          }
          deleted += gone.length
          if (gone.length < SWEEP_BATCH) break
        }
      }
      if (deleted) log.info({ deleted }, 'expired uploads deleted')
      return deleted
    },

    /**
     * Attaches uploaded files to a review or complaint, inside its transaction: each must exist, be unused,
     * and belong to the record's customer or to the agent recording it. Blames `body.photos.<i>` otherwise.
     */
    async attach(tx: Executor, ctx: RequestContext, ids: readonly string[], target: PhotoTarget) {
      if (!ids.length) return
      const rows = await tx
        .select()
        .from(file)
        .where(inArray(file.id, [...ids]))
        .for('update')
      const byId = new Map(rows.map((r) => [r.id, r]))
      const bad = ids.flatMap((id, i) => {
        const row = byId.get(id)
        const usable =
          row &&
          !row.attachedType &&
          ids.indexOf(id) === i &&
          (row.ownerCustomerId === target.customerId ||
            (ctx.actor.type !== 'customer' &&
              !!ctx.actor.userId &&
              row.ownerUserId === ctx.actor.userId))
        return usable ? [] : [{ field: `body.photos.${i}`, code: 'photo_unavailable' }]
      })
      if (bad.length) throw new FilesError('PHOTO_UNAVAILABLE', {}, bad)
      await tx
        .update(file)
        .set({ attachedType: target.type, attachedId: target.id })
        .where(inArray(file.id, [...ids]))
    },
  }
}

export const incomplete = () => new FilesError('FILE_INCOMPLETE', {}, fileField('incomplete'))

export function tooLarge(maxBytes: number) {
  return new FilesError(
    'FILE_TOO_LARGE',
    { maxMb: Math.round((maxBytes / 1024 / 1024) * 10) / 10 },
    fileField('too_large'),
  )
}

export type FilesService = ReturnType<typeof createFilesService>
