import { describe, expect, it } from 'vitest'
import type { UploadRequest } from './index.ts'
import { ApiError, createApiClient } from './index.ts'

interface Sent {
  method?: string
  url?: string
  headers: Record<string, string>
  body?: Blob
  aborted: boolean
}

/**
 * A request that, once sent, reports the bytes going out and then answers as the server would — or, with
 * `answer: 'never'`, waits (for an abort), or fails as a dropped connection does.
 */
function fakeRequest(answer: { status: number; body: unknown } | 'never' | 'network') {
  const sent: Sent = { headers: {}, aborted: false }
  const request: UploadRequest = {
    upload: { onprogress: null },
    onload: null,
    onerror: null,
    onabort: null,
    status: 0,
    responseText: '',
    open(method, url) {
      Object.assign(sent, { method, url })
    },
    setRequestHeader(name, value) {
      sent.headers[name] = value
    },
    send(blob) {
      sent.body = blob
      request.upload.onprogress?.({ loaded: 50, total: 200 })
      if (answer === 'never') return
      if (answer === 'network') return request.onerror?.()
      request.upload.onprogress?.({ loaded: 200, total: 200 })
      Object.assign(request, { status: answer.status, responseText: JSON.stringify(answer.body) })
      request.onload?.()
    },
    abort() {
      sent.aborted = true
      request.onabort?.()
    },
  }
  return { request, sent }
}

const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' })

function client(request: UploadRequest) {
  return createApiClient({
    csrfToken: () => 'csrf-1',
    locale: () => 'en',
    headers: () => ({ 'x-doorstep-tenant': 'acme' }),
    uploadRequest: () => request,
  })
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the upload to fail')
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(ApiError)
      return error as ApiError
    },
  )

describe('upload', () => {
  it("should post the raw file with its type and the client's headers, reporting progress", async () => {
    const { request, sent } = fakeRequest({
      status: 201,
      body: { id: 'f1', url: '/api/v1/portal/files/f1' },
    })
    const progress: number[] = []
    const file = await client(request).upload('portalUpload', png, {
      onProgress: (p) => progress.push(p),
    })
    expect(file.id).toBe('f1')
    expect(sent).toMatchObject({
      method: 'POST',
      url: '/api/v1/portal/uploads',
      headers: {
        accept: 'application/json',
        'content-type': 'image/png',
        'x-csrf-token': 'csrf-1',
        'accept-language': 'en',
        'x-doorstep-tenant': 'acme',
      },
      body: png,
    })
    expect(progress).toEqual([25, 100])
  })

  it("should fail with the server's problem, naming the file", async () => {
    const { request } = fakeRequest({
      status: 413,
      body: {
        code: 'FILE_TOO_LARGE',
        title: 'The photo must be 5 MB or smaller',
        errors: [
          { field: 'file', code: 'too_large', message: 'The photo must be 5 MB or smaller' },
        ],
      },
    })
    const error = await failureOf(client(request).upload('upload', png))
    expect(error).toMatchObject({ status: 413, code: 'FILE_TOO_LARGE' })
    expect(error.fieldError('file')).toBe('The photo must be 5 MB or smaller')
  })

  it('should fail as NETWORK when no answer comes, and HTTP_<status> for an answer without a problem', async () => {
    expect(
      await failureOf(client(fakeRequest('network').request).upload('upload', png)),
    ).toMatchObject({
      status: 0,
      code: 'NETWORK',
    })
    const proxy = fakeRequest({ status: 502, body: null }).request
    expect((await failureOf(client(proxy).upload('upload', png))).code).toBe('HTTP_502')
  })

  it('should stop when its signal aborts, and not start when it already has', async () => {
    const { request, sent } = fakeRequest('never')
    const controller = new AbortController()
    const going = client(request).upload('portalUpload', png, { signal: controller.signal })
    controller.abort()
    expect((await failureOf(going)).code).toBe('ABORTED')
    expect(sent.aborted).toBe(true)

    const late = fakeRequest('never')
    const error = await failureOf(
      client(late.request).upload('portalUpload', png, { signal: AbortSignal.abort() }),
    )
    expect(error.code).toBe('ABORTED')
    expect(late.sent.body).toBeUndefined()
  })
})

describe('ApiError.fieldError', () => {
  const error = new ApiError(400, 'VALIDATION_FAILED', {
    type: 'about:blank',
    title: 'Check the form',
    status: 400,
    code: 'VALIDATION_FAILED',
    errors: [
      { field: 'body.login', code: 'too_short', message: 'login too short' },
      { field: 'body.photos.2', code: 'photo_unavailable', message: 'the third photo' },
      { field: 'query.limit', code: 'too_big', message: 'limit too big' },
    ],
  })

  it('should find a field by its name, with or without body., and by a part of it', () => {
    expect(error.fieldError('login')).toBe('login too short')
    expect(error.fieldError('body.login')).toBe('login too short')
    expect(error.fieldError('photos')).toBe('the third photo')
    expect(error.fieldError('photos.2')).toBe('the third photo')
    expect(error.fieldError('query.limit')).toBe('limit too big')
  })

  it('should not take a field whose name only begins the same way', () => {
    expect(error.fieldError('photo')).toBeUndefined()
    expect(error.fieldError('log')).toBeUndefined()
    expect(error.fieldError('photos.1')).toBeUndefined()
  })
})
