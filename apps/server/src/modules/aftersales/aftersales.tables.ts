import {
  boolean,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core'
import type { TimelineActor } from '@doorstep/contracts'
import type { ComplaintCategory, ComplaintStatus, ResolutionKind } from '@doorstep/domain'
import { serviceOrder } from '../orders/orders.tables.ts'

const ts = (name: string) => timestamp(name, { withTimezone: true })

export interface ResolutionRecord {
  kind: ResolutionKind
  note: string
  windowStart?: string | undefined
  amountFen?: number | undefined
  reworkOrderId: string | null
}

export const complaint = pgTable(
  'complaint',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    orderId: uuid('order_id').notNull(),
    orderNo: text('order_no').notNull(),
    customerId: uuid('customer_id').notNull(),
    workerId: uuid('worker_id'),
    projectId: uuid('project_id').notNull(),
    serviceItemId: uuid('service_item_id').notNull(),
    serviceName: text('service_name').notNull(),
    category: text('category').$type<ComplaintCategory>().notNull(),
    description: text('description').notNull(),
    photos: jsonb('photos').$type<string[]>().notNull(),
    status: text('status').$type<ComplaintStatus>().notNull(),
    withinWarranty: boolean('within_warranty').notNull(),
    firstResponseDue: ts('first_response_due').notNull(),
    firstRespondedAt: ts('first_responded_at'),
    resolution: jsonb('resolution').$type<ResolutionRecord>(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.orderId],
      foreignColumns: [serviceOrder.tenantId, serviceOrder.id],
    }),
    index('complaint_status').on(t.tenantId, t.status, t.firstResponseDue),
    index('complaint_reason').on(t.tenantId, t.createdAt, t.category),
    // An order's page and a customer's page list their complaints, newest first.
    index('complaint_order').on(t.tenantId, t.orderId),
    index('complaint_customer').on(t.tenantId, t.customerId, t.id),
  ],
)

export const complaintEvent = pgTable(
  'complaint_event',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    complaintId: uuid('complaint_id').notNull(),
    at: ts('at').notNull(),
    event: text('event').notNull(),
    toStatus: text('to_status').$type<ComplaintStatus>().notNull(),
    actorName: text('actor_name'),
    actorType: text('actor_type').$type<TimelineActor>().notNull(),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.complaintId],
      foreignColumns: [complaint.tenantId, complaint.id],
    }),
    index('complaint_event_complaint').on(t.tenantId, t.complaintId, t.at),
  ],
)
