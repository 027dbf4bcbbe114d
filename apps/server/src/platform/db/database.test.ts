import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { eventually } from '../../test-support/eventually.ts'
import { createTestEnv, seedTenant } from '../../test-support/harness.ts'
import { afterCommit, openDatabase, queryRows } from './database.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// The bookkeeping of work left running after a commit is the same on either database: an embedded one will do.
describe('work left running after a commit', () => {
  it('should return before it is done, be waited for by settled(), and have its failure thrown there once', async () => {
    const db = await openDatabase({})
    try {
      let done = false
      await db.system((tx) => {
        afterCommit(
          tx,
          async () => {
            await sleep(30)
            done = true
          },
          { wait: false },
        )
        return Promise.resolve()
      })
      expect(done).toBe(false)
      await db.settled()
      expect(done).toBe(true)

      // Without a handler for failures after commit, nobody else hears of it.
      await db.system((tx) => {
        afterCommit(tx, () => Promise.reject(new Error('the pass failed')), { wait: false })
        return Promise.resolve()
      })
      await expect(db.settled()).rejects.toThrow('the pass failed')
      await expect(db.settled()).resolves.toBeUndefined()
    } finally {
      await db.close()
    }
  })

  it('should close after a few seconds even when such work never ends', async () => {
    const db = await openDatabase({})
    await db.system((tx) => {
      afterCommit(tx, () => new Promise<void>(() => undefined), { wait: false })
      return Promise.resolve()
    })
    const started = Date.now()
    await db.close()
    expect(Date.now() - started).toBeLessThan(8_000)
  }, 15_000)
})

const serverUrl =
  process.env.DOORSTEP_TEST_DB === 'postgres' ? process.env.TEST_DATABASE_URL : undefined

// PGlite listens inside the process; a server needs a connection that listens.
describe.skipIf(!serverUrl)('listening on PostgreSQL', () => {
  it('should listen to every channel on one connection, and listen again on all of them when it drops', async () => {
    const db = await openDatabase({ url: serverUrl, poolSize: 2, onIdleError: () => undefined })
    const prefix = `t${Date.now()}${Math.floor(Math.random() * 1e6)}`
    const heard: string[] = []
    const gaps: string[] = []
    const listenTo = (name: string) =>
      db.listen(
        `${prefix}_${name}`,
        (payload) => heard.push(`${name}:${payload}`),
        () => gaps.push(name),
      )
    const notify = (name: string, payload: string) =>
      db.system((tx) => tx.execute(sql`select pg_notify(${`${prefix}_${name}`}, ${payload})`))
    // The backends of this test's listening connection, by the last statement it sent (LISTEN or UNLISTEN).
    const listening = async (statement = 'LISTEN') =>
      (
        await db.system((tx) =>
          queryRows<{ pid: number }>(
            tx,
            sql`select pid from pg_stat_activity where query like ${`${statement} "${prefix}%`}`,
          ),
        )
      ).map((r) => r.pid)
    const until = async (done: () => boolean | Promise<boolean>) =>
      expect(await eventually(done)).toBe(true)
    const terminate = async () => {
      const [pid] = await listening()
      await db.system((tx) => tx.execute(sql`select pg_terminate_backend(${pid}::int)`))
    }
    try {
      const stopA = await listenTo('a')
      const stopB = await listenTo('b')
      expect(await listening()).toHaveLength(1)
      await notify('a', '1')
      await notify('b', '2')
      await until(() => heard.length === 2)
      expect(heard).toEqual(['a:1', 'b:2'])

      // The connection drops: a second later one listens to both channels again, and each listener hears of the gap.
      await terminate()
      await until(() => gaps.length === 2)
      expect(gaps.sort()).toEqual(['a', 'b'])
      await notify('a', '3')
      await notify('b', '4')
      await until(() => heard.length === 4)
      expect(heard.slice(2)).toEqual(['a:3', 'b:4'])

      // One channel stops (UNLISTEN); the other is still heard, and when it stops too the connection closes.
      await stopA()
      await until(async () => (await listening('UNLISTEN')).length === 1)
      await notify('a', '5')
      await notify('b', '6')
      await until(() => heard.length === 5)
      expect(heard.at(-1)).toBe('b:6')
      await stopB()
      await until(async () => (await listening('%')).length === 0)

      // Stopping while the connection is down and waits to listen again returns at once (a process shuts down
      // while its database is away), and nothing connects for it afterwards.
      const stopC = await listenTo('c')
      const stopD = await listenTo('d')
      await terminate()
      await sleep(200)
      const stopping = Date.now()
      await stopC()
      await stopD()
      expect(Date.now() - stopping).toBeLessThan(500)
      await sleep(1_500)
      expect(await listening('%')).toHaveLength(0)
      expect(gaps.filter((g) => g === 'c' || g === 'd')).toEqual([])
    } finally {
      await db.close()
    }
  }, 20_000)
})

describe.skipIf(!serverUrl)('statements committed apart on PostgreSQL', () => {
  it('should wait for the flush only for a durable one, and not for those after it', async () => {
    const env = await createTestEnv()
    try {
      const t = await seedTenant(env)
      const setting = (durable: boolean) =>
        env.core.database.committedApart(
          undefined as never,
          t.tenantId,
          async (apart) =>
            (
              await queryRows<{ value: string }>(
                apart,
                sql`select current_setting('synchronous_commit') as value`,
              )
            )[0]!.value,
          { durable },
        )
      expect(await setting(false)).toBe('off')
      expect(await setting(true)).toBe('on')
      expect(await setting(false)).toBe('off')
    } finally {
      await env.close()
    }
  })
})
