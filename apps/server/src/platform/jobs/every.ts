import type { Logger } from 'pino'

/**
 * Runs `pass` now and then every `intervalMs` in this process, one pass at a time (a slow pass never piles up), until
 * stopped; a failed pass is logged and the next one tries again. The stand-in for pg-boss schedules
 * (ARCHITECTURE.md) while one process does everything: the work itself is durable in its tables.
 */
export function every(
  intervalMs: number,
  name: string,
  pass: () => Promise<unknown>,
  log: Pick<Logger, 'error'>,
) {
  let running: Promise<unknown> = Promise.resolve()
  const tick = () => {
    running = running.then(() =>
      pass().catch((error: unknown) => {
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
      await running
    },
  }
}
