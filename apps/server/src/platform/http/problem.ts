import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { pgCode } from '../db/database.ts'
import type { FieldProblem } from '../errors.ts'
import { AppError, CommonError } from '../errors.ts'
import type { Locale } from '../i18n.ts'
import { localeFrom } from '../i18n.ts'
import { RequestValidationError, fieldProblems } from './validation.ts'

interface ProblemBody {
  type: string
  title: string
  status: number
  code: string
  detail?: string
  errors?: FieldProblem[]
  requestId: string
  [extra: string]: unknown
}

const problemType = (code: string) =>
  `https://doorstep.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`

/** Every failure leaves as RFC 9457 problem+json with a stable code and a message in the caller's language. */
export function installProblemHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toProblem(error, request)
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed')
    else request.log.info({ code: problem.code, status: problem.status }, 'request refused')
    return sendProblem(reply, problem)
  })
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, fromAppError(new CommonError('ROUTE_NOT_FOUND'), request)),
  )
}

/**
 * Failures the framework meets before any hook runs (a path that does not decode to text, `/orders/%ff`): the
 * same problem+json as every other refusal, in the caller's language, naming the path. Fastify's
 * `frameworkErrors` option.
 */
export function frameworkProblem(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  request.locale = localeFrom(request.headers['accept-language'])
  const invalid = fromAppError(new CommonError('VALIDATION_FAILED'), request)
  const message = request.locale === 'en' ? 'Not a valid address' : '请求地址无效'
  return sendProblem(
    reply,
    // A path value over the router's length limit (a pasted id run on) is as much the path's fault.
    error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? { ...invalid, errors: [{ field: 'params', code: 'invalid_url', message }] }
      : toProblem(error, request),
  )
}

/**
 * A request Node's HTTP parser refused before Fastify saw it (a 20 KB address or cookie: 431; one that took too
 * long to arrive: 408; a malformed one: 400). Its headers were not read, so the answer is in the default language.
 * Fastify's `clientErrorHandler` option; Fastify's own answered in a JSON of its own shape.
 */
export function clientProblem(error: Error & { code?: string }, socket: Duplex) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const refusal =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new CommonError('HEADERS_TOO_LARGE')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new CommonError('REQUEST_TIMEOUT')
        : new CommonError('MALFORMED_REQUEST')
  const body = JSON.stringify({
    type: problemType(refusal.code),
    title: refusal.localized('zh-CN'),
    status: refusal.status,
    code: refusal.code,
    detail: refusal.localized('zh-CN'),
  })
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\nConnection: close\r\n` +
        `Content-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    )
  socket.destroy()
}

export function sendProblem(reply: FastifyReply, problem: ProblemBody) {
  if (typeof problem.retryAfterSeconds === 'number')
    void reply.header('retry-after', String(problem.retryAfterSeconds))
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').send(problem)
}

function toProblem(error: FastifyError, request: FastifyRequest): ProblemBody {
  const locale = request.locale
  if (error instanceof RequestValidationError) {
    return {
      ...fromAppError(new CommonError('VALIDATION_FAILED'), request),
      errors: fieldProblems(error, locale),
    }
  }
  if (error instanceof AppError) return fromAppError(error, request)
  const fastifyCode = mapFastifyError(error, locale)
  if (fastifyCode) return fastifyCode(request)
  // A safety net for what services should have mapped: constraint and data errors are the caller's fault.
  const sqlState = pgCode(error)
  if (sqlState === '23505' || sqlState === '23503')
    return fromAppError(new CommonError('CONFLICT'), request)
  if (sqlState?.startsWith('22')) return fromAppError(new CommonError('VALIDATION_FAILED'), request)
  return fromAppError(new CommonError('INTERNAL', { requestId: request.id }), request)
}

function mapFastifyError(
  error: FastifyError,
  locale: Locale,
): ((r: FastifyRequest) => ProblemBody) | null {
  const body = (message: { zh: string; en: string }) => (request: FastifyRequest) => ({
    ...fromAppError(new CommonError('VALIDATION_FAILED'), request),
    errors: [
      { field: 'body', code: 'invalid_body', message: locale === 'en' ? message.en : message.zh },
    ],
  })
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return body({ zh: '请求体不是有效的 JSON', en: 'The body is not valid JSON' })
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return (r) => fromAppError(new CommonError('PAYLOAD_TOO_LARGE'), r)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return (r) =>
        fromAppError(
          r.routeOptions.config.wrongMediaType?.() ?? new CommonError('UNSUPPORTED_MEDIA_TYPE'),
          r,
        )
    default:
      break
  }
  if (error instanceof SyntaxError)
    return body({ zh: '请求体不是有效的 JSON', en: 'The body is not valid JSON' })
  if (error.statusCode === 429) return (r) => fromAppError(new CommonError('RATE_LIMITED'), r)
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return body({ zh: '请求无效', en: 'Bad request' })
  }
  return null
}

/** A parameter that only builds one language's message (`fromZh`, `actionEn`): the message already says it. */
const IN_ONE_LANGUAGE = /[a-z](Zh|En)$/

function fromAppError(error: AppError, request: FastifyRequest): ProblemBody {
  const { requestId: _omit, ...all } = error.params
  const params = Object.fromEntries(
    Object.entries(all).filter(([key]) => !IN_ONE_LANGUAGE.test(key)),
  )
  return {
    // First, so a parameter can never stand in for the problem's own fields (a `status` of 'open' was a 500).
    ...params,
    type: problemType(error.code),
    title: error.localized(request.locale),
    status: error.status,
    code: error.code,
    detail: error.localized(request.locale),
    ...(error.fields
      ? {
          errors: error.fields.map((f) => ({
            ...f,
            message: f.message ?? error.localized(request.locale),
          })),
        }
      : {}),
    requestId: request.id,
  }
}
