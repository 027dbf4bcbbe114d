import { sql } from 'drizzle-orm'
import type { Logger } from 'pino'
import { appendAudit } from '../audit/audit.ts'
import type { Clock } from '../clock.ts'
import type { Database, Executor } from '../db/database.ts'
import { queryRows } from '../db/database.ts'

/**
 * Rows that only serve for a while after they are written: an Idempotency-Key's stored answer (a client
 * retrying within `idempotencyKeyMs` gets it again) and an outbox event once published (its notices and
 * timeline entries are the lasting record; the event is kept `publishedEventMs` for looking into a delivery).
 * Kept forever they grow with every write (~2 KB a booking) and crowd the working set out of the cache.
 */
export interface Retention {
  idempotencyKeyMs: number
  publishedEventMs: number
}

export interface Pruned {
  idempotencyKeys: number
  publishedEvents: number
}

/** Rows deleted per transaction: short transactions, so bookings never queue behind a long delete. */
export const PRUNE_BATCH = 5000

// By ctid: one pass over the rows found, whichever index found them (created_at's BRIN index, or the
// outbox's (tenant, published_at) index); row-level security keeps both to the transaction's tenant.
const expiredKeys = (before: Date) => sql`
  with gone as (
    delete from idempotency_key where ctid = any(array(
      select ctid from idempotency_key where created_at < ${before} limit ${PRUNE_BATCH}))
    returning 1)
  select count(*)::int as n from gone`
const publishedEvents = (before: Date) => sql`
  with gone as (
    delete from outbox_event where ctid = any(array(
      select ctid from outbox_event where published_at < ${before} limit ${PRUNE_BATCH}))
    returning 1)
  select count(*)::int as n from gone`

async function deleteAll(
  database: Database,
  tenantId: string,
  batch: (tx: Executor) => Promise<number>,
): Promise<number> {
  let deleted = 0
  for (;;) {
    const n = await database.tenant(tenantId, batch)
    deleted += n
    if (n < PRUNE_BATCH) return deleted
  }
}

const count = async (tx: Executor, query: ReturnType<typeof sql>) =>
  (await queryRows<{ n: number }>(tx, query))[0]!.n

/**
 * Deletes each tenant's expired idempotency keys and old published events, a batch per transaction. A tenant
 * that lost some gets one audit entry with the counts (the rows themselves were never business data).
 */
export async function pruneSpent(
  database: Database,
  tenantIds: readonly string[],
  retention: Retention,
  clock: Clock,
  log: Pick<Logger, 'info'>,
): Promise<Pruned> {
  const total: Pruned = { idempotencyKeys: 0, publishedEvents: 0 }
  for (const tenantId of tenantIds) {
    const now = clock.now()
    const keysBefore = new Date(now.getTime() - retention.idempotencyKeyMs)
    const eventsBefore = new Date(now.getTime() - retention.publishedEventMs)
    const pruned: Pruned = {
      idempotencyKeys: await deleteAll(database, tenantId, (tx) =>
        count(tx, expiredKeys(keysBefore)),
      ),
      publishedEvents: await deleteAll(database, tenantId, (tx) =>
        count(tx, publishedEvents(eventsBefore)),
      ),
    }
    if (pruned.idempotencyKeys || pruned.publishedEvents) {
      await database.tenant(tenantId, (tx) =>
        appendAudit(
          tx,
          {
            tenantId,
            actorType: 'system',
            actorId: null,
            actorName: 'retention',
            requestId: null,
            ip: null,
          },
          {
            action: 'retention.pruned',
            entityType: 'tenant',
            entityId: tenantId,
            diff: {
              ...pruned,
              idempotencyKeysBefore: keysBefore.toISOString(),
              publishedEventsBefore: eventsBefore.toISOString(),
            },
          },
          clock.now(),
        ),
      )
    }
    total.idempotencyKeys += pruned.idempotencyKeys
    total.publishedEvents += pruned.publishedEvents
  }
  if (total.idempotencyKeys || total.publishedEvents)
    log.info(total, 'expired idempotency keys and old published events deleted')
  return total
}
