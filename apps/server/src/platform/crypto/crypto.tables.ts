import { pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * Data-encryption keys, each wrapped (AES-256-GCM) under the master key. A platform table. During a
 * rotation the previous key is `retiring` until every ciphertext has moved to the new `active` key.
 */
export const cryptoKey = pgTable('crypto_key', {
  id: text('id').primaryKey(),
  wrappedKey: text('wrapped_key').notNull(),
  status: text('status', { enum: ['active', 'retiring', 'retired'] }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
})
