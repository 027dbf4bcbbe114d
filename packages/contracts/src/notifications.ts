import { z } from 'zod'
import { NOTIFICATION_CHANNELS, NOTIFICATION_TEMPLATES } from '@doorstep/domain'
import { IsoDateTime, PageQuery, Uuid, page } from './common.ts'

/** A notice in the customer's in-app inbox, in the reader's language. */
export const Notice = z.object({
  id: Uuid,
  template: z.enum(NOTIFICATION_TEMPLATES),
  title: z.string(),
  body: z.string(),
  orderId: Uuid.nullable(),
  complaintId: Uuid.nullable(),
  createdAt: IsoDateTime,
  readAt: IsoDateTime.nullable(),
})
export const NoticeQuery = PageQuery.extend({ unread: z.stringbool().optional() })
export const NoticeList = page(Notice).extend({ unread: z.number().int() })

export const NotificationPreferences = z.object({
  sms: z.boolean(),
  wechat: z.boolean(),
  muted: z
    .array(z.enum(NOTIFICATION_TEMPLATES))
    .max(NOTIFICATION_TEMPLATES.length)
    .meta({ description: 'Templates sent in-app only' }),
})

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const
/** One notice on one channel, as operations see it: retries, errors, give-ups. */
export const Delivery = z.object({
  id: Uuid,
  eventType: z.string(),
  template: z.enum(NOTIFICATION_TEMPLATES),
  channel: z.enum(NOTIFICATION_CHANNELS),
  customerId: Uuid,
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: IsoDateTime.nullable(),
  lastError: z.string().nullable(),
  sentAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
})
export const DeliveryQuery = PageQuery.extend({
  status: z.enum(DELIVERY_STATUSES).optional(),
  channel: z.enum(NOTIFICATION_CHANNELS).optional(),
  customerId: Uuid.optional(),
})
export const DeliveryList = page(Delivery)
