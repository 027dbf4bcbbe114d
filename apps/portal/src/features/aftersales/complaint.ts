import type { ComplaintCategory, ComplaintStatus } from '@doorstep/domain'
import type { TagType } from '../orders/status.ts'
import { PHOTOS_MAX } from './photos.ts'

export const DESCRIPTION_MIN = 5
export const DESCRIPTION_MAX = 2000

export interface ComplaintForm {
  category: ComplaintCategory | null
  description: string
  /** Ids of uploaded files. */
  photos: string[]
}

export type ComplaintErrors = Partial<Record<keyof ComplaintForm, string>>

/** What the server's ComplaintRequest would refuse, as i18n keys per field. */
export function validateComplaint(form: ComplaintForm): ComplaintErrors {
  const errors: ComplaintErrors = {}
  if (!form.category) errors.category = 'aftersales.complaint.errors.category'
  const length = form.description.trim().length
  if (length < DESCRIPTION_MIN) errors.description = 'aftersales.complaint.errors.descriptionShort'
  else if (length > DESCRIPTION_MAX)
    errors.description = 'aftersales.complaint.errors.descriptionLong'
  if (form.photos.length > PHOTOS_MAX) errors.photos = 'aftersales.photos.tooMany'
  return errors
}

/** Waiting for the company (orange), being handled (blue), waiting for the customer (green), closed (grey). */
export function complaintTag(status: ComplaintStatus): TagType {
  switch (status) {
    case 'open':
      return 'warning'
    case 'in_progress':
      return 'primary'
    case 'resolved':
    case 'followed_up':
      return 'success'
    case 'closed':
      return 'default'
  }
}

export const COMPLAINT_STAGES = ['filed', 'handling', 'resolved', 'closed'] as const
export type ComplaintStage = (typeof COMPLAINT_STAGES)[number]

/** How far a complaint has come, as the customer sees it: the index into COMPLAINT_STAGES. */
export function complaintStage(status: ComplaintStatus): number {
  switch (status) {
    case 'open':
      return 0
    case 'in_progress':
      return 1
    case 'resolved':
    case 'followed_up':
      return 2
    case 'closed':
      return 3
  }
}

/** The customer closes a complaint by confirming the resolution, which the server allows once resolved. */
export const canConfirm = (complaint: { allowedEvents: readonly string[] }) =>
  complaint.allowedEvents.includes('confirm')
