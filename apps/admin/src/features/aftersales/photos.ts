import type { Problem } from '@doorstep/contracts'
import { IMAGE_TYPES, PHOTOS_MAX, UPLOAD_MAX_BYTES_DEFAULT, endpoints } from '@doorstep/contracts'
import type { ResponseOf } from '@doorstep/api-client'
import { ApiError } from '@doorstep/api-client'

export { PHOTOS_MAX }
export const PHOTO_ACCEPT = IMAGE_TYPES.join(',')
export const PHOTO_MAX_MB = UPLOAD_MAX_BYTES_DEFAULT / 1024 / 1024

export type Uploaded = ResponseOf<'upload'>

/** The i18n key of why a chosen file cannot go up, checked before sending it (the server checks again). */
export function photoFileProblem(file: { type: string; size: number }): string | null {
  if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) return 'complaints.photoWrongType'
  if (file.size === 0 || file.size > UPLOAD_MAX_BYTES_DEFAULT) return 'complaints.photoTooLarge'
  return null
}

/**
 * Sends one picture as the raw body of `upload` (customer service recording a complaint), reporting
 * progress; fails with an ApiError like every other call. XMLHttpRequest, as fetch cannot report progress.
 */
export function uploadPhoto(
  file: Blob,
  headers: Record<string, string>,
  onProgress: (percent: number) => void,
): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open(endpoints.upload.method, endpoints.upload.path)
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value)
    request.setRequestHeader('accept', 'application/json')
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
