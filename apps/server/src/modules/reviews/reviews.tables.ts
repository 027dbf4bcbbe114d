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
import { serviceOrder } from '../orders/orders.tables.ts'

const ts = (name: string) => timestamp(name, { withTimezone: true })

/** A customer's review of a completed order: one per order. */
export const review = pgTable(
  'review',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    orderId: uuid('order_id').notNull(),
    orderNo: text('order_no').notNull(),
    customerId: uuid('customer_id').notNull(),
    workerId: uuid('worker_id'),
    overall: integer('overall').notNull(),
    punctuality: integer('punctuality').notNull(),
    quality: integer('quality').notNull(),
    attitude: integer('attitude').notNull(),
    text: text('text').notNull(),
    photos: jsonb('photos').$type<string[]>().notNull(),
    hidden: boolean('hidden').notNull().default(false),
    reply: text('reply'),
    repliedAt: ts('replied_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('review_order_key').on(t.tenantId, t.orderId),
    foreignKey({
      columns: [t.tenantId, t.orderId],
      foreignColumns: [serviceOrder.tenantId, serviceOrder.id],
    }),
    index('review_worker').on(t.tenantId, t.workerId, t.id),
  ],
)
