import fs from 'node:fs'
import path from 'node:path'
import type { Writable } from 'node:stream'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import type { ExtractTablesWithRelations, SQLWrapper } from 'drizzle-orm'
import { sql } from 'drizzle-orm'
import type {
  PgDatabase,
  PgQueryResultHKT,
  PgTransaction,
  PreparedQueryConfig,
  SelectedFieldsOrdered,
} from 'drizzle-orm/pg-core'
import type { Query } from 'drizzle-orm'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { NodePgSession, NodePgTransaction, drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { PgDialect } from 'drizzle-orm/pg-core'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import { UUID_PATTERN } from '../ids.ts'
import { secureSchema } from './secure-schema.ts'

export type Db = PgDatabase<PgQueryResultHKT>
export type Tx = PgTransaction<
  PgQueryResultHKT,
  Record<string, never>,
  ExtractTablesWithRelations<Record<string, never>>
>
/** Anything a repository function can run a query on. */
export type Executor = Db | Tx

export type DatabaseKind = 'pglite' | 'postgres'

export interface Database {
  kind: DatabaseKind
  db: Db
  /**
   * Runs `fn` in one transaction as the application role with `app.tenant_id` set for the transaction only:
   * row-level security confines every statement to this tenant.
   */
  tenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>
  /**
   * Runs `fn`, which only reads, as the application role with `app.tenant_id` set. On PostgreSQL it runs outside
   * a transaction, on a connection of a pool kept for reading whose session is read-only: no BEGIN and COMMIT
   * round trips (a read request is then one round trip per statement), and a write there fails instead of
   * committing alone. Each statement sees what was committed when it started — as in a READ COMMITTED
   * transaction, so nothing is lost by leaving it out. On PGlite, a read-only tenant transaction.
   */
  read<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>
  /** Runs `fn` in one transaction as the schema owner: platform tables and trusted work (CLI, migrations). */
  system<T>(fn: (tx: Tx) => Promise<T>): Promise<T>
  /** Round-trip time of a trivial query, in milliseconds. */
  ping(): Promise<number>
  migrate(): Promise<void>
  /**
   * Runs `fn` while no other server process on this database runs a step of the same `name`: processes started
   * together (an API and a worker, several APIs after an upgrade) take such a step — migrating, loading the demo
   * company into an empty database — one after another, and the later ones find it done. On PostgreSQL a
   * session advisory lock on a connection of its own; PGlite belongs to one process, so `fn` runs as it is.
   */
  alone<T>(name: string, fn: () => Promise<T>): Promise<T>
  /**
   * Calls `onMessage` with the payload of every NOTIFY on `channel` (sent by any process, after its commit), and
   * `onGap` when listening resumes after a dropped connection (what was sent meanwhile is lost); returns the
   * function that stops listening.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onGap?: () => void,
  ): Promise<() => Promise<void>>
  /**
   * Runs `fn` — one statement — for the tenant so that it commits at once, whatever becomes of the caller's
   * transaction `tx`: for a tenant-wide counter that every write would otherwise hold until its own commit. A
   * caller that rolls back leaves the counter advanced (a gap). PostgreSQL runs it on a connection of its own,
   * one caller at a time, each statement committing as it runs — never a second pooled one, which requests
   * already holding the pool could wait for forever; PGlite has a single connection, so there it runs in `tx`.
   * Its result is durable once a transaction that used it commits (not sooner: it does not wait for its own
   * flush to disk), so it must not be answered to anyone on its own — unless `durable`: then its commit waits for
   * the flush (a result kept for later, such as numbers reserved ahead, which no using commit will flush first).
   */
  committedApart<T>(
    tx: Executor,
    tenantId: string,
    fn: (tx: Executor) => Promise<T>,
    options?: { durable?: boolean },
  ): Promise<T>
  /** Resolves once the after-commit work left running in the background (`afterCommit`, `wait: false`) is done. */
  settled(): Promise<void>
  /** Waits for the background work (`settled`, at most 5 s), then closes the connections. */
  close(): Promise<void>
}

export const APP_ROLE = 'doorstep_app'
const MIGRATIONS = path.resolve(import.meta.dirname, '../../../migrations')
const CLOSE_WAIT_MS = 5_000
// Serialization failures and deadlocks roll the whole transaction back, so running it again is safe.
const RETRYABLE = new Set(['40001', '40P01'])

export interface OpenOptions {
  /** PostgreSQL URL; when absent, embedded PGlite. */
  url?: string | undefined
  /** PGlite data directory; undefined = in memory. */
  pgliteDir?: string | undefined
  poolSize?: number
  onIdleError?: (error: Error) => void
  /** A hook run after a commit failed (see `afterCommit`). */
  onAfterCommitError?: (error: unknown) => void
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) {
    // Pipelined: a transaction's writes that wait for its commit travel with the COMMIT (see `atCommit`).
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      pipeline: true,
    })
    // An idle connection the server dropped (restart, failover, terminate) is replaced on next use; unhandled,
    // the pool's error event would end the process.
    pool.on('error', (error) => options.onIdleError?.(error))
    pool.on('connect', keepProcessOnConnectionError)
    const db = drizzlePg({ client: pool }) as unknown as Db
    const apart = apartConnection(options.url)
    // Pipelined too: reads sent together (an address and an item) go in one round trip.
    const readPool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      pipeline: true,
    })
    readPool.on('error', (error) => options.onIdleError?.(error))
    readPool.on('connect', keepProcessOnConnectionError)
    const listen = listenerPg(options)
    return build('postgres', db, {
      onAfterCommitError: options.onAfterCommitError,
      tenantTransaction: (tenantId, fn) => tenantTransactionPg(pool, tenantId, fn),
      read: (tenantId, fn) => tenantReadPg(readPool, tenantId, fn),
      committedApart: (_tx, tenantId, fn, options) => apart.run(tenantId, fn, options?.durable),
      migrate: () => migratePg(drizzlePg({ client: pool }), { migrationsFolder: MIGRATIONS }),
      alone: (name, fn) => aloneOnServer(options.url!, name, fn),
      listen,
      close: async () => {
        await apart.close()
        await readPool.end()
        await pool.end()
      },
    })
  }
  if (options.pgliteDir) fs.mkdirSync(options.pgliteDir, { recursive: true })
  const client = await PGlite.create(options.pgliteDir ? { dataDir: options.pgliteDir } : {})
  const pgl = drizzlePglite({ client })
  return build('pglite', pgl, {
    onAfterCommitError: options.onAfterCommitError,
    committedApart: (tx, _tenantId, fn) => fn(tx),
    migrate: () => migratePglite(pgl, { migrationsFolder: MIGRATIONS }),
    async listen(channel, onMessage) {
      const stop = await client.listen(channel, onMessage)
      // A closed PGlite has no listeners left; UNLISTEN on it would fail after the fact.
      return () => (client.closed ? Promise.resolve() : stop())
    },
    close: () => client.close(),
  })
}

/**
 * A pooled connection dropped while checked out between two statements (a database restart or failover in the
 * middle of a transaction) emits 'error' on the client, and pg-pool listens only while it is idle: unheard, the
 * event ends the process. Heard here, it ends nothing: the transaction's next statement fails as a request
 * error, and the released connection is discarded (an idle one's drop is logged by the pool's listener).
 */
function keepProcessOnConnectionError(client: pg.PoolClient) {
  client.on('error', () => undefined)
}

/**
 * Runs `fn` holding a session-level advisory lock named `name` on a connection of its own (see
 * `Database.alone`); migrating twice at once would fail on the same DDL (an index already dropped, a grant
 * updated concurrently). Ending the connection releases the lock, whatever `fn` did.
 */
async function aloneOnServer<T>(url: string, name: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  // Unheard, a drop of this idle connection would end the process; heard, it means the lock went with it.
  let lost: Error | undefined
  client.on('error', (error) => (lost ??= error))
  await client.connect()
  try {
    await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [`doorstep.${name}`])
    const result = await fn()
    // Another process may have run the same step meanwhile: not to be passed over as done alone.
    if (lost) throw new Error(`lost the lock of '${name}' while it ran: ${lost.message}`)
    return result
  } finally {
    await client.end()
  }
}

/**
 * LISTEN needs a connection of its own (a pooled one goes back to the pool). One serves every channel the process
 * listens on: PostgreSQL wakes every connection listening in the database for each notification, whatever its
 * channels, so each more of them cost every announcing commit another wake-up (bench/README). If it drops, a new
 * one listens again after a second, and each second after until it does: notifications sent in between are lost,
 * which suits their use (live updates that the next page load also shows), and each listener's `onGap` tells it
 * so once listening resumes. Stopping never waits for the database: a process must shut down while it is away.
 */
function listenerPg(options: OpenOptions) {
  interface Listener {
    onMessage: (payload: string) => void
    onGap?: (() => void) | undefined
  }
  // Per channel: who listens, and the LISTEN sent for them (later listeners wait for it too).
  const channels = new Map<string, { listeners: Set<Listener>; listening: Promise<void> }>()
  // The connected connection, and the attempt that gives it (connecting, or waiting to connect again).
  let live: pg.Client | undefined
  let attempt: Promise<pg.Client> | undefined
  // Advanced when the last listener stops: an attempt begun before gives up rather than connect for nobody.
  let generation = 0
  const command = (verb: 'LISTEN' | 'UNLISTEN', channel: string) =>
    `${verb} "${channel.replaceAll('"', '""')}"`

  const connect = async (gen: number) => {
    const c = new pg.Client({
      connectionString: options.url,
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
    })
    c.on('notification', (n) => {
      if (n.payload === undefined) return
      for (const listener of channels.get(n.channel)?.listeners ?? []) listener.onMessage(n.payload)
    })
    c.on('error', (error) => {
      options.onIdleError?.(error)
      void c.end().catch(() => undefined)
      if (live !== c) return
      live = undefined
      if (channels.size > 0) void begin(listenAgain(gen))
    })
    try {
      await c.connect()
      for (const channel of channels.keys()) await c.query(command('LISTEN', channel))
      if (gen !== generation) throw new Error('nobody listens any more')
    } catch (error) {
      await c.end().catch(() => undefined)
      throw error
    }
    live = c
    return c
  }

  const listenAgain = async (gen: number) => {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      if (gen !== generation) throw new Error('nobody listens any more')
      try {
        const c = await connect(gen)
        for (const { listeners } of channels.values())
          for (const l of listeners) {
            try {
              l.onGap?.()
            } catch (error) {
              options.onIdleError?.(error as Error)
            }
          }
        return c
      } catch (error) {
        if (gen !== generation) throw error
        options.onIdleError?.(error as Error)
      }
    }
  }

  /** Makes `connecting` the attempt new listeners wait for; if it fails, the next listener connects afresh. */
  const begin = (connecting: Promise<pg.Client>) => {
    attempt = connecting
    connecting.catch(() => {
      if (attempt === connecting) attempt = undefined
    })
    return connecting
  }

  return async (
    name: string,
    onMessage: (payload: string) => void,
    onGap?: () => void,
  ): Promise<() => Promise<void>> => {
    const listener = { onMessage, onGap }
    let channel = channels.get(name)
    if (!channel) {
      const listening = (attempt ?? begin(connect(generation))).then(async (c) => {
        // A connection that connected since this channel was added listens to it already; twice is harmless.
        await c.query(command('LISTEN', name))
      })
      channel = { listeners: new Set(), listening }
      channels.set(name, channel)
    }
    const { listeners, listening } = channel
    listeners.add(listener)
    const stop = async () => {
      listeners.delete(listener)
      if (listeners.size > 0 || channels.get(name) !== channel) return
      channels.delete(name)
      if (channels.size > 0) {
        // Not waited for: a notification on it reaches nobody anyway, and a later LISTEN queues behind it.
        void live?.query(command('UNLISTEN', name)).catch(() => undefined)
        return
      }
      generation++
      attempt = undefined
      const c = live
      live = undefined
      await c?.end().catch(() => undefined)
    }
    try {
      await listening
    } catch (error) {
      await stop()
      throw error
    }
    return stop
  }
}

// Which tenant a transaction was opened for, so tenant-wide settings can be cached per process by tenant.
const tenantOfTx = new WeakMap<Tx, string>()

/** The tenant a `database.tenant` transaction serves (undefined for a system transaction). */
export const tenantOf = (tx: Executor): string | undefined => tenantOfTx.get(tx as Tx)

const commitHooks = new WeakMap<Tx, Array<() => Promise<void>>>()

/**
 * Runs `hook` in `tx` after the rest of its work, just before it commits: for a step that takes a lock every
 * write of the tenant waits on (the audit chain), so the lock is held as briefly as the commit allows.
 * Returns false when `tx` is not a transaction this module opened; the caller then does the step at once.
 */
export function beforeCommit(tx: Executor, hook: () => Promise<void>): boolean {
  const hooks = commitHooks.get(tx as Tx)
  if (!hooks) return false
  hooks.push(hook)
  return true
}

type AfterCommitHook = (database: Database) => Promise<void>
const afterCommitHooks = new WeakMap<Tx, Array<{ run: AfterCommitHook; wait: boolean }>>()

/**
 * Runs `hook` once `tx` has committed, before `database.tenant`/`system` returns (never when it rolls back): for
 * work that must follow the change but need not hold its locks. With `wait: false` the hook is started and left
 * running, and the caller returns at once: for work nobody reads before it is done (chaining the audit log,
 * whose readers first chain what waits); `database.settled()` and `close()` wait for it. Returns false when `tx`
 * is not a transaction this module opened. A hook's failure cannot undo the commit: it is reported to
 * `onAfterCommitError`, and the hook's own work must be able to finish later.
 */
export function afterCommit(
  tx: Executor,
  hook: AfterCommitHook,
  { wait = true }: { wait?: boolean } = {},
): boolean {
  const hooks = afterCommitHooks.get(tx as Tx)
  if (!hooks) return false
  hooks.push({ run: hook, wait })
  return true
}

/** A statement built, ready to run: its text and its parameters as the driver takes them. */
export type BuiltStatement = Query

const atCommitWrites = new WeakMap<Tx, BuiltStatement[]>()

/** A statement built from Drizzle's tree (its text and parameters as they stand). */
export const builtOf = (statement: SQLWrapper): BuiltStatement =>
  pgDialect.sqlToQuery(statement.getSQL())

/** Runs a built statement in `tx` now. */
export async function runBuilt(tx: Executor, statement: BuiltStatement): Promise<void> {
  await tx._.session.prepareQuery(statement, undefined, undefined, false).execute()
}

/**
 * Runs `statement` — a write whose result nobody reads — in `tx` when it commits, after its before-commit hooks
 * and in the order given: on PostgreSQL these writes and the COMMIT travel in one round trip (the connection
 * is pipelined), where each would otherwise wait for an answer alone. A failing write fails the transaction as
 * it would have at once; only the moment differs, so nothing in `tx` may depend on its effect (a read, a
 * constraint the caller turns into an answer). Outside a transaction this module opened, it runs at once.
 */
export async function atCommit(
  tx: Executor,
  statement: BuiltStatement | SQLWrapper,
): Promise<void> {
  const built = 'getSQL' in statement ? builtOf(statement) : statement
  const writes = atCommitWrites.get(tx as Tx)
  if (writes) writes.push(built)
  else await runBuilt(tx, built)
}

/**
 * Runs `fn` with commit hooks enabled on `tx`, then the hooks, in the order they were added, then — unless the
 * caller sends them with its COMMIT (`pipelined`) — the writes left for the commit, merged (`mergedWrites`).
 */
async function withCommitHooks<T>(
  tx: Tx,
  fn: (tx: Tx) => Promise<T>,
  pipelined = false,
): Promise<{ result: T; writes: BuiltStatement[] }> {
  const hooks: Array<() => Promise<void>> = []
  const writes: BuiltStatement[] = []
  commitHooks.set(tx, hooks)
  atCommitWrites.set(tx, writes)
  const result = await fn(tx)
  for (const hook of hooks) await hook()
  atCommitWrites.delete(tx)
  const merged = mergedWrites(writes)
  if (!pipelined) for (const write of merged) await runBuilt(tx, write)
  return { result, writes: pipelined ? merged : [] }
}

// The table a write changes, as Drizzle and this project's statements spell it; a select has none.
const WRITE_TARGET = /^\s*(?:insert\s+into|update|delete\s+from)\s+("[^"]+"|\w+)[\s(]/i
const SELECT = /^\s*select\s/i
const NOTIFY = /^\s*select\s+(pg_notify\(\$\d+, \$\d+\))\s*$/i
// Merged statements whose parts each take few enough parameters to be named (see `preparedName`).
const mergedOfFew = new WeakSet<BuiltStatement>()

/**
 * The writes left for the commit in as few statements as is safe: consecutive writes to different tables become
 * one statement of data-modifying CTEs (`with w1 as (insert …), w2 as (update …) insert …`), and a select among
 * them ends its group as the statement's main query. Each statement costs PostgreSQL and the driver a round of
 * bind, execute and answer, and a booking left five of them for its commit (bench/README). Parts of one
 * statement run on one snapshot and none sees another's rows, so two writes to one table — which could touch
 * the same row — go in different statements, as does a statement that has its own WITH. Foreign keys between
 * the parts hold: their checks run when the whole statement ends. The announcements (`select pg_notify($1,
 * $2)`) become the main query of the last statement, one select of them all: PostgreSQL delivers them at
 * commit whatever their place in the transaction, in the order they were made. Parameters are renumbered in the
 * text (`$1` …): the statements here are built by Drizzle and this project, with every value a parameter.
 */
export function mergedWrites(writes: readonly BuiltStatement[]): BuiltStatement[] {
  const groups: Array<{ parts: BuiltStatement[]; tables: Set<string>; open: boolean }> = []
  const notifies: BuiltStatement[] = []
  for (const write of writes) {
    if (NOTIFY.test(write.sql)) {
      notifies.push(write)
      continue
    }
    // As PostgreSQL names it: "order_event" and order_event are one table.
    const target = WRITE_TARGET.exec(write.sql)?.[1]
      ?.replace(/^"(.*)"$/, '$1')
      .toLowerCase()
    const select = SELECT.test(write.sql)
    const last = groups.at(-1)
    if (target && last?.open && !last.tables.has(target)) {
      last.parts.push(write)
      last.tables.add(target)
    } else if (select && last?.open) {
      last.parts.push(write)
      last.open = false
    } else {
      // A write with its own WITH, or not a write this knows, stands alone.
      groups.push({ parts: [write], tables: new Set(target ? [target] : []), open: !!target })
    }
  }
  if (notifies.length > 0) {
    const announce = merge(
      notifies,
      (texts) => `select ${texts.map((t) => NOTIFY.exec(t)![1]).join(', ')}`,
    )
    const last = groups.at(-1)
    if (last?.open) last.parts.push(announce)
    else groups.push({ parts: [announce], tables: new Set(), open: false })
  }
  return groups.map(({ parts }) =>
    parts.length === 1
      ? parts[0]!
      : merge(parts, (texts) => {
          const main = texts.pop()!
          return `with ${texts.map((text, i) => `w${i + 1} as (${text})`).join(', ')} ${main}`
        }),
  )
}

/** One statement of `parts`, their texts joined by `join` once each one's parameters are renumbered. */
function merge(
  parts: readonly BuiltStatement[],
  join: (texts: string[]) => string,
): BuiltStatement {
  const params: unknown[] = []
  const texts = parts.map((statement) => {
    const offset = params.length
    params.push(...statement.params)
    return offset === 0
      ? statement.sql
      : statement.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)
  })
  const merged = { sql: join(texts), params }
  if (parts.every((statement) => statement.params.length <= MAX_PREPARED_PARAMS))
    mergedOfFew.add(merged)
  return merged
}

/**
 * Sends `writes` and the COMMIT together on a pipelined connection and waits for all of them. If a write fails,
 * PostgreSQL refuses what follows and turns the COMMIT into a rollback: the first failure is the answer.
 */
async function commitPipelined(client: pg.PoolClient, writes: readonly BuiltStatement[]) {
  // pg keeps its socket on `connection` (not in its types).
  const stream = (client as unknown as { connection: { stream: Writable } }).connection.stream
  // One socket write for all of them (each query would otherwise be written on its own).
  stream.cork()
  const sent = [
    ...writes.map((w) => client.query({ text: w.sql, values: w.params, name: preparedName(w) })),
    client.query('commit'),
  ]
  stream.uncork()
  const [commit] = (await inSendOrder(sent)).slice(-1) as [pg.QueryResult]
  // A transaction a swallowed error aborted answers its COMMIT with ROLLBACK, not with an error.
  if (commit.command === 'ROLLBACK')
    throw new Error('the transaction was rolled back: a statement failed')
}

/**
 * Waits for statements sent together on one connection, and fails with the first failure in the order they
 * were sent: one failed statement makes PostgreSQL refuse those after it in the transaction (25P02), whose
 * answers may settle first, and the cause — a deadlock to retry, say — is the earlier one.
 */
export async function inSendOrder<T extends readonly unknown[]>(
  sent: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(sent as ReadonlyArray<Promise<unknown>>)
  const values = settled.map((r) => {
    if (r.status === 'rejected') throw r.reason
    return r.value
  })
  return values as unknown as T
}

const pgDialect = new PgDialect()

const TENANT_SETTINGS = `select set_config('app.tenant_id', $1, true), set_config('role', $2, true)`

/**
 * A tenant transaction on PostgreSQL whose BEGIN and tenant settings travel in one round trip (Drizzle's own
 * transaction sends BEGIN alone): a request's transaction is a handful of statements, so one fewer counts.
 * The tenant id is checked to be a UUID, so a caller's mistake fails here rather than in its first query.
 */
async function tenantTransactionPg<T>(
  pool: Pick<pg.Pool, 'connect'>,
  tenantId: string,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  if (!UUID_PATTERN.test(tenantId)) throw new Error(`not a tenant id: ${tenantId.slice(0, 40)}`)
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    const tx = new NodePgTransaction(
      pgDialect,
      new PreparingSession(client, pgDialect, undefined),
      undefined,
    ) as unknown as Tx
    tenantOfTx.set(tx, tenantId)
    try {
      // BEGIN is not waited for: what the use case sends at once follows it in the same write, and PostgreSQL
      // runs them in order. If BEGIN fails, so does all that follows, and its failure is the answer.
      const [, , { result, writes }] = await inSendOrder(
        sentTogether(
          tx,
          () =>
            [
              client.query('begin'),
              // Prepared once per connection (the tenant a parameter), not parsed and planned in every transaction.
              client.query({ name: 'd0', text: TENANT_SETTINGS, values: [tenantId, APP_ROLE] }),
              withCommitHooks(tx, fn, true),
            ] as const,
        ),
      )
      await commitPipelined(client, writes)
      return result
    } catch (error) {
      await client.query('rollback').catch((e: Error) => (broken = e))
      throw error
    }
  } finally {
    // A connection whose rollback failed is in an unknown state: the pool closes it instead of reusing it.
    client.release(broken)
  }
}

type DropFirst3<A extends unknown[]> = A extends [unknown, unknown, unknown, ...infer R] ? R : never

// Statement names by text, for `PreparingSession`: one per distinct text in the process, up to a bound, so
// neither the process nor a connection keeps an unbounded number (texts vary with list lengths).
const statementNames = new Map<string, string>()
const MAX_PREPARED = 300
const MAX_PREPARED_PARAMS = 40

/**
 * The name a statement is prepared under, or none: a statement with many parameters is a bulk insert or a long
 * id list whose text changes with its length, and naming each length would spend the bound on shapes that
 * rarely repeat. Writes merged for the commit are named when each of their parts would be.
 */
const preparedName = (statement: Query) =>
  statement.params.length <= MAX_PREPARED_PARAMS || mergedOfFew.has(statement)
    ? statementName(statement.sql)
    : undefined

function statementName(text: string): string | undefined {
  let name = statementNames.get(text)
  if (!name && statementNames.size < MAX_PREPARED) {
    name = `d${statementNames.size + 1}`
    statementNames.set(text, name)
  }
  return name
}

/**
 * A session whose statements are named prepared statements: PostgreSQL parses each text once per connection
 * and, once it has seen a few executions, keeps a plan for it; the text is not sent again. Planning took as long
 * as running the hot reads (bench/README.md), and the connection keeps the statements while it lives.
 */
class PreparingSession extends NodePgSession<Record<string, never>, never> {
  override prepareQuery<T extends PreparedQueryConfig = PreparedQueryConfig>(
    query: Query,
    fields: SelectedFieldsOrdered | undefined,
    name: string | undefined,
    ...rest: DropFirst3<Parameters<NodePgSession<Record<string, never>, never>['prepareQuery']>>
  ) {
    const prepared = name ?? preparedName(query)
    return super.prepareQuery<T>(query, fields, prepared, ...rest)
  }
}

// The tenant each connection's session is set for (see `onTenantSession`).
const sessionTenant = new WeakMap<pg.PoolClient | pg.Client, string>()

/**
 * Runs `fn` on `client` outside a transaction, as the application role with the tenant set for the session —
 * set on the connection's first use and again only when the tenant changes, in one awaited statement, so no
 * query can run on it before they hold. A connection is used in one mode only: read-only (reads) or not (the
 * connection apart).
 */
async function onTenantSession<T>(
  client: pg.PoolClient | pg.Client,
  tenantId: string,
  readOnly: boolean,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  if (sessionTenant.get(client) !== tenantId) {
    sessionTenant.delete(client)
    await client.query(
      `select set_config('role', '${APP_ROLE}', false), set_config('default_transaction_read_only', $2, false),
        set_config('app.tenant_id', $1, false)`,
      [tenantId, readOnly ? 'on' : 'off'],
    )
    sessionTenant.set(client, tenantId)
  }
  const executor = new NodePgTransaction(
    pgDialect,
    new PreparingSession(client, pgDialect, undefined),
    undefined,
  ) as unknown as Tx
  tenantOfTx.set(executor, tenantId)
  return fn(executor)
}

/** A tenant read on PostgreSQL: a connection of the reading pool, its session read-only. */
async function tenantReadPg<T>(
  pool: pg.Pool,
  tenantId: string,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  try {
    return await onTenantSession(client, tenantId, true, fn)
  } finally {
    // The pool drops a connection that broke on its own (no longer queryable).
    client.release()
  }
}

/**
 * One connection outside the pool, lent to one caller at a time (see `committedApart`). Its statements commit
 * one by one as they run (no BEGIN and COMMIT: a third of the round trips), which suits the single statement a
 * counter takes; the queue keeps a caller's tenant setting and statements together.
 */
function apartConnection(url: string) {
  let client: Promise<pg.Client> | undefined
  let queue: Promise<unknown> = Promise.resolve()
  const open = () => {
    const c = new pg.Client({ connectionString: url })
    // A dropped connection, or one that never opened, is replaced at the next use.
    c.on('error', () => (client = undefined))
    // Without waiting for its own WAL flush: a statement here only matters through a transaction that later
    // commits having used its result (an order taking a number), and that commit's flush covers the earlier
    // record. Lost in a crash, it was used by nothing that survived it.
    return c
      .connect()
      .then(() => c.query('set synchronous_commit = off'))
      .then(
        () => c,
        (error: unknown) => {
          client = undefined
          throw error
        },
      )
  }
  return {
    run<T>(tenantId: string, fn: (tx: Tx) => Promise<T>, durable = false): Promise<T> {
      const turn = queue.then(async () => {
        const c = await (client ??= open())
        if (!durable) return onTenantSession(c, tenantId, false, fn)
        // Each statement is its own transaction here, so the setting is the session's for this turn. Left on if
        // turning it off fails: slower, never less safe.
        await c.query('set synchronous_commit = on')
        try {
          return await onTenantSession(c, tenantId, false, fn)
        } finally {
          await c.query('set synchronous_commit = off').catch(() => undefined)
        }
      })
      queue = turn.catch(() => undefined)
      return turn
    },
    close: async () => (client ? (await client).end() : undefined),
  }
}

function build(
  kind: DatabaseKind,
  db: Db,
  ops: Pick<Database, 'migrate' | 'listen' | 'close' | 'committedApart'> & {
    alone?: Database['alone']
    onAfterCommitError?: ((error: unknown) => void) | undefined
    tenantTransaction?: <T>(tenantId: string, fn: (tx: Tx) => Promise<T>) => Promise<T>
    read?: <T>(tenantId: string, fn: (tx: Tx) => Promise<T>) => Promise<T>
  },
): Database {
  let closing: Promise<void> | undefined
  const retrying = async <T>(run: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run()
      } catch (error) {
        if (attempt >= 5 || !RETRYABLE.has(pgCode(error) ?? '')) throw error
        await new Promise((resolve) => setTimeout(resolve, attempt * 10 + Math.random() * 20))
      }
    }
  }
  // PGlite: a transaction, read-only for `read` so that a write there fails as it does on PostgreSQL.
  const embeddedTenantTransaction = <T>(
    tenantId: string,
    fn: (tx: Tx) => Promise<T>,
    accessMode: 'read write' | 'read only' = 'read write',
  ) =>
    db.transaction(
      async (tx) => {
        await tx.execute(
          sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('role', ${APP_ROLE}, true)`,
        )
        tenantOfTx.set(tx, tenantId)
        return (await withCommitHooks(tx, fn)).result
      },
      { accessMode },
    )
  const tenantTransaction = ops.tenantTransaction ?? embeddedTenantTransaction
  /** Runs a transaction (again on a retryable failure), then the after-commit hooks its last attempt added. */
  const thenHooks = async <T>(
    run: (fn: (tx: Tx) => Promise<T>) => Promise<T>,
    fn: (tx: Tx) => Promise<T>,
  ): Promise<T> => {
    let hooks: Array<{ run: AfterCommitHook; wait: boolean }> = []
    const result = await retrying(() =>
      run((tx) => {
        hooks = []
        afterCommitHooks.set(tx, hooks)
        return fn(tx)
      }),
    )
    // Without a handler (tests, tools) a failing hook is the caller's error, so it cannot pass unnoticed; one
    // in the background has no caller left, so its failure is thrown from the next `settled()`.
    const report = ops.onAfterCommitError
    for (const hook of hooks) {
      const running = hook.run(database)
      if (hook.wait) await (report ? running.catch(report) : running)
      else inBackground(report ? running.catch(report) : running)
    }
    return result
  }
  const background = new Set<Promise<void>>()
  // The first failure of background work nobody was told of, for the next `settled()` to throw.
  let unreported: { error: unknown } | undefined
  const inBackground = (work: Promise<void>) => {
    const tracked: Promise<void> = work
      .catch((error: unknown) => void (unreported ??= { error }))
      .finally(() => background.delete(tracked))
    background.add(tracked)
  }
  const settled = async () => {
    // Work that finishes may start more (a pass that leaves entries for the next): wait until none is left.
    while (background.size > 0) await Promise.all(background)
    const failed = unreported
    unreported = undefined
    if (failed) throw failed.error
  }
  // A stopping process waits this long for background work (a pass stuck on a lock must not hold it forever):
  // what it leaves undone is finished by the periodic passes (an audit entry waits in audit_pending).
  const closeAfterSettled = () =>
    Promise.race([
      settled(),
      new Promise<void>((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref()),
    ]).finally(ops.close)
  const database: Database = {
    kind,
    db,
    tenant: (tenantId, fn) => thenHooks((f) => tenantTransaction(tenantId, f), fn),
    read: ops.read ?? ((tenantId, fn) => embeddedTenantTransaction(tenantId, fn, 'read only')),
    system: (fn) =>
      thenHooks((f) => db.transaction(async (tx) => (await withCommitHooks(tx, f)).result), fn),
    async ping() {
      const start = performance.now()
      await db.execute(sql`select 1`)
      return Math.round((performance.now() - start) * 100) / 100
    },
    async migrate() {
      const migrateAndSecure = async () => {
        await ops.migrate()
        await db.transaction((tx) => secureSchema(tx))
      }
      await database.alone('migrate', migrateAndSecure)
    },
    alone: ops.alone ?? ((_name, fn) => fn()),
    listen: ops.listen,
    committedApart: ops.committedApart,
    settled,
    close: () => (closing ??= closeAfterSettled()),
  }
  return database
}

/**
 * Sets the tenant inside a system transaction (without switching role), for trusted work that creates a tenant
 * and its first rows in one transaction: forced row-level security then admits exactly that tenant's rows.
 */
export async function enterTenant(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`)
}

/**
 * Takes a lock named `key` until `tx` ends (a transaction-scoped advisory lock): for serialising work on
 * something that has no row of its own to lock, such as a worker's day. The statement is sent before this
 * returns, so statements sent after it, even before it is awaited, run once the lock is held. `sharedKey`, when
 * given, is held too, in the same statement, shared with others holding it so: many hold it at once, and one
 * `holdUntilCommit(sharedKey)` waits for them all and holds them off (a worker's days, and the worker leaving).
 */
export function holdUntilCommit(tx: Executor, key: string, sharedKey?: string): Promise<void> {
  return runBuilt(
    tx,
    sharedKey === undefined
      ? { sql: ADVISORY_LOCK, params: [key] }
      : { sql: ADVISORY_LOCK_AND_SHARED, params: [key, sharedKey] },
  )
}
const ADVISORY_LOCK = 'select pg_advisory_xact_lock(hashtextextended($1, 0))'
const ADVISORY_LOCK_AND_SHARED =
  'select pg_advisory_xact_lock(hashtextextended($1, 0)), pg_advisory_xact_lock_shared(hashtextextended($2, 0))'

/**
 * Sends the statements `send` starts (without waiting for them) in one socket write on PostgreSQL, where each
 * would be written alone: for statements sent together on the pipelined connection, such as a lock and the reads
 * that follow it. A write costs a system call and a wake-up of the server's process each.
 */
export function sentTogether<T>(tx: Executor, send: () => T): T {
  // pg keeps its socket on `connection` (not in its types); PGlite has none.
  const { client } = tx._.session as unknown as {
    client?: { connection?: { stream?: Writable } }
  }
  const stream = client?.connection?.stream
  stream?.cork()
  try {
    return send()
  } finally {
    stream?.uncork()
  }
}

/** The SQLSTATE of a database error, wherever the driver put it. */
export function pgCode(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
  }
  return undefined
}

/** Rows of a raw `execute`, the same for both drivers. */
export async function queryRows<T>(executor: Executor, query: SQLWrapper): Promise<T[]> {
  // Both drivers answer with { rows }; Drizzle types the shared result as unknown.
  const result = (await executor.execute(query)) as { rows: T[] }
  return result.rows
}
