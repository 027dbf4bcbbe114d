import fastifyWebsocket from '@fastify/websocket'
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { CommonError } from '../errors.ts'
import type { Authenticator } from '../http/router.ts'
import type { LiveEvent } from '../outbox/outbox.ts'
import { EVENTS_CHANNEL, parseLiveEvent } from '../outbox/outbox.ts'

/**
 * Whether a signed-in actor may see a live event: a customer their own orders and complaints; staff
 * what their `orders:read` scope covers (the whole company, or their projects).
 */
export function mayWatch(actor: Actor, event: LiveEvent): boolean {
  if (event.tenantId !== actor.tenantId) return false
  if (actor.type === 'customer')
    return !!actor.customerId && event.ids.customerId === actor.customerId
  const scope = actor.permissions.get('orders:read')
  if (scope === 'tenant') return true
  if (scope === 'project')
    return !!event.ids.projectId && actor.projectIds.includes(event.ids.projectId)
  return false
}

/**
 * `GET /api/v1/stream` (WebSocket): live order and complaint updates for the signed-in staff member, or
 * with `?audience=customer` for the portal's customer. Fed by PostgreSQL LISTEN/NOTIFY, so every server
 * process sees every commit. A cross-site page cannot open it: the Origin must be this server's.
 */
export async function registerStream(
  app: FastifyInstance,
  deps: {
    database: Database
    staff: Authenticator
    customer: Authenticator
    log: Pick<Logger, 'warn'>
    /** Also told of every live event, whoever watches (one LISTEN connection serves both). */
    onEvent?: (event: LiveEvent) => void
    /** Told when events may have been lost (the LISTEN connection dropped and listens again). */
    onGap?: () => void
  },
) {
  await app.register(fastifyWebsocket, { options: { maxPayload: 1024 } })
  const watchers = new Map<{ send(data: string): void }, Actor>()
  const stop = await deps.database.listen(
    EVENTS_CHANNEL,
    (payload) => {
      const event = parseLiveEvent(payload)
      if (!event) {
        deps.log.warn({ payload: payload.slice(0, 200) }, 'unreadable live event ignored')
        return
      }
      deps.onEvent?.(event)
      const message = JSON.stringify({
        type: event.type,
        at: event.at,
        status: event.status,
        orderId: event.ids.orderId ?? null,
        complaintId: event.ids.complaintId ?? null,
      })
      for (const [socket, actor] of watchers) if (mayWatch(actor, event)) socket.send(message)
    },
    deps.onGap,
  )
  app.addHook('onClose', async () => {
    await stop()
  })
  app.get(
    '/api/v1/stream',
    {
      websocket: true,
      schema: { hide: true },
      preValidation: async (request, reply) => {
        const origin = request.headers.origin
        if (origin && new URL(origin).host !== request.headers.host)
          throw new CommonError('FORBIDDEN', { permission: 'same-origin' })
        const audience = (request.query as { audience?: string }).audience
        const actor = await (audience === 'customer' ? deps.customer : deps.staff).authenticate(
          request,
          reply,
        )
        if (!actor) throw new CommonError('UNAUTHENTICATED')
        request.actor = actor
      },
    },
    (socket, request) => {
      const actor = request.actor!
      watchers.set(socket, actor)
      socket.send(JSON.stringify({ type: 'ready' }))
      socket.on('close', () => watchers.delete(socket))
    },
  )
}
