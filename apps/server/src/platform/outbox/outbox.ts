import type { Executor } from '../db/database.ts'
import { newId } from '../ids.ts'
import { outboxEvent } from './outbox.tables.ts'

/** Records a domain event (`order.created`, `order.completed`, …) in the caller's transaction. */
export async function emit(
  tx: Executor,
  tenantId: string,
  type: string,
  payload: Record<string, unknown>,
  at: Date,
) {
  await tx.insert(outboxEvent).values({ tenantId, id: newId(), type, payload, createdAt: at })
}
