import {
  boolean,
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
import { project, tenant } from '../tenancy/tenancy.tables.ts'

const ts = (name: string) => timestamp(name, { withTimezone: true })

export interface Preferences {
  usualServiceIds: string[]
  preferredTimes: string[]
  preferredWorkerIds: string[]
  blockedWorkerIds: string[]
}

/** A customer. Phone is ciphertext with a blind index (one customer per phone in a tenant). */
export const customer = pgTable(
  'customer',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenant.id),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    phoneBidx: text('phone_bidx').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    /** PIPL: the privacy notice version the customer last agreed to, and when. */
    privacyConsentVersion: text('privacy_consent_version'),
    privacyConsentedAt: ts('privacy_consented_at'),
    gender: text('gender', { enum: ['female', 'male', 'unknown'] }).notNull(),
    tags: jsonb('tags').$type<string[]>().notNull(),
    source: text('source', {
      enum: ['portal', 'phone', 'walk_in', 'referral', 'wechat', 'api', 'import'],
    }).notNull(),
    notes: text('notes').notNull(),
    preferences: jsonb('preferences').$type<Preferences>().notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('customer_phone_key').on(t.tenantId, t.phoneBidx),
    index('customer_name').on(t.tenantId, t.name),
  ],
)

/**
 * A service address. The exact address, contact phone and exact location are ciphertext; the location is kept
 * in clear only to about 100 m (3 decimals), which is what travel times need.
 */
export const customerAddress = pgTable(
  'customer_address',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    label: text('label').notNull(),
    contactName: text('contact_name').notNull(),
    contactPhoneEnc: text('contact_phone_enc').notNull(),
    contactPhoneMasked: text('contact_phone_masked').notNull(),
    city: text('city').notNull(),
    district: text('district').notNull(),
    detailEnc: text('detail_enc').notNull(),
    detailMasked: text('detail_masked').notNull(),
    locationEnc: text('location_enc').notNull(),
    latApprox: doublePrecision('lat_approx').notNull(),
    lngApprox: doublePrecision('lng_approx').notNull(),
    projectId: uuid('project_id').notNull(),
    isDefault: boolean('is_default').notNull(),
    createdAt: ts('created_at').notNull(),
    /** Removed by the customer or staff: gone from lists and booking; past orders still point here. */
    archivedAt: ts('archived_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customer.tenantId, customer.id],
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.projectId],
      foreignColumns: [project.tenantId, project.id],
    }),
    index('customer_address_customer').on(t.tenantId, t.customerId),
    index('customer_address_project').on(t.tenantId, t.projectId),
  ],
)
