import { sql } from 'drizzle-orm'
import type { Executor } from '../db/database.ts'
import { atCommit } from '../db/database.ts'
import type { Slots } from '../db/prebuilt.ts'
import { prebuiltStatement } from '../db/prebuilt.ts'
import { newId } from '../ids.ts'
import { outboxEvent } from './outbox.tables.ts'

/** The NOTIFY channel of live updates (the realtime stream listens on it). */
export const EVENTS_CHANNEL = 'doorstep_events'

/** What a live update carries: ids and states only, never personal data (NOTIFY is not encrypted at rest). */
export interface LiveEvent {
  tenantId: string
  type: string
  at: string
  ids: Record<string, string>
  status: string | null
  /** The server process that committed it (`THIS_PROCESS`), so a process can tell others' writes from its own. */
  origin?: string
}

/** A live event from its NOTIFY payload, or undefined for a payload that is not one. */
export function parseLiveEvent(payload: string): LiveEvent | undefined {
  try {
    const event = JSON.parse(payload) as Partial<LiveEvent> | null
    return typeof event?.tenantId === 'string' && typeof event.type === 'string' && event.ids
      ? (event as LiveEvent)
      : undefined
  } catch {
    return undefined
  }
}

/** This server process, as live events name their origin. */
export const THIS_PROCESS = newId()

const LIVE_IDS = ['orderId', 'complaintId', 'reviewId', 'customerId', 'projectId', 'workerId']

// Every write records an event: built once.
const recordEvent = prebuiltStatement(
  (
    tx,
    slot: Slots<{
      tenantId: string
      id: string
      type: string
      payload: Record<string, unknown>
      createdAt: Date
    }>,
  ) =>
    tx.insert(outboxEvent).values({
      tenantId: slot.tenantId,
      id: slot.id,
      type: slot.type,
      payload: slot.payload,
      createdAt: slot.createdAt,
    }),
)

/**
 * Records a domain event (`order.created`, `order.completed`, …) in the caller's transaction, and announces
 * it to live listeners: PostgreSQL delivers the NOTIFY only if and when the transaction commits. Nothing reads
 * the event before the commit, so both travel with it (and go into one statement with the transaction's other
 * writes left for the commit, `mergedWrites`).
 */
export async function emit(
  tx: Executor,
  tenantId: string,
  type: string,
  payload: Record<string, unknown>,
  at: Date,
) {
  await atCommit(tx, recordEvent(tx, { tenantId, id: newId(), type, payload, createdAt: at }))
  await announce(tx, tenantId, type, payload, at)
}

/**
 * Tells live listeners only (no outbox row): for what is itself the result of relaying an event, such as
 * a new notice in a customer's inbox, or for what only other server processes need to hear (a change to a
 * worker). Delivered at commit, so it travels with it.
 */
export async function announce(
  tx: Executor,
  tenantId: string,
  type: string,
  payload: Record<string, unknown>,
  at: Date,
) {
  const live = liveEvent(tenantId, type, payload, at)
  await atCommit(tx, sql`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(live)})`)
}

function liveEvent(
  tenantId: string,
  type: string,
  payload: Record<string, unknown>,
  at: Date,
): LiveEvent {
  return {
    tenantId,
    type,
    at: at.toISOString(),
    ids: Object.fromEntries(
      LIVE_IDS.flatMap((k) => (typeof payload[k] === 'string' ? [[k, payload[k]]] : [])),
    ),
    status: typeof payload.status === 'string' ? payload.status : null,
    origin: THIS_PROCESS,
  }
}
