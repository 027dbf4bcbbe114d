import crypto from 'node:crypto'
import canonicalize from 'canonicalize'
import { and, asc, desc, eq, getTableColumns, gt, gte, lt, lte, sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Database, Executor } from '../db/database.ts'
import { afterCommit, atCommit, beforeCommit, inSendOrder, sentTogether } from '../db/database.ts'
import { newId } from '../ids.ts'
import type { Slots } from '../db/prebuilt.ts'
import { prebuiltSelect, prebuiltStatement, rowsInsert } from '../db/prebuilt.ts'
import { coalescedBy } from '../coalesce.ts'
import { auditHead, auditLog, auditPending } from './audit.tables.ts'

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
  id: string
  who: AuditActor
  event: AuditEvent
  at: Date
}

const pendingOf = new WeakMap<Executor, Pending[]>()

/**
 * Records an entry in the caller's transaction, so it exists exactly when the change does. It is written to
 * `audit_pending` just before commit (one insert for the transaction's entries, no lock) and chained into
 * `audit_log` in the background moments after the commit (`chainSoon`): the use case does not wait for it, and
 * readers of the log chain what waits first (`chainPending`). The chain's head row is locked only by the
 * chaining, which takes every entry the process committed meanwhile at once (ADR 0005). Outside a transaction
 * this module can follow (no commit hooks), the entry is chained at once, in the caller's transaction.
 */
export async function appendAudit(
  tx: Executor,
  who: AuditActor,
  event: AuditEvent,
  at: Date,
): Promise<void> {
  const entry = { id: newId(), who, event, at }
  const queued = pendingOf.get(tx)
  if (queued) {
    queued.push(entry)
    return
  }
  const pending = [entry]
  if (beforeCommit(tx, () => writePending(tx, pending))) {
    pendingOf.set(tx, pending)
    // (A transaction without after-commit hooks leaves its entries to the periodic pass, `chainLeftovers`.)
    afterCommit(
      tx,
      async (database) => {
        const tenants = new Set(pending.map((p) => p.who.tenantId))
        await Promise.all(
          [...tenants].map((tenantId) =>
            chainSoon(
              database,
              tenantId,
              pending.filter((p) => p.who.tenantId === tenantId).map((p) => p.id),
            ),
          ),
        )
      },
      { wait: false },
    )
    return
  }
  await chainNow(tx, pending)
}

const entryOf = ({ id, who, event, at }: Pending) => ({
  tenantId: who.tenantId,
  id,
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
})

const insertPending = rowsInsert(auditPending)

async function writePending(tx: Executor, pending: readonly Pending[]): Promise<void> {
  await atCommit(tx, insertPending(tx, pending.map(entryOf)))
}

type Entry = Omit<ChainedFields, 'seq' | 'prevHash'>

// Every audited write's chaining runs these: built once.
const headForUpdate = prebuiltSelect((tx, slot: Slots<{ tenantId: string }>) =>
  tx.select().from(auditHead).where(eq(auditHead.tenantId, slot.tenantId)).for('update'),
)
const takePending = prebuiltSelect(
  (tx, slot: Slots<{ tenantId: string; ids: readonly string[] }>) =>
    tx
      .delete(auditPending)
      .where(
        and(
          eq(auditPending.tenantId, slot.tenantId),
          sql`${auditPending.id} = any(${slot.ids}::uuid[])`,
        ),
      )
      .returning(),
)

/**
 * The tenant's chain head, locked until `tx` ends: chainings of a tenant take turns on it. The statement is sent
 * before this returns, so one sent after it runs once the head is held.
 */
function lockHead(tx: Executor, tenantId: string) {
  return headForUpdate(tx, { tenantId }).then(([head]) => {
    if (!head) throw new Error(`audit chain of tenant ${tenantId} was never started`)
    return head
  })
}

// audit_log's columns by key, for rows sent as JSON under PostgreSQL's own column names.
const LOG_COLUMNS = Object.entries(getTableColumns(auditLog)).map(
  ([key, column]) => [key, column.name] as const,
)

// Named on both sides: a column the schema does not know (added by a later migration) keeps its default.
const LOG_NAMES = sql.join(
  LOG_COLUMNS.map(([, name]) => sql.identifier(name)),
  sql`, `,
)

/**
 * Appends rows to the chain, deletes the entries named by `ids` from `audit_pending` (none when empty) and moves
 * the head, in one statement built once: the rows travel as one JSON parameter, so the text is the same for any
 * number of them and is prepared once per connection (built by Drizzle for each pass, a batch's insert was a
 * twentieth of the booking benchmark's server CPU; bench/README.md, 2026-12-05).
 */
const chainStatement = prebuiltStatement(
  (
    _tx,
    slot: Slots<{ rows: string; tenantId: string; ids: string[]; seq: number; hash: string }>,
  ) =>
    sql`with appended as (insert into ${auditLog} (${LOG_NAMES}) select ${LOG_NAMES} from jsonb_populate_recordset(null::${auditLog}, ${slot.rows}::jsonb)),
      removed as (delete from ${auditPending} where ${auditPending.tenantId} = ${slot.tenantId} and ${auditPending.id} = any(${slot.ids}::uuid[]))
      update ${auditHead} set ${sql.identifier(auditHead.seq.name)} = ${slot.seq}, ${sql.identifier(auditHead.hash.name)} = ${slot.hash}
      where ${auditHead.tenantId} = ${slot.tenantId}`,
)

/**
 * Chains `entries` after the locked `head` and, with `moved`, deletes them from `audit_pending` — in one
 * statement: every other chaining of the tenant waits for the head until commit.
 */
async function chain(
  tx: Executor,
  head: typeof auditHead.$inferSelect,
  entries: readonly Entry[],
  moved: boolean,
) {
  let { seq, hash } = head
  const rows = entries.map((e) => {
    const entry: ChainedFields = { ...e, seq: ++seq, prevHash: hash }
    hash = hashEntry(entry)
    const row: Record<string, unknown> = { ...entry, hash }
    // JSON gives a Date as its ISO text, which PostgreSQL reads back to the same instant.
    return Object.fromEntries(LOG_COLUMNS.map(([key, name]) => [name, row[key] ?? null]))
  })
  await atCommit(
    tx,
    chainStatement(tx, {
      rows: JSON.stringify(rows),
      tenantId: head.tenantId,
      ids: moved ? entries.map((e) => e.id) : [],
      seq,
      hash,
    }),
  )
}

async function chainNow(tx: Executor, pending: readonly Pending[]): Promise<void> {
  for (const tenantId of new Set(pending.map((p) => p.who.tenantId))) {
    const entries = pending.filter((p) => p.who.tenantId === tenantId).map(entryOf)
    await chain(tx, await lockHead(tx, tenantId), entries, false)
  }
}

const CHAIN_BATCH = 500

const byTimeThenId = (a: Entry, b: Entry) =>
  a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * One pass: moves entries waiting in the tenant's `audit_pending` into the chain, oldest first — those named
 * by `ids` (what this process committed; by primary key), or else the oldest batch of all. True if more wait.
 */
async function chainPass(
  database: Database,
  tenantId: string,
  ids?: readonly string[],
): Promise<boolean> {
  return database.tenant(tenantId, async (tx) => {
    // The head is locked first, so two passes never take the same entries: the statement after the lock sees
    // what a pass that held it moved (an id another process's sweep chained is simply no longer there).
    if (ids) {
      // Taken out by key rather than found by a scan: the queue's churn leaves the table full of dead rows
      // between vacuums, and scanning them was half of PostgreSQL's time in a booking (bench/README). Sent
      // behind the lock without waiting for it, in one write (one round trip on a pipelined connection).
      const [head, taken] = await inSendOrder(
        sentTogether(
          tx,
          () => [lockHead(tx, tenantId), takePending(tx, { tenantId, ids })] as const,
        ),
      )
      if (taken.length) await chain(tx, head, taken.sort(byTimeThenId), false)
      return false
    }
    const head = await lockHead(tx, tenantId)
    const entries = await tx
      .select()
      .from(auditPending)
      .where(eq(auditPending.tenantId, tenantId))
      .orderBy(asc(auditPending.at), asc(auditPending.id))
      .limit(CHAIN_BATCH)
    if (entries.length) await chain(tx, head, entries, true)
    return entries.length === CHAIN_BATCH
  })
}

async function runPasses(database: Database, tenantId: string, wanted: Set<string> | 'all') {
  if (wanted === 'all') while (await chainPass(database, tenantId));
  else
    for (let i = 0, all = [...wanted]; i < all.length; i += CHAIN_BATCH)
      await chainPass(database, tenantId, all.slice(i, i + CHAIN_BATCH))
}

type Chainer = (tenantId: string, ids: readonly string[] | undefined) => Promise<void>

/**
 * How long the background chaining gathers a tenant's commits before a pass: a pass is a transaction of its own
 * (lock the head, take the entries, chain them), and under a stream of writes gathering makes it one pass for
 * many of them rather than one for every two (bench/README.md). Short enough that a reader rarely finds
 * anything left to chain.
 */
const CHAIN_GATHER_MS = 20

// Per database: one pass per tenant at a time for each chainer, prompt (`now`) or gathering (`soon`); the ids of
// calls made meanwhile (or 'all') go in the next. A prompt and a gathering pass of one tenant take turns on the
// head lock, and neither chains an entry the other took.
const chainers = new WeakMap<Database, { now: Chainer; soon: Chainer }>()

function chainersOf(database: Database) {
  let kept = chainers.get(database)
  if (!kept) {
    const chainer = (gatherMs: number) =>
      coalescedBy(
        async (tenant: string, batch: Array<readonly string[] | undefined>) => {
          const wanted = batch.some((x) => !x) ? 'all' : new Set(batch.flatMap((x) => x ?? []))
          await runPasses(database, tenant, wanted)
          return batch.map(() => undefined)
        },
        { gatherMs },
      )
    kept = { now: chainer(0), soon: chainer(CHAIN_GATHER_MS) }
    chainers.set(database, kept)
  }
  return kept
}

/**
 * Chains the tenant's entries named by `ids` — or, without them, every entry waiting in the tenant, including
 * any committed before this call; returns when done. Readers of the log call it first.
 */
export function chainPending(
  database: Database,
  tenantId: string,
  ids?: readonly string[],
): Promise<void> {
  return chainersOf(database).now(tenantId, ids)
}

/** Chains the entries `ids` in a pass shared with the tenant's other commits of the next moments. */
function chainSoon(database: Database, tenantId: string, ids: readonly string[]): Promise<void> {
  return chainersOf(database).soon(tenantId, ids)
}

/**
 * Chains what a process left waiting (it stopped between a commit and its chaining), in every tenant: the
 * periodic pass. Entries younger than `minAgeMs` are left to the process that wrote them. An aborted `signal`
 * (the process stopping) ends it between two tenants; the next pass chains the rest. Returns the tenants chained.
 */
export async function chainLeftovers(
  database: Database,
  { minAgeMs = 10_000, signal }: { minAgeMs?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const tenants = await database.system((tx) =>
    tx
      .selectDistinct({ tenantId: auditPending.tenantId })
      .from(auditPending)
      .where(lt(auditPending.at, new Date(Date.now() - minAgeMs))),
  )
  let chained = 0
  for (const { tenantId } of tenants) {
    if (signal?.aborted) break
    await chainPending(database, tenantId)
    chained++
  }
  return chained
}

export interface ChainReport {
  tenantId: string
  entries: number
  ok: boolean
  firstBad?: { seq: number; reason: string }
}

/**
 * Recomputes a tenant's chain from the start; names the first entry that does not fit. Entries still waiting to
 * be chained are chained first, so the report covers every committed change.
 */
export async function verifyAuditChain(database: Database, tenantId: string): Promise<ChainReport> {
  await chainPending(database, tenantId)
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
