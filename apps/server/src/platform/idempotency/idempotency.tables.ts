import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core'

/** A request's Idempotency-Key and the answer it got, so a retry gets the same answer and no second write. */
export const idempotencyKey = pgTable(
  'idempotency_key',
  {
    tenantId: uuid('tenant_id').notNull(),
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    response: jsonb('response'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.scope, t.key] }),
    // For the retention pass's "this company's keys older than": a BRIN index on created_at alone was cheaper to
    // keep, but its ranges only ever widen once pruned space is reused, and it cannot narrow to one company.
    index('idempotency_key_tenant_created').on(t.tenantId, t.createdAt),
  ],
)
