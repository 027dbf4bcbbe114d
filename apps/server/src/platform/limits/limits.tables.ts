import { date, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'

/** How many sensitive changes of a kind a staff member made on a (tenant-local) day. */
export const sensitiveChangeCount = pgTable(
  'sensitive_change_count',
  {
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId, t.day, t.kind] })],
)
