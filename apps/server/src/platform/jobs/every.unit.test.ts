import { describe, expect, it } from 'vitest'
import { every } from './every.ts'

const silent = { error: () => undefined }

describe('every', () => {
  it('should run a pass at once, abort its signal on stop, wait for it, and run no pass after', async () => {
    const signals: AbortSignal[] = []
    let finish = () => {}
    const job = every(
      60_000,
      'test',
      (signal) => {
        signals.push(signal)
        return new Promise<void>((resolve) => (finish = resolve))
      },
      silent,
    )
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(signals).toHaveLength(1)
    expect(signals[0]!.aborted).toBe(false)
    let stopped = false
    const stopping = job.stop().then(() => (stopped = true))
    expect(signals[0]!.aborted).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 10))
    // A pass in flight is waited for.
    expect(stopped).toBe(false)
    finish()
    await stopping
    expect(signals).toHaveLength(1)
  })

  it('should log a failed pass and try again at the next tick', async () => {
    const errors: unknown[] = []
    let runs = 0
    const job = every(
      5,
      'flaky',
      () => (++runs === 1 ? Promise.reject(new Error('boom')) : Promise.resolve()),
      { error: (o: unknown) => void errors.push(o) },
    )
    await new Promise((resolve) => setTimeout(resolve, 40))
    await job.stop()
    expect(errors).toHaveLength(1)
    expect(runs).toBeGreaterThan(1)
  })
})
