import {
  bigint,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core'

/** What an entry says, the same whether it waits to be chained or is in the chain. */
const entryColumns = () => ({
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  actorType: text('actor_type').$type<'user' | 'api_token' | 'system' | 'customer'>().notNull(),
  actorId: uuid('actor_id'),
  actorName: text('actor_name'),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id'),
  diff: jsonb('diff').$type<Record<string, unknown>>(),
  requestId: text('request_id'),
  ip: text('ip'),
})

/**
 * The audit log: append-only for the application role, hash-chained per tenant. `hash` covers the entry and
 * `prev_hash`, so altering, deleting or reordering any entry breaks the chain from there on.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).notNull(),
    ...entryColumns(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.seq] }),
    index('audit_log_at').on(t.tenantId, t.at),
    index('audit_log_actor').on(t.tenantId, t.actorId, t.seq),
    index('audit_log_entity').on(t.tenantId, t.entityType, t.entityId, t.seq),
    index('audit_log_action').on(t.tenantId, t.action, t.seq),
  ],
)

/** The end of each tenant's chain; its row lock serializes appends within a tenant. */
export const auditHead = pgTable('audit_head', {
  tenantId: uuid('tenant_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
})

/**
 * Entries written with their change but not yet chained: a use case's transaction inserts here without waiting
 * for anyone, and the chainer (`audit.ts`) moves them into `audit_log` in order after the commit. The
 * application role may insert, read and delete them, not change them.
 */
export const auditPending = pgTable('audit_pending', entryColumns(), (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
])
