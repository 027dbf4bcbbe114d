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
    // For the retention pass's "older than": keys arrive in time order, and a BRIN index costs a booking
    // next to nothing where a b-tree would be one more index to update on every idempotent write.
    index('idempotency_key_created').using('brin', t.createdAt),
  ],
)
