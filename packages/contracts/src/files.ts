import { z } from 'zod'
import { IsoDateTime, Uuid } from './common.ts'

/** The pictures a customer or an agent may upload: what phones and browsers produce, and nothing scriptable. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
export type ImageType = (typeof IMAGE_TYPES)[number]
/** The server's default upload limit (DOORSTEP_UPLOAD_MAX_BYTES may change it). */
export const UPLOAD_MAX_BYTES_DEFAULT = 5 * 1024 * 1024
/** Photos on one review or complaint. */
export const PHOTOS_MAX = 6

export const UploadedFile = z.object({
  id: Uuid,
  /** Where the uploader reads it back: `/api/v1/portal/files/:id` for a customer, `/api/v1/files/:id` for staff. */
  url: z.string(),
  contentType: z.enum(IMAGE_TYPES),
  size: z.number().int(),
  createdAt: IsoDateTime,
})

/** The decrypted bytes of an uploaded image, sent with its own content type. */
export const FileBytes = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array)
  .meta({ description: 'The image (image/jpeg, image/png or image/webp)' })

/** Photos attached to a review or complaint: ids of files the customer (or the agent) uploaded. */
export const PhotoIds = z.array(Uuid).max(PHOTOS_MAX).default([]).meta({
  description: 'Ids from POST /api/v1/portal/uploads (or /api/v1/uploads for staff)',
})

/**
 * Photos as a reader shows them: uploaded files as links to their surface's files endpoint; photos from
 * before uploads existed stay the links they were typed as.
 */
export const PhotoLinks = z.array(z.string())
