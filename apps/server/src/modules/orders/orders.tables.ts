import {
  boolean,
  date,
  doublePrecision,
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
import type { TimelineActor, TimelineChange } from '@doorstep/contracts'
import type { ChangePolicy, OrderStatus, PriceBreakdown } from '@doorstep/domain'
import { customer, customerAddress } from '../customers/customers.tables.ts'
import { serviceItem } from '../catalog/catalog.tables.ts'
import { tenant } from '../tenancy/tenancy.tables.ts'

const ts = (name: string) => timestamp(name, { withTimezone: true })

/** A home-service order (`order` is a reserved word). */
export const serviceOrder = pgTable(
  'service_order',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenant.id),
    id: uuid('id').notNull(),
    orderNo: text('order_no').notNull(),
    status: text('status').$type<OrderStatus>().notNull(),
    channel: text('channel', { enum: ['portal', 'phone', 'api'] }).notNull(),
    customerId: uuid('customer_id').notNull(),
    addressId: uuid('address_id').notNull(),
    addressMasked: text('address_masked').notNull(),
    projectId: uuid('project_id').notNull(),
    /** Where the job is, to about 100 m: what travel times between jobs need. */
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    serviceItemId: uuid('service_item_id').notNull(),
    serviceName: text('service_name').notNull(),
    priceVersion: integer('price_version').notNull(),
    quantityMilli: integer('quantity_milli').notNull(),
    addons: jsonb('addons').$type<Array<{ code: string; quantity: number }>>().notNull(),
    windowStart: ts('window_start').notNull(),
    windowEnd: ts('window_end').notNull(),
    asap: boolean('asap').notNull(),
    /** The worker held for the window (planned), then assigned by dispatch. */
    workerId: uuid('worker_id'),
    plannedArrival: ts('planned_arrival'),
    plannedEnd: ts('planned_end'),
    durationMinutes: integer('duration_minutes').notNull(),
    payOnSite: boolean('pay_on_site').notNull(),
    notes: text('notes').notNull(),
    price: jsonb('price').$type<PriceBreakdown>().notNull(),
    feesFen: integer('fees_fen').notNull().default(0),
    changePolicy: jsonb('change_policy').$type<ChangePolicy>().notNull(),
    warrantyDays: integer('warranty_days').notNull(),
    completedAt: ts('completed_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('service_order_no_key').on(t.tenantId, t.orderNo),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customer.tenantId, customer.id],
    }),
    foreignKey({
      columns: [t.tenantId, t.addressId],
      foreignColumns: [customerAddress.tenantId, customerAddress.id],
    }),
    foreignKey({
      columns: [t.tenantId, t.serviceItemId],
      foreignColumns: [serviceItem.tenantId, serviceItem.id],
    }),
    index('service_order_status_window').on(t.tenantId, t.status, t.windowStart),
    index('service_order_worker_day').on(t.tenantId, t.workerId, t.plannedArrival),
    index('service_order_customer').on(t.tenantId, t.customerId, t.id),
    index('service_order_project_window').on(t.tenantId, t.projectId, t.windowStart),
  ],
)

/** The order's timeline: every status change with who, when and why. */
export const orderEvent = pgTable(
  'order_event',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    orderId: uuid('order_id').notNull(),
    at: ts('at').notNull(),
    event: text('event').notNull(),
    fromStatus: text('from_status').$type<OrderStatus>(),
    toStatus: text('to_status').$type<OrderStatus>().notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    /** Who took the step, so the customer's timeline names staff by role and the system not at all. */
    actorType: text('actor_type').$type<TimelineActor>().notNull(),
    reason: text('reason'),
    /** What the step changed besides the status (a reschedule's windows, a fee), for the timeline. */
    change: jsonb('change').$type<TimelineChange>(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.orderId],
      foreignColumns: [serviceOrder.tenantId, serviceOrder.id],
    }),
    index('order_event_order').on(t.tenantId, t.orderId, t.at),
  ],
)

/** Daily sequence for human-readable order numbers, per tenant. */
export const orderCounter = pgTable(
  'order_counter',
  {
    tenantId: uuid('tenant_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day] })],
)
