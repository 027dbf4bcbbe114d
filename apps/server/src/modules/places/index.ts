import { endpoints } from '@doorstep/contracts'
import { CommonError } from '../../platform/errors.ts'
import type { Geocoder } from '../../platform/geo/geocoder.ts'
import type { Router } from '../../platform/http/router.ts'

/** Addresses to coordinates, for the console and the portal; without a geocoder the client pins the map. */
export function createPlacesModule({
  geocoder,
  tiles,
}: {
  geocoder: Geocoder | null
  tiles: { url: string; subdomains: string; maxZoom: number; attribution: string } | null
}) {
  const settings = () =>
    Promise.resolve({ geocoder: geocoder ? ('amap' as const) : ('none' as const), tiles })
  const geocode = async (query: { city: string; address: string }) => {
    if (!geocoder) return { provider: 'none' as const, result: null }
    try {
      return {
        provider: 'amap' as const,
        result: await geocoder.geocode(query.city, query.address),
      }
    } catch {
      throw new CommonError('UNAVAILABLE')
    }
  }
  return {
    mount(router: Router) {
      router.mount(endpoints.geocode, ({ query }) => geocode(query))
      router.mount(endpoints.portalGeocode, ({ query }) => geocode(query))
      router.mount(endpoints.placesSettings, settings)
      router.mount(endpoints.portalPlacesSettings, settings)
    },
  }
}
