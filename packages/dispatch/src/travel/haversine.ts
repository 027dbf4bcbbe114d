// Default travel model: great-circle distance × road factor ÷ speed (per-tenant settings).
export interface LatLon {
  readonly lat: number
  readonly lon: number
}

export interface HaversineSettings {
  /** Road distance ÷ straight-line distance; ~1.3 in Chinese cities. */
  readonly roadFactor: number
  /** Average door-to-door speed in km/h. */
  readonly speedKmh: number
}

export const DEFAULT_HAVERSINE: HaversineSettings = { roadFactor: 1.3, speedKmh: 25 }

const EARTH_RADIUS_M = 6_371_008.8

export function haversineMeters(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

export interface Matrices {
  /** Seconds, row-major size × size. */
  readonly durations: Float64Array
  /** Meters, row-major size × size. */
  readonly distances: Float64Array
}

/** Whole-second durations and whole-meter distances, like routing engines return. */
export function haversineMatrices(
  points: readonly LatLon[],
  settings: HaversineSettings = DEFAULT_HAVERSINE,
): Matrices {
  const n = points.length
  const durations = new Float64Array(n * n)
  const distances = new Float64Array(n * n)
  const metersPerSecond = (settings.speedKmh * 1000) / 3600
  for (let i = 0; i < n; i++) {
    const a = points[i]
    if (!a) continue
    for (let j = i + 1; j < n; j++) {
      const b = points[j]
      if (!b) continue
      const road = haversineMeters(a, b) * settings.roadFactor
      const d = Math.round(road)
      const t = Math.round(road / metersPerSecond)
      distances[i * n + j] = d
      distances[j * n + i] = d
      durations[i * n + j] = t
      durations[j * n + i] = t
    }
  }
  return { durations, distances }
}
