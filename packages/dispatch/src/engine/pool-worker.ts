// Long-lived solver thread: answers { id, problem, options } with { id, result } or { id, error }.
import { parentPort } from 'node:worker_threads'
import type { Problem } from '../model.ts'
import type { SearchOptions } from './search.ts'
import { search } from './search.ts'

interface Request {
  readonly id: number
  readonly problem: Problem
  readonly options: SearchOptions
}

parentPort?.on('message', (req: Request) => {
  try {
    parentPort?.postMessage({ id: req.id, result: search(req.problem, req.options) })
  } catch (error) {
    parentPort?.postMessage({
      id: req.id,
      error: error instanceof Error ? error.message : String(error),
    })
  }
})
