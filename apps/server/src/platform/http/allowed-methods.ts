import type { FastifyInstance } from 'fastify'
import { CommonError } from '../errors.ts'

/** The order an `Allow` lists methods in: reads, then writes, then whatever else a route serves. */
const USUAL_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']

/** The API's paths; the web apps under /admin and /book answer every path with their shell on GET. */
const API = '/api/'

/**
 * A request whose path the API serves, but with other methods (`PUT /api/v1/roles/:id`, `DELETE
 * /api/v1/auth/login`), answers 405 METHOD_NOT_ALLOWED with an `Allow` listing them (RFC 9110 §15.5.6), and
 * `OPTIONS` on such a path answers 204 with that `Allow`; a path no method serves stays 404 ROUTE_NOT_FOUND
 * (ADR 0055).
 *
 * Fastify routes such a request to its not-found handler and has no lookup of the methods a path serves, but
 * `findRoute` runs find-my-way's `find`, which matches a concrete URL (`/roles/0190…`) as a request is matched:
 * params, the trailing slash the app ignores, the HEAD route each GET has. An `onRequest` hook, so the answer
 * comes before a body is read (a PUT's unreadable JSON is not the fault to name) and after the caller's language
 * is known; installed after the plugins' own hooks (helmet's headers), as every other answer has them.
 *
 * The web apps are left out: their fallback (`GET /admin/*`) serves every path under them, so every other
 * method there would be a 405 for an address that means nothing to the server; it stays a 404, as before.
 */
export function installAllowedMethods(app: FastifyInstance) {
  const methods = [
    ...USUAL_ORDER,
    ...app.supportedMethods.filter((m) => !USUAL_ORDER.includes(m) && m !== 'OPTIONS').sort(),
  ]
  app.addHook('onRequest', async (request, reply) => {
    if (!request.is404 || !request.url.startsWith(API)) return
    const allowed = methodsServing(app, methods, request.url)
    if (allowed.length === 0) return
    // OPTIONS is answered here for every path that serves something, so it is one of the path's methods.
    const allow = [...allowed, 'OPTIONS'].join(', ')
    void reply.header('allow', allow)
    if (request.method === 'OPTIONS') return reply.status(204).send()
    throw new CommonError('METHOD_NOT_ALLOWED', { method: request.method, allow })
  })
}

/**
 * The methods `url` is served with. (A path that does not decode never gets here: the not-found handler's own
 * router refuses it first, 400 naming the path, whatever the method.)
 */
function methodsServing(app: FastifyInstance, methods: string[], url: string): string[] {
  // `findRoute` is typed as always finding one; it answers null for a path the method does not serve.
  return methods.filter(
    (method) =>
      (app.findRoute({ method, url }) as ReturnType<typeof app.findRoute> | null) !== null,
  )
}
