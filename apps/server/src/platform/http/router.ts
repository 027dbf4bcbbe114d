import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Endpoint } from '@doorstep/contracts'
import { Problem } from '@doorstep/contracts'
import type { Actor } from '../auth/actor.ts'
import type { AppError } from '../errors.ts'
import { CommonError } from '../errors.ts'
import type { RequestContext } from './context.ts'

type Out<E, K extends string> = E extends { [P in K]: infer S extends z.ZodType }
  ? z.output<S>
  : undefined

export interface Call<E extends Endpoint> {
  params: Out<E, 'params'>
  query: Out<E, 'query'>
  body: Out<E, 'body'>
  ctx: E['auth'] extends 'public' ? Omit<RequestContext, 'actor'> : RequestContext
  request: FastifyRequest
  reply: FastifyReply
}

export type Handler<E extends Endpoint> = (call: Call<E>) => Promise<z.input<E['response']>>

/** How a request proves who it is; the identity module provides it. */
export interface Authenticator {
  /** The actor for this request, or null; throws CSRF_FAILED for a cookie session without its token. */
  authenticate(request: FastifyRequest, reply: FastifyReply): Promise<Actor | null>
}

export interface MountOptions {
  /** Throttle by client IP (sign-in: slows guessing across many accounts, which lockout alone does not). */
  perMinutePerIp?: number
  /** The refusal of a body in a Content-Type no parser takes, when "send JSON" is the wrong advice (uploads). */
  wrongMediaType?: () => AppError
  /** The body is a raw image (an upload); every other route takes JSON only. */
  imageBody?: true
}

declare module 'fastify' {
  interface FastifyContextConfig {
    wrongMediaType?: () => AppError
    imageBody?: true
    /** The endpoint needs a body: an empty one is refused (elsewhere it is read as none; json-body.ts). */
    bodyRequired?: true
  }
}

/** Declares an endpoint from the contract table: schemas, OpenAPI, authentication, then the handler. */
export function createRouter(
  app: FastifyInstance,
  auth: { staff: Authenticator; customer: Authenticator },
) {
  const mounted: Endpoint[] = []
  return {
    mounted,
    mount<E extends Endpoint>(endpoint: E, handler: Handler<E>, options: MountOptions = {}) {
      mounted.push(endpoint)
      const status = endpoint.status ?? 200
      app.route({
        method: endpoint.method,
        url: endpoint.path,
        config: {
          ...(options.perMinutePerIp
            ? { rateLimit: { max: options.perMinutePerIp, timeWindow: 60_000 } }
            : {}),
          ...(options.wrongMediaType ? { wrongMediaType: options.wrongMediaType } : {}),
          ...(options.imageBody ? { imageBody: true as const } : {}),
          // An upload needs its picture; a JSON body that may be left out (`.nullish()`) is not required.
          ...(options.imageBody || (endpoint.body && !endpoint.body.safeParse(undefined).success)
            ? { bodyRequired: true as const }
            : {}),
        },
        schema: {
          summary: endpoint.summary,
          tags: [endpoint.tag],
          ...(endpoint.auth === 'session' ? { security: [{ session: [] }, { bearer: [] }] } : {}),
          ...(endpoint.auth === 'customer' ? { security: [{ portal: [] }] } : {}),
          ...(endpoint.params ? { params: endpoint.params } : {}),
          ...(endpoint.query ? { querystring: endpoint.query } : {}),
          ...(endpoint.body ? { body: endpoint.body } : {}),
          response: { [status]: endpoint.response, '4XX': Problem, '5XX': Problem },
        },
        // Before the body is parsed or validated: an anonymous caller learns nothing about the endpoint.
        onRequest:
          endpoint.auth !== 'public'
            ? async (request, reply) => {
                const actor = await auth[
                  endpoint.auth === 'customer' ? 'customer' : 'staff'
                ].authenticate(request, reply)
                if (!actor) throw new CommonError('UNAUTHENTICATED')
                if (actor.mustChangePassword && !endpoint.beforePasswordChange) {
                  throw new CommonError('PASSWORD_CHANGE_REQUIRED')
                }
                request.actor = actor
              }
            : [],
        handler: async (request, reply) => {
          requireOrderedRange(request.query)
          const base = { requestId: request.id, ip: request.ip ?? null, locale: request.locale }
          const ctx: RequestContext | Omit<RequestContext, 'actor'> =
            endpoint.auth === 'public' ? base : { ...base, actor: request.actor! }
          const result = await handler({
            params: request.params,
            query: request.query,
            body: request.body,
            ctx,
            request,
            reply,
          } as Call<E>)
          // A conditional GET the handler answered 304 (Not Modified) keeps that status and sends no body.
          return reply.status(reply.statusCode === 304 ? 304 : status).send(result)
        },
      })
    },
  }
}

export type Router = ReturnType<typeof createRouter>

/**
 * A list's `from`–`to` is always a range of days or times: one that ends before it begins is a mistake to name,
 * not an empty page. (A day parses as its UTC midnight, a time as itself; both sides of a list are one kind.)
 */
function requireOrderedRange(query: unknown) {
  const q = query as { from?: unknown; to?: unknown } | undefined
  if (typeof q?.from !== 'string' || typeof q.to !== 'string') return
  // Compared as moments: times may carry different offsets (…T10:00+08:00 is before …T03:00Z).
  const from = Date.parse(q.from)
  const to = Date.parse(q.to)
  if (from > to)
    throw new CommonError('RANGE_REVERSED', {}, [{ field: 'query.to', code: 'range_reversed' }])
}

/** Sends the record's version as its ETag, for a later If-Match. */
export function withEtag<T extends { version: number }>(reply: FastifyReply, record: T): T {
  void reply.header('etag', `"${record.version}"`)
  return record
}

/**
 * Whether the client already holds `etag` (a strong `"…"` tag): `If-None-Match` lists it, or is `*`. Compared
 * weakly, as RFC 9110 asks for this header, so a `W/` a proxy added still matches.
 */
export function ifNoneMatchHits(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match']
  if (!header) return false
  if (header.trim() === '*') return true
  const opaque = etag.replace(/^W\//, '')
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque)
}
