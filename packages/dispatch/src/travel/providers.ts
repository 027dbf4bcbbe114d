// Travel-time providers: haversine by default, OSRM `table` and Amap (高德) distance-matrix adapters with
// a pair cache and batching under each service's request limits.
import type { HaversineSettings, LatLon, Matrices } from './haversine.ts'
import { DEFAULT_HAVERSINE, haversineMatrices } from './haversine.ts'

export interface TravelTimeProvider {
  /** Durations (seconds) and distances (meters) between every pair of points. */
  matrix(points: readonly LatLon[]): Promise<Matrices>
}

export class TravelTimeError extends Error {
  override readonly name = 'TravelTimeError'
}

export function haversineProvider(
  settings: HaversineSettings = DEFAULT_HAVERSINE,
): TravelTimeProvider {
  return { matrix: (points) => Promise.resolve(haversineMatrices(points, settings)) }
}

type Fetch = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>

interface Leg {
  readonly duration: number
  readonly distance: number
}

const key = (p: LatLon) => `${p.lat.toFixed(6)},${p.lon.toFixed(6)}`

/** Caches legs by coordinate pair across calls (a day's plan re-asks mostly the same pairs). */
class LegCache {
  private readonly legs = new Map<string, Leg>()
  get(a: LatLon, b: LatLon): Leg | undefined {
    return this.legs.get(`${key(a)}>${key(b)}`)
  }
  set(a: LatLon, b: LatLon, leg: Leg): void {
    this.legs.set(`${key(a)}>${key(b)}`, leg)
  }
  get size(): number {
    return this.legs.size
  }
}

async function limit<T>(tasks: readonly (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results = new Array<T>(tasks.length)
  let next = 0
  const run = async () => {
    while (next < tasks.length) {
      const i = next++
      const task = tasks[i]
      if (task) results[i] = await task()
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, run))
  return results
}

function assemble(points: readonly LatLon[], cache: LegCache): Matrices {
  const n = points.length
  const durations = new Float64Array(n * n)
  const distances = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue
      const a = points[i]
      const b = points[j]
      const leg = a && b ? cache.get(a, b) : undefined
      if (!leg) throw new TravelTimeError(`no travel time from point ${i} to point ${j}`)
      durations[i * n + j] = leg.duration
      distances[i * n + j] = leg.distance
    }
  return { durations, distances }
}

export interface OsrmOptions {
  readonly baseUrl: string
  readonly profile?: string
  /** OSRM's --max-table-size (default 100): coordinates per request. */
  readonly maxLocations?: number
  readonly concurrency?: number
  readonly fetch?: Fetch
}

export interface ProviderStats {
  readonly requests: number
  readonly cachedLegs: number
}

export function osrmProvider(
  options: OsrmOptions,
): TravelTimeProvider & { stats(): ProviderStats } {
  const cache = new LegCache()
  const doFetch = options.fetch ?? fetch
  const maxLocations = options.maxLocations ?? 100
  const block = Math.max(1, Math.floor(maxLocations / 2))
  let requests = 0
  return {
    stats: () => ({ requests, cachedLegs: cache.size }),
    async matrix(points) {
      const n = points.length
      const blocks: number[][] = []
      for (let i = 0; i < n; i += block)
        blocks.push(Array.from({ length: Math.min(block, n - i) }, (_, k) => i + k))
      const jobs: (() => Promise<void>)[] = []
      for (const src of blocks)
        for (const dst of blocks) {
          const missing = src.some((i) =>
            dst.some((j) => i !== j && !cache.get(points[i] as LatLon, points[j] as LatLon)),
          )
          if (!missing) continue
          jobs.push(async () => {
            const ids = [...new Set([...src, ...dst])]
            const pos = new Map(ids.map((id, k) => [id, k]))
            const coords = ids.map((i) => `${points[i]?.lon},${points[i]?.lat}`).join(';')
            const url =
              `${options.baseUrl.replace(/\/$/, '')}/table/v1/${options.profile ?? 'driving'}/${coords}` +
              `?annotations=duration,distance&sources=${src.map((i) => pos.get(i)).join(';')}` +
              `&destinations=${dst.map((j) => pos.get(j)).join(';')}`
            requests++
            const res = await doFetch(url)
            if (!res.ok) throw new TravelTimeError(`OSRM table answered HTTP ${res.status}`)
            const body = (await res.json()) as {
              code?: string
              message?: string
              durations?: (number | null)[][]
              distances?: (number | null)[][]
            }
            if (body.code !== 'Ok' || !body.durations)
              throw new TravelTimeError(
                `OSRM table failed: ${body.code ?? '?'} ${body.message ?? ''}`,
              )
            src.forEach((i, a) =>
              dst.forEach((j, b) => {
                const duration = body.durations?.[a]?.[b]
                if (duration === null || duration === undefined)
                  throw new TravelTimeError(`OSRM: no route from point ${i} to point ${j}`)
                const distance = body.distances?.[a]?.[b] ?? 0
                cache.set(points[i] as LatLon, points[j] as LatLon, { duration, distance })
              }),
            )
          })
        }
      await limit(jobs, options.concurrency ?? 2)
      return assemble(points, cache)
    },
  }
}

export interface AmapOptions {
  readonly key: string
  readonly baseUrl?: string
  /** Amap's limit: 100 origins per request (one destination). */
  readonly maxOrigins?: number
  /** Concurrent requests (stay under the key's QPS). */
  readonly concurrency?: number
  /** 1 = driving distance (default), 0 = straight line, 3 = walking. */
  readonly type?: 0 | 1 | 3
  readonly fetch?: Fetch
}

/** Amap's distance API: points must be GCJ-02 (what Amap geocoding returns). */
export function amapProvider(
  options: AmapOptions,
): TravelTimeProvider & { stats(): ProviderStats } {
  const cache = new LegCache()
  const doFetch = options.fetch ?? fetch
  const maxOrigins = options.maxOrigins ?? 100
  const base = (options.baseUrl ?? 'https://restapi.amap.com').replace(/\/$/, '')
  let requests = 0
  const fmt = (p: LatLon) => `${p.lon.toFixed(6)},${p.lat.toFixed(6)}`
  return {
    stats: () => ({ requests, cachedLegs: cache.size }),
    async matrix(points) {
      const jobs: (() => Promise<void>)[] = []
      points.forEach((dest, j) => {
        const origins = points
          .map((_, i) => i)
          .filter((i) => i !== j && !cache.get(points[i] as LatLon, dest))
        for (let s = 0; s < origins.length; s += maxOrigins) {
          const chunk = origins.slice(s, s + maxOrigins)
          jobs.push(async () => {
            const url =
              `${base}/v3/distance?key=${encodeURIComponent(options.key)}&type=${options.type ?? 1}` +
              `&origins=${chunk.map((i) => fmt(points[i] as LatLon)).join('|')}&destination=${fmt(dest)}`
            requests++
            const res = await doFetch(url)
            if (!res.ok) throw new TravelTimeError(`Amap distance answered HTTP ${res.status}`)
            const body = (await res.json()) as {
              status?: string
              info?: string
              infocode?: string
              results?: { origin_id: string; distance: string; duration: string }[]
            }
            if (body.status !== '1' || !body.results)
              throw new TravelTimeError(
                `Amap distance failed: ${body.info ?? '?'} (${body.infocode ?? '?'})`,
              )
            for (const r of body.results) {
              const i = chunk[Number(r.origin_id) - 1]
              if (i === undefined)
                throw new TravelTimeError(`Amap: unexpected origin_id ${r.origin_id}`)
              cache.set(points[i] as LatLon, dest, {
                duration: Number(r.duration),
                distance: Number(r.distance),
              })
            }
          })
        }
      })
      await limit(jobs, options.concurrency ?? 3)
      return assemble(points, cache)
    },
  }
}
