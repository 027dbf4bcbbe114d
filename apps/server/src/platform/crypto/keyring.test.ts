import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestEnv } from '../../test-support/harness.ts'
import { createTestEnv } from '../../test-support/harness.ts'
import { cryptoKey } from './crypto.tables.ts'
import { loadKeyring } from './keyring.ts'

let env: TestEnv
beforeAll(async () => {
  env = await createTestEnv()
})
afterAll(() => env.close())

describe('keyring', () => {
  it('should make one first data key when processes start together on a new database', async () => {
    // As a database no process has started on yet (nothing is encrypted in this one).
    await env.core.database.system((tx) => tx.delete(cryptoKey))
    const masterKey = crypto.randomBytes(32)
    // The API, the background worker and more, starting at once: each finds no key (on PostgreSQL, connections
    // of their own; PGlite has one).
    const [api, worker, ...others] = await Promise.all(
      Array.from({ length: 5 }, () => loadKeyring(env.core.database, masterKey)),
    )
    for (const keyring of [api!, worker!, ...others]) expect(keyring.activeKeyId).toBe('k1')
    const sealed = api!.encrypt('13800001234', {
      tenantId: 't',
      table: 'x',
      column: 'y',
      rowId: 'r',
    })
    expect(worker!.decrypt(sealed, { tenantId: 't', table: 'x', column: 'y', rowId: 'r' })).toBe(
      '13800001234',
    )
    const keys = await env.core.database.system((tx) => tx.select().from(cryptoKey))
    expect(keys).toHaveLength(1)
  })
})
