export interface LatLng {
  lat: number
  lng: number
}

export interface TravelSettings {
  /** Roads are longer than the straight line: 1.3–1.5 in Chinese cities. */
  roadFactor: number
  /** Average door-to-door speed, km/h (electric scooter or car in traffic). */
  speedKmh: number
}

export const DEFAULT_TRAVEL: TravelSettings = { roadFactor: 1.4, speedKmh: 22 }

const EARTH_KM = 6371.0088
const rad = (d: number) => (d * Math.PI) / 180

export function haversineKm(a: LatLng, b: LatLng): number {
  const dLat = rad(b.lat - a.lat)
  const dLng = rad(b.lng - a.lng)
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Travel time in milliseconds, rounded up to the minute. */
export function travelMs(a: LatLng, b: LatLng, s: TravelSettings = DEFAULT_TRAVEL): number {
  const minutes = (haversineKm(a, b) * s.roadFactor * 60) / s.speedKmh
  return Math.ceil(minutes) * 60_000
}
