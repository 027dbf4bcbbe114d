import { describe, expect, it } from 'vitest'
import { inSendOrder } from './database.ts'

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
