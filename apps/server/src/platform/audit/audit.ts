import crypto from 'node:crypto'
import canonicalize from 'canonicalize'
import { and, asc, desc, eq, gt, gte, lt, lte, sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database, Executor } from '../db/database.ts'
import { beforeCommit } from '../db/database.ts'
import { newId } from '../ids.ts'
import { auditHead, auditLog } from './audit.tables.ts'

export interface AuditActor {
  tenantId: string
  actorType: 'user' | 'api_token' | 'system' | 'customer'
  actorId: string | null
  actorName: string | null
  requestId: string | null
  ip: string | null
}

export interface AuditEvent {
  action: string
  entityType: string
  entityId?: string | null
  diff?: Record<string, unknown> | null
}

const GENESIS = '0'.repeat(64)

/** Starts a tenant's chain; called once when the tenant is created. */
export async function startAuditChain(tx: Executor, tenantId: string): Promise<void> {
  await tx.insert(auditHead).values({ tenantId, seq: 0, hash: GENESIS }).onConflictDoNothing()
}

type ChainedFields = Omit<typeof auditLog.$inferSelect, 'hash'>

function hashEntry(e: ChainedFields): string {
  const body = canonicalize({
    tenantId: e.tenantId,
    seq: e.seq,
    id: e.id,
    at: e.at.toISOString(),
    actorType: e.actorType,
    actorId: e.actorId,
    actorName: e.actorName,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    diff: e.diff,
    requestId: e.requestId,
    ip: e.ip,
  })
  return crypto.createHash('sha256').update(`${e.prevHash}\n${body}`).digest('hex')
}

interface Pending {
  who: AuditActor
  event: AuditEvent
  at: Date
}

const pendingOf = new WeakMap<Executor, Pending[]>()

/**
 * Appends an entry in the caller's transaction, so it exists exactly when the change does. The head row's
 * lock orders appends within a tenant and the chain's hash makes later tampering visible. Every audited write
 * of a tenant waits on that lock until the holder commits, so the entries of a transaction are written at its
 * end, just before commit, in one go (`beforeCommit`); outside such a transaction, at once.
 */
export async function appendAudit(
  tx: Executor,
  who: AuditActor,
  event: AuditEvent,
  at: Date,
): Promise<void> {
  const queued = pendingOf.get(tx)
  if (queued) {
    queued.push({ who, event, at })
    return
  }
  const pending = [{ who, event, at }]
  if (beforeCommit(tx, () => appendNow(tx, pending))) pendingOf.set(tx, pending)
  else await appendNow(tx, pending)
}

async function appendNow(tx: Executor, pending: readonly Pending[]): Promise<void> {
  for (const tenantId of new Set(pending.map((p) => p.who.tenantId))) {
    const [head] = await tx
      .select()
      .from(auditHead)
      .where(eq(auditHead.tenantId, tenantId))
      .for('update')
    if (!head) throw new Error(`audit chain of tenant ${tenantId} was never started`)
    let { seq, hash } = head
    const rows = pending
      .filter((p) => p.who.tenantId === tenantId)
      .map(({ who, event, at }) => {
        const entry: ChainedFields = {
          tenantId,
          seq: ++seq,
          id: newId(),
          at,
          actorType: who.actorType,
          actorId: who.actorId,
          actorName: who.actorName,
          action: event.action,
          entityType: event.entityType,
          entityId: event.entityId ?? null,
          diff: event.diff ?? null,
          requestId: who.requestId,
          ip: who.ip,
          prevHash: hash,
        }
        hash = hashEntry(entry)
        return { ...entry, hash }
      })
    // One statement for both: the head stays locked until commit, so every round trip here is waited for by
    // every other audited write of the tenant.
    const insert = tx.insert(auditLog).values(rows).getSQL()
    const moveHead = tx.update(auditHead).set({ seq, hash }).where(eq(auditHead.tenantId, tenantId))
    await tx.execute(sql`with appended as (${insert}) ${moveHead.getSQL()}`)
  }
}

export interface ChainReport {
  tenantId: string
  entries: number
  ok: boolean
  firstBad?: { seq: number; reason: string }
}

/** Recomputes a tenant's chain from the start; names the first entry that does not fit. */
export async function verifyAuditChain(database: Database, tenantId: string): Promise<ChainReport> {
  let expectedSeq = 1
  let prevHash = GENESIS
  const bad = (seq: number, reason: string): ChainReport => ({
    tenantId,
    entries: expectedSeq - 1,
    ok: false,
    firstBad: { seq, reason },
  })
  for (;;) {
    const rows = await database.tenant(tenantId, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(gt(auditLog.seq, expectedSeq - 1))
        .orderBy(asc(auditLog.seq))
        .limit(1000),
    )
    for (const row of rows) {
      if (row.seq !== expectedSeq)
        return bad(expectedSeq, `entry ${expectedSeq} is missing (next is ${row.seq})`)
      if (row.prevHash !== prevHash)
        return bad(row.seq, 'does not follow the entry before it (deleted or reordered)')
      if (hashEntry(row) !== row.hash) return bad(row.seq, 'content was altered')
      prevHash = row.hash
      expectedSeq++
    }
    if (rows.length < 1000) break
  }
  const [head] = await database.tenant(tenantId, (tx) =>
    tx.select().from(auditHead).where(eq(auditHead.tenantId, tenantId)),
  )
  if (head && (head.seq !== expectedSeq - 1 || head.hash !== prevHash)) {
    return bad(
      expectedSeq,
      `the chain ends at ${expectedSeq - 1} but ${head.seq} entries were written (entries removed from the end)`,
    )
  }
  return { tenantId, entries: expectedSeq - 1, ok: true }
}

export interface AuditFilter {
  from?: string | undefined
  to?: string | undefined
  actorId?: string | undefined
  action?: string | undefined
  entityType?: string | undefined
  entityId?: string | undefined
  /** Entries before this sequence number (the cursor). */
  beforeSeq?: number | undefined
  limit: number
}

/** Newest first. `action` matches a prefix (`user.` finds every user action). */
export async function searchAudit(tx: Executor, f: AuditFilter) {
  const where: SQL[] = []
  if (f.from) where.push(gte(auditLog.at, new Date(f.from)))
  if (f.to) where.push(lte(auditLog.at, new Date(f.to)))
  if (f.actorId) where.push(eq(auditLog.actorId, f.actorId))
  if (f.action) where.push(sql`${auditLog.action} like ${escapeLike(f.action) + '%'}`)
  if (f.entityType) where.push(eq(auditLog.entityType, f.entityType))
  if (f.entityId) where.push(eq(auditLog.entityId, f.entityId))
  if (f.beforeSeq !== undefined) where.push(lt(auditLog.seq, f.beforeSeq))
  return tx
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.seq))
    .limit(f.limit)
}

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)
