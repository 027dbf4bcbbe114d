import { computed } from 'vue'
import type { Measure } from '@doorstep/domain'
import { useI18n } from 'vue-i18n'
import { useSessionStore } from '../../../stores/session.ts'
import { useServiceItem } from '../api.ts'
import { amountIn } from './unitWords.ts'

interface Amounted {
  serviceItemId: string
  quantityMilli: number
  /** An order's price: its item line says what the amount counted when it was booked. */
  price?: { lines: ReadonlyArray<{ kind: string; measure?: Measure | undefined }> }
}

/** What an order's item line counts, as booked; none on a fixed price or an order booked before lines said so. */
const measureBooked = (subject: Amounted | null | undefined): Measure | undefined =>
  subject?.price?.lines.find((l) => l.kind === 'item')?.measure

/**
 * An order's or a plan's amount as its item counts it ("3 小时", "2 只", "110 平方米"; "2 pets"): an order's as it
 * was booked, a plan's (and an order booked before its lines said so) by the item's current word (ADR 0057). A
 * reader without the catalog sees those others' number alone. `measure` is what that amount counts (none for a
 * fixed price), for the order's other lines to read alike.
 */
export function useAmountText(subject: () => Amounted | null | undefined) {
  const { t } = useI18n()
  const session = useSessionStore()
  const item = useServiceItem(() => {
    const s = subject()
    return s && !measureBooked(s) && session.can('catalog:read') ? s.serviceItemId : null
  })
  const measure = computed(() => {
    const current = item.data.value?.pricing
    return measureBooked(subject()) ?? (current?.kind === 'fixed' ? undefined : current)
  })
  // A fixed price books no amount (0) and charges one.
  const text = computed(() => {
    const q = subject()?.quantityMilli
    return q ? amountIn(t, q, measure.value) : '1'
  })
  return { text, measure }
}
