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
  uuid,
} from 'drizzle-orm/pg-core'
import { customer } from '../customers/customers.tables.ts'
import { serviceOrder } from '../orders/orders.tables.ts'

const ts = (name: string) => timestamp(name, { withTimezone: true })

/**
 * A recurring service plan: what, where, when (an RRULE over local dates and a window hour). Its visits
 * are booked as ordinary orders up to `booked_until`; the rest as the days come.
 */
export const servicePlan = pgTable(
  'service_plan',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    addressId: uuid('address_id').notNull(),
    projectId: uuid('project_id').notNull(),
    serviceItemId: uuid('service_item_id').notNull(),
    serviceName: text('service_name').notNull(),
    quantityMilli: integer('quantity_milli').notNull(),
    addons: jsonb('addons').$type<Array<{ code: string; quantity: number }>>().notNull(),
    rrule: text('rrule').notNull(),
    startDate: text('start_date').notNull(),
    windowHour: integer('window_hour').notNull(),
    discountPercent: integer('discount_percent').notNull(),
    payOnSite: boolean('pay_on_site').notNull(),
    notes: text('notes').notNull(),
    channel: text('channel', { enum: ['portal', 'phone', 'api'] }).notNull(),
    status: text('status', { enum: ['active', 'paused', 'ended'] }).notNull(),
    preferredWorkerId: uuid('preferred_worker_id'),
    bookedUntil: text('booked_until'),
    /**
     * A change to the recurrence from a date on splits the series (ADR 0042): this plan ends the day before
     * and a new one carries on. Both sides keep the link, so either screen can lead to the other.
     */
    previousPlanId: uuid('previous_plan_id'),
    nextPlanId: uuid('next_plan_id'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customer.tenantId, customer.id],
    }),
    index('service_plan_customer').on(t.tenantId, t.customerId, t.id),
    index('service_plan_due').on(t.tenantId, t.status, t.bookedUntil),
  ],
)

/** One date of a plan: booked (an order), skipped, cancelled, or unavailable (no worker could come). */
export const planVisit = pgTable(
  'plan_visit',
  {
    tenantId: uuid('tenant_id').notNull(),
    planId: uuid('plan_id').notNull(),
    date: text('date').notNull(),
    windowStart: ts('window_start').notNull(),
    status: text('status', {
      enum: ['booked', 'skipped', 'unavailable', 'cancelled'],
    }).notNull(),
    orderId: uuid('order_id'),
    reason: text('reason'),
    /** Booking tries that found no worker free: the hourly pass stops retrying at MAX_BOOKING_ATTEMPTS. */
    attempts: integer('attempts').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.planId, t.date] }),
    foreignKey({
      columns: [t.tenantId, t.planId],
      foreignColumns: [servicePlan.tenantId, servicePlan.id],
    }),
    foreignKey({
      columns: [t.tenantId, t.orderId],
      foreignColumns: [serviceOrder.tenantId, serviceOrder.id],
    }),
  ],
)
