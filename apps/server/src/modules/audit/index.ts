import { endpoints } from '@doorstep/contracts'
import { requirePermission } from '../../platform/auth/actor.ts'
import { chainPending, searchAudit } from '../../platform/audit/audit.ts'
import type { Database } from '../../platform/db/database.ts'
import { seqCursor, toPage } from '../../platform/http/paging.ts'
import type { Router } from '../../platform/http/router.ts'

/** Searching the audit log (writing it is the platform's, inside every use case's transaction). */
export function createAuditModule({ database }: { database: Database }) {
  return {
    mount(router: Router) {
      router.mount(endpoints.listAudit, async ({ ctx, query }) => {
        requirePermission(ctx.actor, 'audit:read', 'tenant')
        const beforeSeq = seqCursor(query.cursor)
        // Entries are chained moments after their commit: what still waits is chained first, so the log shows
        // every change committed before this request.
        await chainPending(database, ctx.actor.tenantId)
        const rows = await database.tenant(ctx.actor.tenantId, (tx) =>
          searchAudit(tx, { ...query, beforeSeq, limit: query.limit + 1 }),
        )
        return toPage(
          rows,
          query.limit,
          (r) => ({
            seq: r.seq,
            at: r.at.toISOString(),
            actorId: r.actorId,
            actorType: r.actorType,
            actorName: r.actorName,
            action: r.action,
            entityType: r.entityType,
            entityId: r.entityId,
            diff: r.diff,
            requestId: r.requestId,
            ip: r.ip,
          }),
          (e) => e.seq,
        )
      })
    },
  }
}
