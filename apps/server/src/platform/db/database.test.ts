import { describe, expect, it } from 'vitest'
import { afterCommit, openDatabase } from './database.ts'

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
