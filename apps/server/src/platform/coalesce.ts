interface Waiting<A, R> {
  arg: A
  resolve: (result: R) => void
  reject: (error: unknown) => void
}

/**
 * Calls for the same key that arrive while one is under way wait and go together: `run` is called once per key at
 * a time, with everything that queued for that key meanwhile, and answers each argument in the order given (the
 * first call of an idle key runs at once, alone). For work where one statement serves many callers as cheaply as
 * one — a counter advanced by n, a queue drained for n — and where callers otherwise wait in line for each other.
 * A failing run fails exactly the calls it carried; the next batch still runs.
 *
 * With `gatherMs`, each batch waits that long before it runs, so that more calls join it: for work nobody waits
 * on (it runs in the background), where fewer, larger batches cost less than prompt ones.
 */
export function coalescedBy<K, A, R>(
  run: (key: K, batch: A[]) => Promise<R[]>,
  { gatherMs = 0 }: { gatherMs?: number } = {},
): (key: K, arg: A) => Promise<R> {
  const queues = new Map<K, Array<Waiting<A, R>>>()
  async function drain(key: K, queue: Array<Waiting<A, R>>) {
    while (queue.length > 0) {
      if (gatherMs > 0) await new Promise((resolve) => setTimeout(resolve, gatherMs))
      const batch = queue.splice(0)
      try {
        const results = await run(
          key,
          batch.map((w) => w.arg),
        )
        batch.forEach((w, i) => w.resolve(results[i]!))
      } catch (error) {
        for (const w of batch) w.reject(error)
      }
    }
    queues.delete(key)
  }
  return (key, arg) => {
    let queue = queues.get(key)
    const idle = !queue
    if (!queue) queues.set(key, (queue = []))
    const q = queue
    const answer = new Promise<R>((resolve, reject) => q.push({ arg, resolve, reject }))
    if (idle) void drain(key, q)
    return answer
  }
}
