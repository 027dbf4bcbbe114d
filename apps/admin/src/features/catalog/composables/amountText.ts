import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { fromMilli } from '../../../composables/money.ts'
import { useSessionStore } from '../../../stores/session.ts'
import { useServiceItem } from '../api.ts'
import { unitsText } from './unitWords.ts'

/**
 * An order's or a plan's amount as its item counts it ("3 小时", "2 只", "110 平方米"; "2 pets"), by the item's
 * current word (ADR 0057). A reader without the catalog sees the number alone.
 */
export function useAmountText(subject: () => { serviceItemId: string; quantityMilli: number } | null | undefined) {
  const { t } = useI18n()
  const session = useSessionStore()
  const item = useServiceItem(() => {
    const s = subject()
    return s && session.can('catalog:read') ? s.serviceItemId : null
  })
  return computed(() => {
    const n = fromMilli(subject()?.quantityMilli ?? 0)
    const pricing = item.data.value?.pricing
    return pricing && pricing.kind !== 'fixed' && n ? `${n} ${unitsText(t, pricing, n)}` : String(n || 1)
  })
}
