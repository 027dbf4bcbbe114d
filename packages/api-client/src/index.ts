import type { z } from 'zod'
import type { Endpoint, EndpointName, Endpoints, Problem } from '@doorstep/contracts'
import { endpoints } from '@doorstep/contracts'

type Maybe<T, K extends string> = T extends z.ZodType
  ? { [P in K]: z.input<T> }
  : { [P in K]?: never }
type Has<E, K extends keyof Endpoint> = E extends Record<K, infer S> ? S : undefined

export type RequestOf<N extends EndpointName> = Maybe<Has<Endpoints[N], 'params'>, 'params'> &
  Maybe<Has<Endpoints[N], 'query'>, 'query'> &
  Maybe<Has<Endpoints[N], 'body'>, 'body'> & { ifMatch?: string; idempotencyKey?: string }
export type ResponseOf<N extends EndpointName> = z.output<Endpoints[N]['response']>

/** A failed call: branch on `code` (stable), show `message` (already in the user's language). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`)
  }

  /** The message for one field of a form, if the server named it (`body.login` → `login`). */
  fieldError(field: string): string | undefined {
    return this.problem?.errors?.find((e) => e.field === field || e.field === `body.${field}`)
      ?.message
  }
}

export interface ApiClientOptions {
  baseUrl?: string
  fetch?: typeof fetch
  /** The session's CSRF token, sent on state-changing requests. */
  csrfToken?: () => string | undefined
  /** Bearer token for integrations (instead of a session cookie). */
  token?: string
  locale?: () => string
  /** Extra headers on every request, e.g. the portal's `x-doorstep-tenant`. */
  headers?: () => Record<string, string>
}

export interface ApiResult<T> {
  data: T
  etag: string | null
}

export function createApiClient(options: ApiClientOptions = {}) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)

  async function send<N extends EndpointName>(
    name: N,
    request: RequestOf<N>,
  ): Promise<ApiResult<ResponseOf<N>>> {
    const e: Endpoint = endpoints[name]
    const input = request as {
      params?: Record<string, string>
      query?: Record<string, unknown>
      body?: unknown
    }
    let path = e.path.replace(/:(\w+)/g, (_, key: string) =>
      encodeURIComponent(String(input.params?.[key] ?? '')),
    )
    const search = new URLSearchParams()
    for (const [key, value] of Object.entries(input.query ?? {})) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        if (value !== '') search.set(key, String(value))
      }
    }
    if (search.size) path += `?${search.toString()}`
    const headers: Record<string, string> = { accept: 'application/json' }
    if (input.body !== undefined) headers['content-type'] = 'application/json'
    if (e.method !== 'GET') {
      const csrf = options.csrfToken?.()
      if (csrf) headers['x-csrf-token'] = csrf
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`
    const locale = options.locale?.()
    if (locale) headers['accept-language'] = locale
    Object.assign(headers, options.headers?.())
    if (request.ifMatch) headers['if-match'] = request.ifMatch
    if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey
    const response = await doFetch(`${options.baseUrl ?? ''}${path}`, {
      method: e.method,
      headers,
      body: input.body === undefined ? undefined : JSON.stringify(input.body),
      credentials: 'same-origin',
    })
    const text = await response.text()
    const json: unknown = text ? JSON.parse(text) : null
    if (!response.ok) {
      const problem = json && typeof json === 'object' && 'code' in json ? (json as Problem) : null
      throw new ApiError(response.status, problem?.code ?? `HTTP_${response.status}`, problem)
    }
    return { data: json as ResponseOf<N>, etag: response.headers.get('etag') }
  }

  return {
    /** Call an endpoint and return its body. */
    async call<N extends EndpointName>(name: N, request: RequestOf<N>): Promise<ResponseOf<N>> {
      return (await send(name, request)).data
    },
    /** Call an endpoint and also return its ETag, for a later If-Match. */
    send,
  }
}

export type ApiClient = ReturnType<typeof createApiClient>
