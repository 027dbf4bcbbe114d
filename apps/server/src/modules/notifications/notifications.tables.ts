import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'
import type { NoticeFacts, NotificationTemplate } from '@doorstep/domain'
import { NOTIFICATION_CHANNELS, NOTIFICATION_TEMPLATES } from '@doorstep/domain'
import { customer } from '../customers/customers.tables.ts'

const ts = (name: string) => timestamp(name, { withTimezone: true })

/**
 * One notice to one customer on one channel: the durable delivery queue (retries with back-off live in
 * `attempts` / `next_attempt_at`) and, for the in-app channel, the customer's inbox. One row per
 * (event, template, channel): relaying an event twice cannot notify twice.
 */
export const notification = pgTable(
  'notification',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    customerId: uuid('customer_id').notNull(),
    template: text('template', { enum: NOTIFICATION_TEMPLATES }).notNull(),
    channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
    facts: jsonb('facts').$type<NoticeFacts>().notNull(),
    orderId: uuid('order_id'),
    complaintId: uuid('complaint_id'),
    status: text('status', { enum: ['pending', 'sent', 'failed', 'skipped'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
    readAt: ts('read_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('notification_once').on(t.tenantId, t.eventId, t.template, t.channel),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customer.tenantId, customer.id],
    }),
    index('notification_due').on(t.tenantId, t.status, t.nextAttemptAt),
    index('notification_inbox').on(t.tenantId, t.customerId, t.channel, t.id),
  ],
)

/** A customer's choice of channels; no row means the defaults. */
export const notificationPreference = pgTable(
  'notification_preference',
  {
    tenantId: uuid('tenant_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    sms: boolean('sms').notNull(),
    wechat: boolean('wechat').notNull(),
    muted: jsonb('muted').$type<NotificationTemplate[]>().notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.customerId] }),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customer.tenantId, customer.id],
    }),
  ],
)

/**
 * A customer's WeChat, for subscription messages: the openid the mini program's `wx.login()` code resolved to.
 * The openid identifies a person, so it is ciphertext (ADR 0006). An openid belongs to one app id; the app id
 * is kept so a binding made in another mini program is never sent to.
 */
export const wechatBinding = pgTable(
  'wechat_binding',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    appId: text('app_id').notNull(),
    openidEnc: text('openid_enc').notNull(),
    boundAt: ts('bound_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('wechat_binding_customer').on(t.tenantId, t.customerId),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customer.tenantId, customer.id],
    }).onDelete('cascade'),
  ],
)
