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

  /**
   * The message for one field of a form, if the server named it or a part of it: `login` matches `login` and
   * `body.login`; `photos` also matches `body.photos.2` (the third photo), the first such one.
   */
  fieldError(field: string): string | undefined {
    const names = (path: string) => path === field || path.startsWith(`${field}.`)
    return this.problem?.errors?.find(
      (e) => names(e.field) || names(e.field.replace(/^body\./, '')),
    )?.message
  }

  /** A text member the problem carries beyond the standard ones, e.g. DUPLICATE_CUSTOMER's `customerId`. */
  member(name: string): string | null {
    const value = (this.problem as Record<string, unknown> | null)?.[name]
    return typeof value === 'string' ? value : null
  }
}

/** What an upload needs of XMLHttpRequest (fetch cannot report upload progress). */
export interface UploadRequest {
  open(method: string, url: string): void
  setRequestHeader(name: string, value: string): void
  send(body: Blob): void
  abort(): void
  upload: { onprogress: ((event: { loaded: number; total: number }) => void) | null }
  onload: (() => void) | null
  onerror: (() => void) | null
  onabort: (() => void) | null
  readonly status: number
  readonly responseText: string
}

/** The endpoints that take a raw file as their body. */
export type UploadEndpointName = 'upload' | 'portalUpload'

export interface UploadOptions {
  /** Called as the bytes go out, in whole percent (0–100). */
  onProgress?: (percent: number) => void
  /** Aborting it stops the upload; the promise then fails with ApiError code `ABORTED`. */
  signal?: AbortSignal
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
  /** Makes the request an upload goes out on (tests); XMLHttpRequest by default. */
  uploadRequest?: () => UploadRequest
}

export interface ApiResult<T> {
  data: T
  etag: string | null
}

/** The ApiError of a failed response: its problem body when it has one. */
function failure(status: number, body: unknown): ApiError {
  const problem = body && typeof body === 'object' && 'code' in body ? (body as Problem) : null
  return new ApiError(status, problem?.code ?? `HTTP_${status}`, problem)
}

function parse(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null
  } catch {
    return null
  }
}

export function createApiClient(options: ApiClientOptions = {}) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)

  /** The headers of every call: JSON back, CSRF on writes, token, language, the app's extras. */
  function headersFor(e: Endpoint): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (e.method !== 'GET') {
      const csrf = options.csrfToken?.()
      if (csrf) headers['x-csrf-token'] = csrf
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`
    const locale = options.locale?.()
    if (locale) headers['accept-language'] = locale
    Object.assign(headers, options.headers?.())
    return headers
  }

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
    const headers = headersFor(e)
    if (input.body !== undefined) headers['content-type'] = 'application/json'
    if (request.ifMatch) headers['if-match'] = request.ifMatch
    if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey
    const response = await doFetch(`${options.baseUrl ?? ''}${path}`, {
      method: e.method,
      headers,
      body: input.body === undefined ? undefined : JSON.stringify(input.body),
      credentials: 'same-origin',
    })
    const text = await response.text()
    if (!response.ok) throw failure(response.status, parse(text))
    const json: unknown = text ? JSON.parse(text) : null
    return { data: json as ResponseOf<N>, etag: response.headers.get('etag') }
  }

  /**
   * Sends a file as the raw body of an upload endpoint, with the same headers as every call and its own
   * type, reporting progress (which fetch cannot). Fails with an ApiError like every call: the server's
   * problem (e.g. naming `file`), `NETWORK` when no answer came, `ABORTED` when `signal` stopped it.
   */
  function upload<N extends UploadEndpointName>(
    name: N,
    file: Blob,
    { onProgress, signal }: UploadOptions = {},
  ): Promise<ResponseOf<N>> {
    const e: Endpoint = endpoints[name]
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new ApiError(0, 'ABORTED', null))
      const request =
        options.uploadRequest?.() ??
        new (globalThis as unknown as { XMLHttpRequest: new () => UploadRequest }).XMLHttpRequest()
      const stop = () => request.abort()
      const settle = () => signal?.removeEventListener('abort', stop)
      request.open(e.method, `${options.baseUrl ?? ''}${e.path}`)
      for (const [header, value] of Object.entries(headersFor(e)))
        request.setRequestHeader(header, value)
      request.setRequestHeader('content-type', file.type)
      request.upload.onprogress = (event) => {
        if (event.total) onProgress?.(Math.min(100, Math.floor((event.loaded / event.total) * 100)))
      }
      request.onerror = () => {
        settle()
        reject(new ApiError(0, 'NETWORK', null))
      }
      request.onabort = () => {
        settle()
        reject(new ApiError(0, 'ABORTED', null))
      }
      request.onload = () => {
        settle()
        const body = parse(request.responseText)
        if (request.status >= 200 && request.status < 300) resolve(body as ResponseOf<N>)
        else reject(failure(request.status, body))
      }
      signal?.addEventListener('abort', stop)
      request.send(file)
    })
  }

  return {
    /** Call an endpoint and return its body. */
    async call<N extends EndpointName>(name: N, request: RequestOf<N>): Promise<ResponseOf<N>> {
      return (await send(name, request)).data
    },
    /** Call an endpoint and also return its ETag, for a later If-Match. */
    send,
    upload,
  }
}

export type ApiClient = ReturnType<typeof createApiClient>
