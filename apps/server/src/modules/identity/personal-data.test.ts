import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import { call, createStaff, createTestEnv, login, seedTenant } from '../../test-support/harness.ts'
import { queryRows } from '../../platform/db/database.ts'
import { DecryptError } from '../../platform/crypto/keyring.ts'
import { rotateKeys } from '../../platform/crypto/rotation.ts'
import { appUser } from './identity.tables.ts'

let env: TestEnv
let t: Seeded
let admin: Session
const PHONE = `13${String(Date.now()).slice(-9)}`

beforeAll(async () => {
  env = await createTestEnv({ pgliteOnDisk: true })
  t = await seedTenant(env)
  admin = await login(env, t.adminLogin)
  await createStaff(env, admin, { login: `pii-${t.slug}`, phone: PHONE, roleIds: [] })
  for (let i = 0; i < 5; i++)
    await createStaff(env, admin, {
      login: `rot${i}-${t.slug}`,
      phone: `1350000${1000 + i}`,
      roleIds: [],
    })
})
afterAll(() => env.close())

const phones = () =>
  env.core.database.tenant(t.tenantId, (tx) =>
    tx
      .select({ id: appUser.id, enc: appUser.phoneEnc })
      .from(appUser)
      .where(sql`${appUser.phoneEnc} is not null`),
  )

function filesContain(dir: string, needle: string): string[] {
  const hits: string[] = []
  const bytes = Buffer.from(needle)
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    if (fs.readFileSync(file).includes(bytes)) hits.push(file)
  }
  return hits
}

describe('personal data at rest', () => {
  it('should store the phone only as ciphertext, absent from the database files and from a dump', async () => {
    const [row] = await env.core.database.tenant(t.tenantId, (tx) =>
      queryRows<Record<string, unknown>>(
        tx,
        sql`select * from app_user where login = ${`pii-${t.slug}`}`,
      ),
    )
    expect(JSON.stringify(row)).not.toContain(PHONE)
    expect(String(row!.phone_enc)).toMatch(/^k\d+\./)
    if (env.databaseUrl) {
      const dump = execFileSync('pg_dump', ['--data-only', env.databaseUrl], {
        maxBuffer: 64 * 1024 * 1024,
      }).toString()
      expect(dump).toContain(`pii-${t.slug}`)
      expect(dump).not.toContain(PHONE)
    } else {
      await env.core.database.db.execute(sql`checkpoint`)
      expect(
        filesContain(path.join(env.dataDir, 'pglite'), `pii-${t.slug}`).length,
      ).toBeGreaterThan(0)
      expect(filesContain(env.dataDir, PHONE)).toEqual([])
    }
  })

  it('should refuse to decrypt a ciphertext copied to another row, column or tenant', async () => {
    const [a, b] = await phones()
    const cell = { tenantId: t.tenantId, table: 'app_user', column: 'phone_enc', rowId: a!.id }
    expect(env.core.keyring.decrypt(a!.enc!, cell)).toMatch(/^1\d{10}$/)
    expect(() => env.core.keyring.decrypt(a!.enc!, { ...cell, rowId: b!.id })).toThrow(DecryptError)
    expect(() => env.core.keyring.decrypt(a!.enc!, { ...cell, column: 'id_card_enc' })).toThrow(
      DecryptError,
    )
    expect(() =>
      env.core.keyring.decrypt(a!.enc!, {
        ...cell,
        tenantId: '01900000-0000-7000-8000-000000000000',
      }),
    ).toThrow(DecryptError)
    // Copy a's ciphertext onto b in the database: b's phone can no longer be read, and nobody learns a's.
    await env.core.database.tenant(t.tenantId, (tx) =>
      tx.update(appUser).set({ phoneEnc: a!.enc }).where(eq(appUser.id, b!.id)),
    )
    const reveal = await call(env, admin, 'POST', `/api/v1/users/${b!.id}/reveal-phone`)
    expect(reveal.statusCode).toBe(500)
    await env.core.database.tenant(t.tenantId, (tx) =>
      tx.update(appUser).set({ phoneEnc: b!.enc }).where(eq(appUser.id, b!.id)),
    )
  })

  it('should re-encrypt every field with a new key, resuming after an interruption', async () => {
    const before = await phones()
    const oldKey = env.core.keyring.activeKeyId
    let batches = 0
    await expect(
      rotateKeys(
        env.core.database,
        env.core.keyring,
        env.core.masterKey,
        env.core.identity.encryptedColumns,
        (p) => {
          if (p.done > 0 && ++batches === 1) throw new Error('killed')
        },
        2,
      ),
    ).rejects.toThrow('killed')
    const midway = await phones()
    const newKey = env.core.keyring.activeKeyId
    expect(newKey).not.toBe(oldKey)
    expect(midway.filter((p) => p.enc!.startsWith(`${newKey}.`)).length).toBe(2)
    const result = await rotateKeys(
      env.core.database,
      env.core.keyring,
      env.core.masterKey,
      env.core.identity.encryptedColumns,
      () => {},
      2,
    )
    expect(result).toMatchObject({ resumed: true, keyId: newKey, done: before.length - 2 })
    const after = await phones()
    expect(after.every((p) => p.enc!.startsWith(`${newKey}.`))).toBe(true)
    for (const p of before) {
      const cell = { tenantId: t.tenantId, table: 'app_user', column: 'phone_enc', rowId: p.id }
      expect(env.core.keyring.decrypt(after.find((x) => x.id === p.id)!.enc!, cell)).toBe(
        env.core.keyring.decrypt(p.enc!, cell),
      )
    }
    const keys = await env.core.database.system((tx) =>
      queryRows<{ id: string; status: string }>(
        tx,
        sql`select id, status from crypto_key order by id`,
      ),
    )
    expect(keys).toEqual([
      { id: oldKey, status: 'retired' },
      { id: newKey, status: 'active' },
    ])
  })

  it('should rotate from the command line with progress', async () => {
    const cli = path.resolve(import.meta.dirname, '../../../bin/doorstep.mjs')
    if (!env.databaseUrl) await env.core.database.close()
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'keys', 'rotate'], {
      env: {
        ...process.env,
        DOORSTEP_DATA_DIR: env.dataDir,
        DOORSTEP_MASTER_KEY: env.core.masterKey.toString('base64'),
        DOORSTEP_LOG_LEVEL: 'silent',
        ...(env.databaseUrl ? { DOORSTEP_DATABASE_URL: env.databaseUrl } : {}),
      },
    })
    expect(stdout).toMatch(/Rotating to key k3: 6\/6 fields/)
    expect(stdout).toContain('Done: 6 fields now use key k3.')
  }, 60_000)
})
