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

/** Rows of each kind deleted per transaction: short ones, so bookings never queue behind a long delete. */
export const PRUNE_BATCH = 5000

/**
 * Deletes up to a batch of `table`'s rows whose `column` is before `before`, and counts them. By ctid: one pass
 * over the rows found, whichever index found them (the keys' (tenant, created_at), the outbox's (tenant,
 * published_at)); row-level security keeps both to the transaction's tenant.
 */
const olderThan = (
  table: 'idempotency_key' | 'outbox_event',
  column: 'created_at' | 'published_at',
  before: Date,
) => sql`
  with gone as (
    delete from ${sql.identifier(table)} where ctid = any(array(
      select ctid from ${sql.identifier(table)} where ${sql.identifier(column)} < ${before}
      limit ${PRUNE_BATCH}))
    returning 1)
  select count(*)::int as n from gone`

const count = async (tx: Executor, query: ReturnType<typeof sql>) =>
  (await queryRows<{ n: number }>(tx, query))[0]!.n

const RETENTION_ACTOR = {
  actorType: 'system',
  actorId: null,
  actorName: 'retention',
  requestId: null,
  ip: null,
} as const

/**
 * Deletes each tenant's expired idempotency keys and old published events, up to a batch of each per
 * transaction, until none is left. A transaction that deleted something records it in the same transaction:
 * one `retention.pruned` audit entry with the counts and cut-offs (the rows themselves were never business
 * data). A tenant whose pass fails is logged and left to the next pass; the others go on. An aborted `signal`
 * (the server stopping) ends the pass between two transactions: what is left waits for the next.
 */
export async function pruneSpent(
  database: Database,
  tenantIds: readonly string[],
  retention: Retention,
  clock: Clock,
  log: Pick<Logger, 'info' | 'error'>,
  signal?: AbortSignal,
): Promise<Pruned> {
  const total: Pruned = { idempotencyKeys: 0, publishedEvents: 0 }
  for (const tenantId of tenantIds) {
    const now = clock.now()
    const keysBefore = new Date(now.getTime() - retention.idempotencyKeyMs)
    const eventsBefore = new Date(now.getTime() - retention.publishedEventMs)
    try {
      while (!signal?.aborted) {
        const pruned = await database.tenant(tenantId, async (tx) => {
          const batch: Pruned = {
            idempotencyKeys: await count(
              tx,
              olderThan('idempotency_key', 'created_at', keysBefore),
            ),
            publishedEvents: await count(
              tx,
              olderThan('outbox_event', 'published_at', eventsBefore),
            ),
          }
          if (batch.idempotencyKeys || batch.publishedEvents)
            await appendAudit(
              tx,
              { tenantId, ...RETENTION_ACTOR },
              {
                action: 'retention.pruned',
                entityType: 'tenant',
                entityId: tenantId,
                diff: {
                  ...batch,
                  idempotencyKeysBefore: keysBefore.toISOString(),
                  publishedEventsBefore: eventsBefore.toISOString(),
                },
              },
              clock.now(),
            )
          return batch
        })
        total.idempotencyKeys += pruned.idempotencyKeys
        total.publishedEvents += pruned.publishedEvents
        if (pruned.idempotencyKeys < PRUNE_BATCH && pruned.publishedEvents < PRUNE_BATCH) break
      }
    } catch (error) {
      log.error(
        { err: error, tenantId },
        'retention pass failed for a company; the next pass retries',
      )
    }
  }
  if (total.idempotencyKeys || total.publishedEvents)
    log.info(total, 'expired idempotency keys and old published events deleted')
  return total
}
