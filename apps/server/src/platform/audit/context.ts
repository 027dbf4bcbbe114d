import type { RequestContext } from '../http/context.ts'
import type { AuditActor } from './audit.ts'

/** The audit "who" of a request. */
export function auditActorOf(ctx: RequestContext): AuditActor {
  return {
    tenantId: ctx.actor.tenantId,
    actorType: ctx.actor.type,
    actorId: ctx.actor.userId,
    actorName: ctx.actor.name,
    requestId: ctx.requestId,
    ip: ctx.ip,
  }
}
