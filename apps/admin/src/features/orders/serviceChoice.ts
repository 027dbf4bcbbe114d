import { computed, reactive, ref, watch } from 'vue'
import type { Ref } from 'vue'
import { largestVisitQuantityMilli, visitMinutes } from '@doorstep/domain'
import { useDebounced } from '../../composables/useDebounced.ts'
import { fromMilli, toMilli } from '../../composables/money.ts'
import { useServiceItems } from '../catalog/api.ts'
import type { ServiceItem } from '../catalog/api.ts'
import { offeredIn, pricingIn } from './pricePreview.ts'

/**
 * The service step of a phone order and of a plan: the published items the address's project offers (searched as
 * typed), the one chosen, its price there, the amount and the add-ons. The amount's input keeps to what the server
 * takes: whole units for a per-unit item, at least the project's minimum, at most what one visit of the item holds
 * in a day (measured by the item's own rule, as the server measures it).
 */
export function useServiceChoice(projectId: Ref<string | null>) {
  const serviceSearch = ref('')
  const serviceQ = useDebounced(serviceSearch, 250)
  const services = useServiceItems(() => ({
    q: serviceQ.value.trim() || undefined,
    status: 'published',
    projectId: projectId.value ?? undefined,
    limit: 50,
  }))
  const serviceId = ref<string | null>(null)
  // Items stay known once listed, so a search that no longer lists the chosen one does not lose it.
  const knownItems = reactive(new Map<string, ServiceItem>())
  const serviceOptions = computed(() =>
    (services.data.value?.items ?? []).filter((i) => offeredIn(i, projectId.value)),
  )
  watch(serviceOptions, (items) => items.forEach((i) => knownItems.set(i.id, i)), {
    immediate: true,
  })
  const item = computed(() => (serviceId.value ? (knownItems.get(serviceId.value) ?? null) : null))
  const pricing = computed(() => (item.value ? pricingIn(item.value, projectId.value) : null))
  const quantity = ref(1)
  const addonCounts = reactive<Record<string, number>>({})
  watch(item, (next) => {
    for (const key of Object.keys(addonCounts)) Reflect.deleteProperty(addonCounts, key)
    for (const addon of next?.addons ?? []) addonCounts[addon.code] = 0
    const p = next ? pricingIn(next, projectId.value) : null
    quantity.value = p && p.kind !== 'fixed' ? Math.max(1, fromMilli(p.minQuantityMilli)) : 1
  })
  const minQuantity = computed(() =>
    pricing.value && pricing.value.kind !== 'fixed' ? fromMilli(pricing.value.minQuantityMilli) : 0,
  )
  const quantityMilli = computed(() =>
    pricing.value && pricing.value.kind !== 'fixed' ? toMilli(quantity.value) : 0,
  )
  /** As long as the amount chosen makes the visit (more hours, m² or units). */
  const visitLength = computed(() =>
    item.value ? visitMinutes(item.value, quantityMilli.value) : 0,
  )
  const maxQuantity = computed(() => {
    const largest = item.value ? largestVisitQuantityMilli(item.value) : null
    return largest === null ? Infinity : Math.max(minQuantity.value, fromMilli(largest))
  })
  /** The amount input's bounds and step (`v-bind` on an el-input-number). */
  const quantityInput = computed(() => {
    const perUnit = pricing.value?.kind === 'per_unit'
    return {
      min: Math.max(perUnit ? 1 : 0.5, minQuantity.value),
      max: maxQuantity.value,
      step: pricing.value?.kind === 'per_sqm' ? 10 : perUnit ? 1 : 0.5,
      precision: perUnit ? 0 : 1,
    }
  })
  function filterServices(text: string) {
    serviceSearch.value = text
  }
  return {
    services,
    serviceId,
    serviceOptions,
    item,
    pricing,
    quantity,
    addonCounts,
    minQuantity,
    quantityMilli,
    visitLength,
    quantityInput,
    filterServices,
  }
}
