export interface GeocodeResult {
  location: { lat: number; lng: number }
  /** The address as the provider understood it, to show for confirmation. */
  formatted: string
  /** How precise: a door number, a building, a street, a district… */
  level: string
}

/** Turns a written address into coordinates. Without a provider the client drops a pin on the map instead. */
export interface Geocoder {
  readonly name: string
  geocode(city: string, address: string): Promise<GeocodeResult | null>
}

export interface AmapConfig {
  key: string
  endpoint: string
  timeoutMs?: number
}

export class GeocoderError extends Error {}

/** Amap (高德) Web Service geocoding: `GET /v3/geocode/geo?address&city&key`, answers GCJ-02 "lng,lat". */
export function createAmapGeocoder(config: AmapConfig): Geocoder {
  return {
    name: 'amap',
    async geocode(city, address) {
      const url = new URL('/v3/geocode/geo', config.endpoint)
      url.search = new URLSearchParams({
        key: config.key,
        city,
        address,
        output: 'JSON',
      }).toString()
      const response = await fetch(url, { signal: AbortSignal.timeout(config.timeoutMs ?? 5000) })
      const body = (await response.json().catch(() => ({}))) as {
        status?: string
        info?: string
        geocodes?: Array<{ location?: string; formatted_address?: string; level?: string }>
      }
      if (!response.ok || body.status !== '1')
        throw new GeocoderError(`amap: ${body.info ?? response.status}`)
      const first = body.geocodes?.[0]
      const [lng, lat] = (first?.location ?? '').split(',').map(Number)
      if (
        !first ||
        lng === undefined ||
        lat === undefined ||
        Number.isNaN(lng) ||
        Number.isNaN(lat)
      )
        return null
      return {
        location: { lat, lng },
        formatted: first.formatted_address ?? address,
        level: first.level ?? '',
      }
    },
  }
}
