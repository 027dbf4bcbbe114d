import type { Problem } from '@doorstep/contracts'
import { IMAGE_TYPES, PHOTOS_MAX, UPLOAD_MAX_BYTES_DEFAULT, endpoints } from '@doorstep/contracts'
import type { ResponseOf } from '@doorstep/api-client'
import { ApiError } from '@doorstep/api-client'

export { PHOTOS_MAX }
/** What the picker offers: the types the server takes (a phone then lets the customer shoot or pick). */
export const PHOTO_ACCEPT = IMAGE_TYPES.join(',')
export const PHOTO_MAX_BYTES = UPLOAD_MAX_BYTES_DEFAULT
export const PHOTO_MAX_MB = PHOTO_MAX_BYTES / 1024 / 1024

export type Uploaded = ResponseOf<'portalUpload'>

/** A photo in the form: Vant's uploader item, and the server's file id once it is uploaded. */
export interface PhotoItem {
  file?: File
  content?: string
  url?: string
  status?: '' | 'uploading' | 'done' | 'failed'
  message?: string
  fileId?: string
}

/** The i18n key of why a chosen file cannot go up, checked before sending it (the server checks again). */
export function photoFileProblem(file: { type: string; size: number }): string | null {
  if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) return 'aftersales.photos.wrongType'
  if (file.size === 0) return 'aftersales.photos.empty'
  if (file.size > PHOTO_MAX_BYTES) return 'aftersales.photos.tooLarge'
  return null
}

/** The ids to send with the review or complaint: uploaded photos, in the order shown. */
export const uploadedIds = (items: readonly PhotoItem[]): string[] =>
  items.flatMap((i) => (i.status === 'done' && i.fileId ? [i.fileId] : []))

/**
 * Why the form cannot be sent with these photos yet: one still going up, or one that failed (sending without it
 * would drop a photo the customer sees in the form). The i18n key of the message, or null.
 */
export const photosNotReady = (items: readonly PhotoItem[]): string | null =>
  items.some((i) => i.status === 'uploading')
    ? 'aftersales.photos.stillUploading'
    : items.some((i) => i.status === 'failed')
      ? 'aftersales.photos.failedRemain'
      : null

/** What an upload needs of XMLHttpRequest (fetch cannot report upload progress). */
export interface UploadRequest {
  open(method: string, url: string): void
  setRequestHeader(name: string, value: string): void
  send(body: Blob): void
  upload: { onprogress: ((event: ProgressEvent) => void) | null }
  onload: ((event: ProgressEvent) => void) | null
  onerror: ((event: ProgressEvent) => void) | null
  readonly status: number
  readonly responseText: string
}

/**
 * Sends one picture as the raw body of `portalUpload`, reporting progress in whole percent. Fails with an
 * ApiError like every other call, so the form shows the server's message (e.g. naming the `file` field).
 */
export function uploadPhoto(
  file: Blob,
  headers: Record<string, string>,
  onProgress: (percent: number) => void,
  request: UploadRequest = new XMLHttpRequest(),
): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    request.open(endpoints.portalUpload.method, endpoints.portalUpload.path)
    for (const [name, value] of Object.entries({ ...headers, accept: 'application/json' }))
      request.setRequestHeader(name, value)
    request.setRequestHeader('content-type', file.type)
    request.upload.onprogress = (event) => {
      if (event.total) onProgress(Math.min(100, Math.floor((event.loaded / event.total) * 100)))
    }
    request.onerror = () => reject(new ApiError(0, 'NETWORK', null))
    request.onload = () => {
      let body: unknown
      try {
        body = request.responseText ? JSON.parse(request.responseText) : null
      } catch {
        body = null
      }
      if (request.status >= 200 && request.status < 300) resolve(body as Uploaded)
      else {
        const problem =
          body && typeof body === 'object' && 'code' in body ? (body as Problem) : null
        reject(new ApiError(request.status, problem?.code ?? `HTTP_${request.status}`, problem))
      }
    }
    request.send(file)
  })
}

/** The server's message about the photos (it names one: `body.photos.2`), if any. */
export const photosFieldError = (error: ApiError): string | undefined =>
  error.problem?.errors?.find(
    (e) => e.field === 'body.photos' || e.field.startsWith('body.photos.'),
  )?.message
