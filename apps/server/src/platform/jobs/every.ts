import type { Logger } from 'pino'

/**
 * Runs `pass` now and then every `intervalMs` in this process, one pass at a time (a slow pass never piles up), until
 * stopped; a failed pass is logged and the next one tries again. The stand-in for pg-boss schedules
 * (ARCHITECTURE.md) while one process does everything: the work itself is durable in its tables. `stop()` aborts
 * the signal the pass was given — a pass working through a long backlog in batches stops between two — and waits
 * for it.
 */
export function every(
  intervalMs: number,
  name: string,
  pass: (signal: AbortSignal) => Promise<unknown>,
  log: Pick<Logger, 'error'>,
) {
  const stopping = new AbortController()
  let running: Promise<unknown> = Promise.resolve()
  const tick = () => {
    running = running.then(() =>
      stopping.signal.aborted
        ? undefined
        : pass(stopping.signal).catch((error: unknown) => {
            log.error({ err: error, job: name }, `${name} pass failed; the next one retries`)
          }),
    )
  }
  // The first pass at once: work may have waited while the server was down.
  if (intervalMs > 0) tick()
  const timer = intervalMs > 0 ? setInterval(tick, intervalMs) : undefined
  timer?.unref()
  return {
    async stop() {
      clearInterval(timer)
      stopping.abort()
      await running
    },
  }
}
