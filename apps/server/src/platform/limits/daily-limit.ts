import { sql } from 'drizzle-orm'
import type { Actor } from '../auth/actor.ts'
import type { Executor } from '../db/database.ts'
import { CommonError } from '../errors.ts'
import { sensitiveChangeCount } from './limits.tables.ts'

/**
 * Counts one sensitive change by `actor` on `day` (the tenant's) in the caller's transaction and refuses it past
 * the daily limit. The upsert takes a row lock, so concurrent changes are counted one by one; a refused change
 * rolls back with its count. Changes made by the system, with no staff member behind them, count together.
 */
export async function countSensitiveChange(
  tx: Executor,
  actor: Actor,
  input: { kind: string; day: string; limit: number },
): Promise<number> {
  const [row] = await tx
    .insert(sensitiveChangeCount)
    .values({
      tenantId: actor.tenantId,
      userId: actor.userId ?? actor.tenantId,
      day: input.day,
      kind: input.kind,
      count: 1,
    })
    .onConflictDoUpdate({
      target: [
        sensitiveChangeCount.tenantId,
        sensitiveChangeCount.userId,
        sensitiveChangeCount.day,
        sensitiveChangeCount.kind,
      ],
      set: { count: sql`${sensitiveChangeCount.count} + 1` },
    })
    .returning({ count: sensitiveChangeCount.count })
  const count = row?.count ?? 0
  if (count > input.limit) throw new CommonError('DAILY_LIMIT_REACHED', { limit: input.limit })
  return count
}
