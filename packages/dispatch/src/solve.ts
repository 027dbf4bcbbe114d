// Multi-core solve: independent searches with seeds seed, seed+1, … — the first in this thread, the
// others on a pool of long-lived worker threads (started once, so short budgets are not eaten by thread
// start-up). The best wins, ties to the lowest seed, so the result is reproducible per
// (seed, threads, iterations).
import { Worker } from 'node:worker_threads'
import type { Problem } from './model.ts'
import type { SearchOptions, SearchResult } from './engine/search.ts'
import { search } from './engine/search.ts'

export interface SolveOptions extends SearchOptions {
  /** Threads in total (1 = this thread only). */
  readonly threads?: number
}

interface Reply {
  readonly id: number
  readonly result?: SearchResult
  readonly error?: string
}

class SolverPool {
  private readonly workers: Worker[] = []
  private readonly pending = new Map<
    number,
    { resolve: (r: SearchResult) => void; reject: (e: Error) => void }
  >()
  private nextId = 1

  private spawn(): Worker {
    const worker = new Worker(new URL('./engine/pool-worker.ts', import.meta.url))
    worker.unref()
    worker.on('message', (reply: Reply) => {
      const p = this.pending.get(reply.id)
      if (!p) return
      this.pending.delete(reply.id)
      if (reply.result) p.resolve(reply.result)
      else p.reject(new Error(reply.error ?? 'solver thread failed'))
    })
    worker.on('error', (error: Error) => {
      for (const p of this.pending.values()) p.reject(error)
      this.pending.clear()
    })
    return worker
  }

  /** Starts threads ahead of time (optional; run() starts them on demand). */
  warm(count: number): void {
    while (this.workers.length < count) this.workers.push(this.spawn())
  }

  run(index: number, problem: Problem, options: SearchOptions): Promise<SearchResult> {
    this.warm(index + 1)
    const worker = this.workers[index]
    if (!worker) return Promise.reject(new Error('no solver thread'))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      worker.ref()
      worker.postMessage({ id, problem, options })
    }).finally(() => {
      if (this.pending.size === 0) for (const w of this.workers) w.unref()
    }) as Promise<SearchResult>
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()))
  }
}

let pool: SolverPool | undefined

/** Start `threads - 1` solver threads now so the first solve does not pay for their start-up. */
export function warmSolverThreads(threads: number): void {
  pool ??= new SolverPool()
  pool.warm(Math.max(0, threads - 1))
}

export async function closeSolverThreads(): Promise<void> {
  await pool?.close()
  pool = undefined
}

export async function solve(problem: Problem, options: SolveOptions = {}): Promise<SearchResult> {
  const threads = Math.max(1, Math.floor(options.threads ?? 1))
  const seed = options.seed ?? 1
  const { threads: _t, ...rest } = options
  const timing =
    options.iterations === undefined &&
    options.timeLimitMs !== undefined &&
    options.deadline === undefined
      ? { deadline: Date.now() + options.timeLimitMs }
      : {}
  if (threads === 1) return search(problem, { ...rest, ...timing, seed })
  pool ??= new SolverPool()
  const p = pool
  const others = Array.from({ length: threads - 1 }, (_, i) =>
    p.run(i, problem, { ...rest, ...timing, seed: seed + i + 1 }),
  )
  const mine = search(problem, { ...rest, ...timing, seed })
  const results = [mine, ...(await Promise.all(others))]
  // Vehicles first: fewer unassigned, then fewer routes, then cost (cost alone counts only travel).
  const better =
    options.objective === 'vehicles'
      ? (a: SearchResult, b: SearchResult) =>
          a.unassigned !== b.unassigned
            ? a.unassigned < b.unassigned
            : a.vehicles !== b.vehicles
              ? a.vehicles < b.vehicles
              : a.cost < b.cost - 1e-9
      : (a: SearchResult, b: SearchResult) => a.cost < b.cost - 1e-9
  let best = mine
  for (const r of results) if (better(r, best)) best = r
  return best
}
