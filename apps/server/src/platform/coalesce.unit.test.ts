import { describe, expect, it } from 'vitest'
import { coalescedBy } from './coalesce.ts'

/** A run whose batches are recorded and which finishes only when told to. */
function gatedRun() {
  const batches: Array<{ key: string; batch: number[] }> = []
  const gates: Array<() => void> = []
  const run = coalescedBy(async (key: string, batch: number[]) => {
    batches.push({ key, batch })
    await new Promise<void>((resolve) => gates.push(resolve))
    if (batch.includes(-1)) throw new Error('refused')
    return batch.map((n) => n * 10)
  })
  const openNext = async () => {
    await new Promise((resolve) => setImmediate(resolve))
    gates.shift()!()
  }
  return { run, batches, openNext }
}

describe('coalescedBy', () => {
  it('should run the first call at once and those that arrive meanwhile together, answering each', async () => {
    const { run, batches, openNext } = gatedRun()
    const first = run('a', 1)
    const later = [run('a', 2), run('a', 3), run('a', 4)]
    expect(batches).toEqual([{ key: 'a', batch: [1] }])
    await openNext()
    expect(await first).toBe(10)
    await openNext()
    expect(await Promise.all(later)).toEqual([20, 30, 40])
    expect(batches).toEqual([
      { key: 'a', batch: [1] },
      { key: 'a', batch: [2, 3, 4] },
    ])
  })

  it('should keep keys apart', async () => {
    const { run, batches, openNext } = gatedRun()
    const answers = Promise.all([run('a', 1), run('b', 2)])
    expect(batches.map((b) => b.key)).toEqual(['a', 'b'])
    await openNext()
    await openNext()
    expect(await answers).toEqual([10, 20])
  })

  it('should fail only the calls of a failing batch, and go on with the next', async () => {
    const { run, openNext } = gatedRun()
    const first = run('a', -1)
    const next = run('a', 5)
    await openNext()
    await expect(first).rejects.toThrow('refused')
    await openNext()
    expect(await next).toBe(50)
  })
})

describe('coalescedBy with a gathering time', () => {
  it('should wait before each batch so that the calls made meanwhile join it', async () => {
    const batches: number[][] = []
    const run = coalescedBy(
      (_key: string, batch: number[]) => {
        batches.push(batch)
        return Promise.resolve(batch)
      },
      { gatherMs: 20 },
    )
    const first = run('a', 1)
    await new Promise((resolve) => setTimeout(resolve, 5))
    const second = run('a', 2)
    expect(batches).toEqual([])
    expect(await Promise.all([first, second])).toEqual([1, 2])
    expect(batches).toEqual([[1, 2]])
  })
})
