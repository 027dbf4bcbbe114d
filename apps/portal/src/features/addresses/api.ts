import type { MaybeRefOrGetter } from 'vue'
import { computed, toValue } from 'vue'
import { useMutation, useQuery, useQueryClient } from '@tanstack/vue-query'
import type { RequestOf, ResponseOf } from '@doorstep/api-client'
import { api } from '../../api/client.ts'

export const addressesKey = ['portal', 'addresses'] as const

/** My addresses, read once and shared by every screen that shows or chooses one (`enabled`: watched). */
export function useAddresses(enabled: () => boolean = () => true) {
  return useQuery({
    queryKey: addressesKey,
    queryFn: () => api.call('portalAddresses', {}),
    enabled: computed(enabled),
  })
}

type Address = ResponseOf<'portalAddresses'>['items'][number]

/**
 * The address a booking starts from: the one already chosen while it is still there, else the default, else the
 * first — preferring one whose area still takes bookings over one whose project is switched off, and, for a service
 * (`offered`: whether a project offers it), one whose project offers it: an address chosen for another service is
 * kept only where this one can be booked too, or where it can be booked nowhere.
 */
export function startingAddressId(
  list: readonly Address[],
  chosen: string | null,
  offered: (projectId: string) => boolean = () => true,
): string | null {
  const kept = list.find((a) => a.id === chosen)
  const anyOffered = list.some((a) => offered(a.projectId))
  if (kept && (offered(kept.projectId) || !anyOffered)) return kept.id
  const candidates = anyOffered ? list.filter((a) => offered(a.projectId)) : list
  const open = candidates.filter((a) => a.projectActive)
  const from = open.length ? open : candidates
  return (from.find((a) => a.isDefault) ?? from[0])?.id ?? null
}

export type AddressInput = RequestOf<'portalAddAddress'>['body']

export function useAddAddress() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: AddressInput) => api.call('portalAddAddress', { body }),
    onSuccess: (data) => client.setQueryData(addressesKey, data),
  })
}

/**
 * My own name and phone in full, offered as a new address's contact (most addresses are the customer's own):
 * read when the form opens, not kept for later screens.
 */
export function useOwnContact(enabled: () => boolean) {
  return useQuery({
    queryKey: [...addressesKey, 'contact'],
    queryFn: () => api.call('portalContact', {}),
    enabled: computed(enabled),
    gcTime: 0,
    staleTime: 0,
  })
}

export type AddressChanges = RequestOf<'portalUpdateAddress'>['body']

/** One of my addresses in full (phone and door number in clear), to edit it. */
export function useAddress(id: MaybeRefOrGetter<string | null>) {
  return useQuery({
    queryKey: computed(() => [...addressesKey, 'one', toValue(id)]),
    queryFn: () => api.call('portalAddress', { params: { id: toValue(id) ?? '' } }),
    enabled: computed(() => Boolean(toValue(id))),
    // Personal data in clear: read when the form opens, not kept for later screens.
    gcTime: 0,
    staleTime: 0,
  })
}

export function useUpdateAddress() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { id: string; body: AddressChanges }) =>
      api.call('portalUpdateAddress', { params: { id: input.id }, body: input.body }),
    onSuccess: (data) => client.setQueryData(addressesKey, data),
  })
}

export function useRemoveAddress() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.call('portalRemoveAddress', { params: { id } }),
    onSuccess: (data) => client.setQueryData(addressesKey, data),
  })
}

/** The map and geocoder the address form uses (the company's settings; they change only with a restart). */
export function usePlacesSettings() {
  return useQuery({
    queryKey: ['portal', 'places', 'settings'],
    queryFn: () => api.call('portalPlacesSettings', {}),
    staleTime: Infinity,
  })
}

/** Coordinates of a written address, when the company has a geocoder. */
export const geocode = (city: string, address: string) =>
  api.call('portalGeocode', { query: { city, address } })

/**
 * Whether a point is inside one of the company's service areas: the server's rule for saving an address, asked
 * ahead of the save for the phone's location (rounded to 6 decimals, ~0.1 m: the query takes plain digits).
 */
export const coverage = (point: { lat: number; lng: number }) =>
  api.call('portalCoverage', {
    query: { lat: Number(point.lat.toFixed(6)), lng: Number(point.lng.toFixed(6)) },
  })
