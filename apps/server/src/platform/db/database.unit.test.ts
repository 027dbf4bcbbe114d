import { describe, expect, it } from 'vitest'
import { inSendOrder, mergedWrites } from './database.ts'

describe('inSendOrder', () => {
  it('should give every answer in order when all succeed', async () => {
    await expect(inSendOrder([Promise.resolve(1), Promise.resolve('two')])).resolves.toEqual([
      1,
      'two',
    ])
  })

  it('should fail with the first statement sent that failed, even when a later one failed first', async () => {
    // As a deadlock on a lock, then the refusal of the read sent behind it (25P02), answered earlier.
    let failLock!: (e: Error) => void
    const lock = new Promise<void>((_, reject) => (failLock = reject))
    const read = Promise.reject(new Error('current transaction is aborted'))
    const answer = inSendOrder([lock, read])
    await new Promise((r) => setTimeout(r, 5))
    failLock(new Error('deadlock detected'))
    await expect(answer).rejects.toThrow('deadlock detected')
  })
})

describe('mergedWrites', () => {
  const insertOrder = {
    sql: 'insert into "service_order" ("id", "no") values ($1, $2)',
    params: ['o', 7],
  }
  const insertEvent = {
    sql: 'insert into "order_event" ("id", "order_id") values ($1, $2)',
    params: ['e', 'o'],
  }
  const storeKey = {
    sql: 'update "idempotency_key" set "response" = $1 where "key" = $2',
    params: ['{}', 'k'],
  }
  const notify = (payload: string) => ({ sql: 'select pg_notify($1, $2)', params: ['ch', payload] })

  it('should make writes to different tables one statement, its parameters renumbered, announcements last', () => {
    const [merged, ...rest] = mergedWrites([
      insertOrder,
      notify('a'),
      insertEvent,
      storeKey,
      notify('b'),
    ])
    expect(rest).toEqual([])
    expect(merged!.sql).toBe(
      'with w1 as (insert into "service_order" ("id", "no") values ($1, $2)), ' +
        'w2 as (insert into "order_event" ("id", "order_id") values ($3, $4)), ' +
        'w3 as (update "idempotency_key" set "response" = $5 where "key" = $6) ' +
        'select pg_notify($7, $8), pg_notify($9, $10)',
    )
    expect(merged!.params).toEqual(['o', 7, 'e', 'o', '{}', 'k', 'ch', 'a', 'ch', 'b'])
  })

  it('should keep two writes to one table, and a statement with its own WITH, in statements of their own', () => {
    const withOwn = {
      sql: 'with x as (delete from "a" where "id" = $1) update "b" set "n" = $2',
      params: [1, 2],
    }
    // The same table however it is spelt.
    const second = { sql: 'insert into service_order (id, no) values ($1, $2)', params: ['o2', 8] }
    const out = mergedWrites([insertOrder, insertEvent, second, withOwn, storeKey])
    expect(out.map((s) => s.sql.slice(0, 30))).toEqual([
      'with w1 as (insert into "servi',
      'insert into service_order (id,',
      'with x as (delete from "a" whe',
      'update "idempotency_key" set "',
    ])
    expect(out[1]!.params).toEqual(['o2', 8])
  })

  it('should leave a single write as it is', () => {
    expect(mergedWrites([storeKey])).toEqual([storeKey])
    expect(mergedWrites([notify('a')])).toEqual([notify('a')])
  })
})
