import {
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'
import { customer } from '../customers/customers.tables.ts'

const ts = (name: string) => timestamp(name, { withTimezone: true })

/** A one-time sign-in code sent by SMS: only its hash is kept; single use, 5 minutes, 5 tries. */
export const otpChallenge = pgTable(
  'otp_challenge',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    phoneBidx: text('phone_bidx').notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    consumedAt: ts('consumed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('otp_challenge_phone').on(t.tenantId, t.phoneBidx, t.createdAt),
  ],
)

/** A customer's portal session; the cookie holds `<tenantId>.<secret>`, only the secret's hash is kept. */
export const customerSession = pgTable(
  'customer_session',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    secretHash: text('secret_hash').notNull(),
    customerId: uuid('customer_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('customer_session_secret_key').on(t.tenantId, t.secretHash),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customer.tenantId, customer.id],
    }).onDelete('cascade'),
  ],
)
