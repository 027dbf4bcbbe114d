import { useQuery } from '@tanstack/vue-query'
import { api } from '../api/client.ts'

/** The map and geocoder the coordinate forms use (the company's settings; they change only with a restart). */
export function usePlacesSettings() {
  return useQuery({
    queryKey: ['places', 'settings'],
    queryFn: () => api.call('placesSettings', {}),
    staleTime: Infinity,
  })
}

/** Coordinates of a written address, when the company has a geocoder. */
export const geocode = (city: string, address: string) =>
  api.call('geocode', { query: { city, address } })
