import {
  boolean,
  doublePrecision,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'

/** A company: the unit of isolation. A platform table (row-level security shows a tenant only itself). */
export const tenant = pgTable('tenant', {
  id: uuid('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  /** The installation's operating company: its admins may create other tenants. */
  isOperator: boolean('is_operator').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
})

/** A city, site or property project inside a company; project roles see only theirs. */
export const project = pgTable(
  'project',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenant.id),
    id: uuid('id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['service_area', 'property'] }).notNull(),
    city: text('city').notNull(),
    active: boolean('active').notNull().default(true),
    /** The area served: a circle around a centre. Addresses are matched to the nearest project covering them. */
    centerLat: doublePrecision('center_lat'),
    centerLng: doublePrecision('center_lng'),
    radiusKm: doublePrecision('radius_km'),
    /** The number customers call about their visits here (a hotline or the site's office): the company's, not a person's. */
    servicePhone: text('service_phone'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('project_code_key').on(t.tenantId, t.code),
  ],
)
