import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/**
 * Domain events written in the same transaction as the change they describe; a relay publishes them
 * (notifications, realtime) after commit, so an event exists exactly when its change does.
 */
export const outboxEvent = pgTable(
  'outbox_event',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('outbox_unpublished').on(t.tenantId, t.publishedAt, t.id),
  ],
)
