import { sql } from 'drizzle-orm'
import type { Executor } from '../db/database.ts'
import { CommonError } from '../errors.ts'
import { sensitiveChangeCount } from './limits.tables.ts'

/**
 * Counts one sensitive change in the caller's transaction and refuses it past the daily limit. The upsert
 * takes a row lock, so concurrent changes are counted one by one; a refused change rolls back with its count.
 */
export async function countSensitiveChange(
  tx: Executor,
  input: { tenantId: string; userId: string; kind: string; day: string; limit: number },
): Promise<number> {
  const [row] = await tx
    .insert(sensitiveChangeCount)
    .values({
      tenantId: input.tenantId,
      userId: input.userId,
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
