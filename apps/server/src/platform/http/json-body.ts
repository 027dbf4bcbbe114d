import type { FastifyInstance } from 'fastify'
import { CommonError } from '../errors.ts'

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i

/**
 * Bodies arrive uncompressed, and JSON bodies are UTF-8 (RFC 8259; ADR 0052). Fastify's parser decoded any bytes
 * as UTF-8, a declared `charset=latin1` included, and stored U+FFFD where a character was; here another charset is
 * refused (415 naming the content type) and bytes that are not UTF-8 too (400 naming the body). The JSON itself is
 * read by Fastify's own parser (prototype-poisoning checks and all). An empty body is none, unless the route
 * needs one (ADR 0055).
 */
export function installJsonBody(app: FastifyInstance) {
  // No parser here inflates a body: a gzipped one would be read as its compressed bytes.
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase()
    const hasBody =
      request.headers['transfer-encoding'] !== undefined ||
      Number(request.headers['content-length'] ?? 0) > 0
    if (hasBody && encoding && encoding !== 'identity')
      done(new CommonError('UNSUPPORTED_ENCODING'))
    else done(null, payload)
  })
  const parse = app.getDefaultJsonParser('error', 'error')
  const utf8 = new TextDecoder('utf-8', { fatal: true })
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser<Buffer>(
    'application/json',
    { parseAs: 'buffer' },
    (request, body, done) => {
      // A client that sets Content-Type on every request sends it with no body on a DELETE or a logout: no body
      // is what such a route takes, so an empty one is none rather than "not valid JSON". Where the route needs
      // a body, Fastify's parser refuses the empty one as before (400 naming the body).
      if (body.length === 0 && !request.routeOptions.config.bodyRequired) {
        done(null, undefined)
        return
      }
      const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1]
      if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
        done(new CommonError('UNSUPPORTED_CHARSET'))
        return
      }
      let text: string
      try {
        text = utf8.decode(body)
      } catch {
        done(new CommonError('BODY_NOT_UTF8'))
        return
      }
      void parse(request, text, done)
    },
  )
}
