import {
  foreignKey,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'
import type { ChangePolicy, DepositRule, KeptAddon, KeptPricingModel } from '@doorstep/domain'
import { tenant } from '../tenancy/tenancy.tables.ts'

const ts = (name: string) => timestamp(name, { withTimezone: true })

export const serviceCategory = pgTable(
  'service_category',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenant.id),
    id: uuid('id').notNull(),
    parentId: uuid('parent_id'),
    name: text('name').notNull(),
    sort: integer('sort').notNull().default(0),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
  ],
)

export interface ProjectOverride {
  projectId: string
  available: boolean
  pricing: KeptPricingModel | null
}

export const serviceItem = pgTable(
  'service_item',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    categoryId: uuid('category_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    photos: jsonb('photos').$type<string[]>().notNull(),
    // As kept: a per-unit price saved before units had words has none (ADR 0057); read through readPricing.
    pricing: jsonb('pricing').$type<KeptPricingModel>().notNull(),
    addons: jsonb('addons').$type<KeptAddon[]>().notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    durationPerUnitSeconds: integer('duration_per_unit_seconds').notNull().default(0),
    skills: jsonb('skills').$type<string[]>().notNull(),
    tools: jsonb('tools').$type<string[]>().notNull(),
    deposit: jsonb('deposit').$type<DepositRule>().notNull(),
    changePolicy: jsonb('change_policy').$type<ChangePolicy>().notNull(),
    urgentFeeFen: integer('urgent_fee_fen').notNull(),
    warrantyDays: integer('warranty_days').notNull(),
    status: text('status', { enum: ['draft', 'published'] }).notNull(),
    projectOverrides: jsonb('project_overrides').$type<ProjectOverride[]>().notNull(),
    priceVersion: integer('price_version').notNull().default(1),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('service_item_code_key').on(t.tenantId, t.code),
    foreignKey({
      columns: [t.tenantId, t.categoryId],
      foreignColumns: [serviceCategory.tenantId, serviceCategory.id],
    }),
  ],
)

/** Every price an item has had; an order points at the version it was booked at. */
export const servicePrice = pgTable(
  'service_price',
  {
    tenantId: uuid('tenant_id').notNull(),
    itemId: uuid('item_id').notNull(),
    version: integer('version').notNull(),
    pricing: jsonb('pricing').$type<KeptPricingModel>().notNull(),
    addons: jsonb('addons').$type<KeptAddon[]>().notNull(),
    urgentFeeFen: integer('urgent_fee_fen').notNull(),
    deposit: jsonb('deposit').$type<DepositRule>().notNull(),
    projectOverrides: jsonb('project_overrides').$type<ProjectOverride[]>().notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.itemId, t.version] }),
    foreignKey({
      columns: [t.tenantId, t.itemId],
      foreignColumns: [serviceItem.tenantId, serviceItem.id],
    }),
  ],
)
