import { and, eq, getTableName, isNotNull, not, sql } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Database } from '../db/database.ts'
import { queryRows } from '../db/database.ts'
import type { Keyring } from './keyring.ts'
import { createKey, kekOf } from './keyring.ts'
import { cryptoKey } from './crypto.tables.ts'

type TenantTable = PgTable & { tenantId: PgColumn; id: PgColumn }

/** A column holding ciphertext, in a tenant table whose rows are keyed by (tenant_id, id). */
export interface EncryptedColumn {
  table: TenantTable
  /** The Drizzle property of the column, e.g. `phoneEnc`. */
  key: string
  tableName: string
  columnName: string
  column: PgColumn
}

export function encryptedColumn<T extends TenantTable>(
  table: T,
  key: keyof T & string,
): EncryptedColumn {
  const column = table[key] as PgColumn
  return { table, key, tableName: getTableName(table), columnName: column.name, column }
}

export interface RotationProgress {
  keyId: string
  resumed: boolean
  done: number
  total: number
}

/**
 * Moves every ciphertext to a new data key. Safe to kill: each batch commits on its own, and running it
 * again while a key is still `retiring` resumes the unfinished rotation instead of starting another.
 */
export async function rotateKeys(
  database: Database,
  keyring: Keyring,
  masterKey: Buffer,
  columns: readonly EncryptedColumn[],
  onProgress: (p: RotationProgress) => void = () => {},
  batchSize = 200,
): Promise<RotationProgress> {
  const retiring = await database.system((tx) =>
    tx.select({ id: cryptoKey.id }).from(cryptoKey).where(eq(cryptoKey.status, 'retiring')),
  )
  const resumed = retiring.length > 0
  if (!resumed) await database.system((tx) => createKey(tx, kekOf(masterKey)))
  await keyring.reload()
  const keyId = keyring.activeKeyId
  const stale = (c: EncryptedColumn) =>
    and(isNotNull(c.column), not(sql`${c.column} like ${`${keyId}.%`}`))

  const tenants = await database.system((tx) =>
    queryRows<{ id: string }>(tx, sql`select id from tenant order by id`),
  )
  let total = 0
  for (const { id: tenantId } of tenants) {
    for (const c of columns) {
      const [row] = await database.tenant(tenantId, (tx) =>
        tx
          .select({ n: sql<number>`count(*)::int` })
          .from(c.table)
          .where(stale(c)),
      )
      total += row?.n ?? 0
    }
  }
  const progress: RotationProgress = { keyId, resumed, done: 0, total }
  onProgress(progress)
  for (const { id: tenantId } of tenants) {
    for (const c of columns) {
      for (;;) {
        const moved = await database.tenant(tenantId, async (tx) => {
          const rows = (await tx
            .select({ id: c.table.id, value: c.column })
            .from(c.table)
            .where(stale(c))
            .limit(batchSize)
            .for('update', { skipLocked: true })) as Array<{ id: string; value: string }>
          for (const row of rows) {
            const cell = { tenantId, table: c.tableName, column: c.columnName, rowId: row.id }
            const fresh = keyring.encrypt(keyring.decrypt(row.value, cell), cell)
            await tx
              .update(c.table)
              .set({ [c.key]: fresh })
              .where(and(eq(c.table.tenantId, tenantId), eq(c.table.id, row.id)))
          }
          return rows.length
        })
        if (moved === 0) break
        progress.done += moved
        onProgress(progress)
      }
    }
  }
  await database.system((tx) =>
    tx.update(cryptoKey).set({ status: 'retired' }).where(eq(cryptoKey.status, 'retiring')),
  )
  return progress
}
