import { describe, expect, it } from 'vitest'
import { ApiError } from '@doorstep/api-client'
import type { UploadRequest } from './photos.ts'
import { photoFileProblem, photosNotReady, uploadPhoto, uploadedIds } from './photos.ts'

/** A request that answers as the server would, after reporting the bytes as sent. */
function answering(status: number, body: unknown) {
  const sent: { method?: string; url?: string; headers: Record<string, string>; body?: Blob } = {
    headers: {},
  }
  const request: UploadRequest = {
    upload: { onprogress: null },
    onload: null,
    onerror: null,
    status,
    responseText: JSON.stringify(body),
    open(method, url) {
      Object.assign(sent, { method, url })
    },
    setRequestHeader(name, value) {
      sent.headers[name] = value
    },
    send(blob) {
      sent.body = blob
      request.upload.onprogress?.({ loaded: 50, total: 200 } as ProgressEvent)
      request.upload.onprogress?.({ loaded: 200, total: 200 } as ProgressEvent)
      request.onload?.(new Event('load') as ProgressEvent)
    },
  }
  return { request, sent }
}

const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' })

describe('photo uploads', () => {
  it('should refuse a file of another type, an empty one or one over 5 MB before sending it', () => {
    expect(photoFileProblem({ type: 'image/heic', size: 1000 })).toBe('aftersales.photos.wrongType')
    expect(photoFileProblem({ type: 'application/pdf', size: 1000 })).toBe(
      'aftersales.photos.wrongType',
    )
    expect(photoFileProblem({ type: 'image/png', size: 0 })).toBe('aftersales.photos.empty')
    expect(photoFileProblem({ type: 'image/jpeg', size: 5 * 1024 * 1024 + 1 })).toBe(
      'aftersales.photos.tooLarge',
    )
    expect(photoFileProblem({ type: 'image/webp', size: 5 * 1024 * 1024 })).toBeNull()
  })

  it('should send only the uploaded photos, in order, and know when one is still going or failed', () => {
    const items = [
      { status: 'done' as const, fileId: 'a' },
      { status: 'failed' as const, message: 'x' },
      { status: 'uploading' as const },
      { status: 'done' as const, fileId: 'b' },
    ]
    expect(uploadedIds(items)).toEqual(['a', 'b'])
    expect(photosNotReady(items)).toBe('aftersales.photos.stillUploading')
    const settled = items.filter((i) => i.status !== 'uploading')
    expect(photosNotReady(settled)).toBe('aftersales.photos.failedRemain')
    expect(photosNotReady(settled.filter((i) => i.status === 'done'))).toBeNull()
  })

  it('should post the raw picture with its type and the session headers, reporting progress', async () => {
    const { request, sent } = answering(201, { id: 'f1', url: '/api/v1/portal/files/f1' })
    const progress: number[] = []
    const file = await uploadPhoto(png, { 'x-csrf-token': 't' }, (p) => progress.push(p), request)
    expect(file.id).toBe('f1')
    expect(sent).toMatchObject({
      method: 'POST',
      url: '/api/v1/portal/uploads',
      headers: { 'x-csrf-token': 't', 'content-type': 'image/png' },
      body: png,
    })
    expect(progress).toEqual([25, 100])
  })

  it("should fail with the server's problem, naming the file", async () => {
    const { request } = answering(413, {
      code: 'FILE_TOO_LARGE',
      title: '照片不能超过 5 MB',
      errors: [{ field: 'file', code: 'too_large', message: '照片不能超过 5 MB' }],
    })
    const failure = await uploadPhoto(png, {}, () => {}, request).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(ApiError)
    expect((failure as ApiError).code).toBe('FILE_TOO_LARGE')
    expect((failure as ApiError).fieldError('file')).toBe('照片不能超过 5 MB')
  })
})
