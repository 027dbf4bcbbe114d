import { IMAGE_TYPES, PHOTOS_MAX, UPLOAD_MAX_BYTES_DEFAULT } from '@doorstep/contracts'
import type { ResponseOf } from '@doorstep/api-client'

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
