import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import type { ImageType } from '@doorstep/contracts'
import { customer } from '../customers/customers.tables.ts'
import { appUser } from '../identity/identity.tables.ts'

const ts = (name: string) => timestamp(name, { withTimezone: true })

/**
 * An uploaded photo. The bytes live encrypted in the file store under a key of their own, sealed here by the
 * keyring (`key_enc`), so rotating keys rewraps this column and never rewrites the images.
 */
export const file = pgTable(
  'file',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    /** Exactly one owner: the customer who uploaded it, or the staff member. */
    ownerCustomerId: uuid('owner_customer_id'),
    ownerUserId: uuid('owner_user_id'),
    contentType: text('content_type').$type<ImageType>().notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    keyEnc: text('key_enc').notNull(),
    /** What it became a photo of, once a review or complaint took it (one each). */
    attachedType: text('attached_type'),
    attachedId: uuid('attached_id'),
    /**
     * Whether the stored bytes went through `stripMetadata`. Every upload does; photos stored before it did
     * (upgraded installations) are cleaned when read and rewritten by `stripOldPhotos`.
     */
    metadataStripped: boolean('metadata_stripped').notNull().default(false),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.ownerCustomerId],
      foreignColumns: [customer.tenantId, customer.id],
    }),
    foreignKey({
      columns: [t.tenantId, t.ownerUserId],
      foreignColumns: [appUser.tenantId, appUser.id],
    }),
    check('file_one_owner', sql`num_nonnulls(${t.ownerCustomerId}, ${t.ownerUserId}) = 1`),
    index('file_attached').on(t.tenantId, t.attachedType, t.attachedId),
    index('file_metadata_kept')
      .on(t.tenantId, t.createdAt, t.id)
      .where(sql`not ${t.metadataStripped}`),
  ],
)
