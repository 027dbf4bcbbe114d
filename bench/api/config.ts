// What the seed, the servers and the runner share: where the database is, the keys and the sign-ins.
import crypto from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { loadConfig } from '../../apps/server/src/platform/config.ts'

export const SERVER_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
export const DEFAULT_DB = 'doorstep_bench'

/** A fixed master key for the benchmark database only, so every run (and the app) can read the seeded data. */
export const BENCH_MASTER_KEY = crypto
  .createHash('sha256')
  .update('doorstep bench/api master key (not for real data)')
  .digest('base64')

export const PASSWORD = 'Bench-pass-2026'
export const MAIN_SLUG = 'bench-main'
export const adminLogin = (slug: string) => `${slug}-admin`

export function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL)
  url.pathname = `/${name}`
  return url.toString()
}

/** The server's own configuration, as `doorstep start` would load it from the environment. */
export function benchConfig(url: string, logLevel = 'warn') {
  return loadConfig({
    NODE_ENV: 'production',
    DOORSTEP_DATABASE_URL: url,
    DOORSTEP_MASTER_KEY: BENCH_MASTER_KEY,
    DOORSTEP_DATA_DIR: path.join(os.tmpdir(), 'doorstep-bench-api'),
    DOORSTEP_LOG_LEVEL: logLevel,
    DOORSTEP_LOGINS_PER_MINUTE: '1000',
    // The pool size as a deployment on this machine would have it, unless a run sets it.
    DOORSTEP_DB_POOL_SIZE: process.env.DOORSTEP_DB_POOL_SIZE,
  })
}

/** Creates the benchmark database if it is missing. */
export async function ensureDatabase(name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`)
  const client = new pg.Client({ connectionString: SERVER_URL })
  await client.connect()
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name])
    if (!rowCount) {
      await client.query(`create database ${name}`)
      console.log(`created database ${name}`)
    }
  } finally {
    await client.end()
  }
}
