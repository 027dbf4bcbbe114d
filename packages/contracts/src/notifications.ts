import { z } from 'zod'
import { NOTIFICATION_CHANNELS, NOTIFICATION_TEMPLATES } from '@doorstep/domain'
import { CreatedDayRange, IsoDateTime, PageQuery, Uuid, page, trimmedText } from './common.ts'

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

/** "Read all" marks the notices up to the newest the customer has seen, never one relayed after the page loaded. */
export const ReadAllNotices = z.object({
  upTo: Uuid.optional().meta({
    description:
      'The newest notice id the client has seen: only it and older notices are marked read. Absent: every notice (older clients).',
  }),
})

export const NoticesRead = z.object({
  count: z.number().int().meta({ description: 'Notices that were unread and now are read' }),
})

export const NotificationPreferences = z.object({
  sms: z.boolean(),
  wechat: z.boolean(),
  muted: z
    .array(z.enum(NOTIFICATION_TEMPLATES))
    .max(NOTIFICATION_TEMPLATES.length)
    .meta({ description: 'Templates sent in-app only' }),
})

/** Whether WeChat notices can reach the customer: the company has a mini program and the customer bound it. */
export const WechatBinding = z.object({
  available: z
    .boolean()
    .meta({ description: 'The company sends WeChat notices through a mini program' }),
  bound: z.boolean(),
  boundAt: IsoDateTime.nullable(),
})
/** The preferences as stored, and the WeChat binding they depend on (read only). */
export const NotificationSettings = NotificationPreferences.extend({ wechatBinding: WechatBinding })

export const WechatBindRequest = z.object({
  code: trimmedText().min(1).max(128).meta({
    description: 'The code from wx.login() in the mini program, valid once for five minutes',
  }),
})

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const
/** One notice on one channel, as operations see it: retries, errors, give-ups. */
export const Delivery = z.object({
  id: Uuid,
  eventType: z.string(),
  template: z.enum(NOTIFICATION_TEMPLATES),
  channel: z.enum(NOTIFICATION_CHANNELS),
  customerId: Uuid,
  customerName: z.string(),
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
  ...CreatedDayRange,
})
export const DeliveryList = page(Delivery)
