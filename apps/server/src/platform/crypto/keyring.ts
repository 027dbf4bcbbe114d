import crypto from 'node:crypto'
import { asc, eq, sql } from 'drizzle-orm'
import type { Database, Executor } from '../db/database.ts'
import { holdUntilCommit } from '../db/database.ts'
import { cryptoKey } from './crypto.tables.ts'

/** Binds a ciphertext to one cell: decrypting it anywhere else (another tenant, row or column) fails. */
export interface CellAddress {
  tenantId: string
  table: string
  column: string
  rowId: string
}

export class DecryptError extends Error {}

export interface Keyring {
  readonly activeKeyId: string
  encrypt(plaintext: string, cell: CellAddress): string
  decrypt(ciphertext: string, cell: CellAddress): string
  /** Deterministic HMAC-SHA256 of a normalized value, for exact-match search without the plaintext. */
  blindIndex(kind: string, value: string): string
  keyIdOf(ciphertext: string): string
  /** Re-reads the key table (after a rotation by another process). */
  reload(): Promise<void>
}

const derive = (master: Buffer, purpose: string) =>
  Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), `doorstep/${purpose}/v1`, 32))

const b64 = (b: Buffer) => b.toString('base64url')
const aadOf = (c: CellAddress) => Buffer.from(`${c.tenantId}|${c.table}|${c.column}|${c.rowId}`)

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): string {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(aad)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return `${b64(iv)}.${b64(body)}.${b64(cipher.getAuthTag())}`
}

function open(key: Buffer, sealed: string, aad: Buffer): Buffer {
  const [iv, body, tag] = sealed.split('.')
  if (!iv || !body || !tag) throw new DecryptError('malformed ciphertext')
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
    decipher.setAAD(aad)
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()])
  } catch {
    throw new DecryptError('ciphertext does not belong here or was altered')
  }
}

/**
 * Loads the data keys (unwrapping each with the master key) and creates the first one on a new
 * installation. A wrong master key fails here, at start, rather than on the first personal record.
 */
export async function loadKeyring(database: Database, masterKey: Buffer): Promise<Keyring> {
  const kek = derive(masterKey, 'kek')
  const indexKey = derive(masterKey, 'blind-index')
  const keys = new Map<string, Buffer>()
  let active = ''

  const load = async (executor: Executor) => {
    const rows = await executor.select().from(cryptoKey).orderBy(asc(cryptoKey.createdAt))
    keys.clear()
    for (const row of rows) {
      try {
        keys.set(row.id, open(kek, row.wrappedKey, Buffer.from(row.id)))
      } catch {
        throw new Error(`DOORSTEP_MASTER_KEY does not open data key ${row.id}: wrong master key?`)
      }
      if (row.status === 'active') active = row.id
    }
  }

  await database.system(async (tx) => {
    // Processes starting together on a new database (the API and the background worker) would each find no key
    // and make one: the second waits here, then finds the first's.
    await holdUntilCommit(tx, KEYS_LOCK)
    await load(tx)
    if (keys.size === 0) {
      await createKey(tx, kek)
      await load(tx)
    }
  })

  return {
    get activeKeyId() {
      return active
    },
    encrypt(plaintext, cell) {
      return `${active}.${seal(keys.get(active)!, Buffer.from(plaintext, 'utf8'), aadOf(cell))}`
    },
    decrypt(ciphertext, cell) {
      const dot = ciphertext.indexOf('.')
      const key = keys.get(ciphertext.slice(0, dot))
      if (!key) throw new DecryptError(`unknown key ${ciphertext.slice(0, dot)}`)
      return open(key, ciphertext.slice(dot + 1), aadOf(cell)).toString('utf8')
    },
    blindIndex(kind, value) {
      return crypto.createHmac('sha256', indexKey).update(`${kind}\u0000${value}`).digest('hex')
    },
    keyIdOf: (ciphertext) => ciphertext.slice(0, ciphertext.indexOf('.')),
    reload: () => database.system(load),
  }
}

/** Who may make a data key: one at a time, as each is numbered from the keys there are. */
const KEYS_LOCK = 'crypto_key'

/** A new data key becomes active; the previous active key is retiring until rotation finishes. */
export async function createKey(executor: Executor, kek: Buffer): Promise<string> {
  await holdUntilCommit(executor, KEYS_LOCK)
  const [{ n } = { n: 0 }] = await executor
    .select({ n: sql<number>`count(*)::int` })
    .from(cryptoKey)
  const id = `k${n + 1}`
  await executor.update(cryptoKey).set({ status: 'retiring' }).where(eq(cryptoKey.status, 'active'))
  await executor.insert(cryptoKey).values({
    id,
    wrappedKey: seal(kek, crypto.randomBytes(32), Buffer.from(id)),
    status: 'active',
    createdAt: new Date(),
  })
  return id
}

export const kekOf = (masterKey: Buffer) => derive(masterKey, 'kek')
