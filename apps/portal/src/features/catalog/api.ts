import { computed, watch } from 'vue'
import { useQuery } from '@tanstack/vue-query'
import { useI18n } from 'vue-i18n'
import { useSessionStore } from '../../stores/session.ts'
import { api } from '../../api/client.ts'
import { startingAddressId, useAddresses } from '../addresses/api.ts'
import { useBookingDraft } from '../booking/draft.ts'
import type { CatalogItem } from './catalog.ts'
import { offeredIn } from './catalog.ts'

export function useCatalog() {
  return useQuery({
    queryKey: ['portal', 'catalog'],
    queryFn: () => api.call('portalCatalog', {}),
    staleTime: 5 * 60_000,
  })
}

/**
 * The company the customer books with (the catalog names it, for guests too; the session's tenant name is the
 * fallback), kept in the page title: "家安到家 · 预约上门服务".
 */
export function useCompanyName() {
  const catalog = useCatalog()
  const session = useSessionStore()
  const { t, locale } = useI18n()
  const name = computed(() => catalog.data.value?.company.name ?? session.session?.tenantName ?? '')
  watch(
    [name, locale],
    ([company]) => {
      if (typeof document !== 'undefined') document.title = company ? `${company} · ${t('app.title')}` : t('app.title')
    },
    { immediate: true },
  )
  return name
}

/**
 * Where a signed-in customer's booking of an item would start — the booking step's own rule and choice
 * (`startingAddressId` with the draft's address, where the item is offered) — from the addresses it reads (one
 * query, shared): browsing prices by its project. Null for a guest or a customer without an address.
 */
export function useBrowsingAddress() {
  const session = useSessionStore()
  const draft = useBookingDraft()
  const addresses = useAddresses(() => session.signedIn)
  return computed(() => {
    const list = session.signedIn ? addresses.data.value?.items : undefined
    return (item: CatalogItem) => {
      if (!list?.length) return null
      const id = startingAddressId(list, draft.addressId, (p) => offeredIn(item, p))
      return list.find((a) => a.id === id) ?? null
    }
  })
}
