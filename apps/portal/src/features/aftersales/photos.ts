import { IMAGE_TYPES, PHOTOS_MAX, UPLOAD_MAX_BYTES_DEFAULT } from '@doorstep/contracts'

export { PHOTOS_MAX }
/** What the picker offers: the types the server takes (a phone then lets the customer shoot or pick). */
export const PHOTO_ACCEPT = IMAGE_TYPES.join(',')
export const PHOTO_MAX_BYTES = UPLOAD_MAX_BYTES_DEFAULT
export const PHOTO_MAX_MB = PHOTO_MAX_BYTES / 1024 / 1024

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
