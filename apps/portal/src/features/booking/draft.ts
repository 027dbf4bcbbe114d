import { ref, watch } from 'vue'
import { z } from 'zod'
import { defineStore } from 'pinia'

export interface ChosenWindow {
  start: string
  end: string
  asap: boolean
}

/** What a tab keeps of a booking in progress; anything else found under the key is dropped, not trusted. */
const Saved = z.object({
  itemId: z.string().nullable(),
  step: z.number().int().min(0).max(3),
  addressId: z.string().nullable(),
  quantityMilli: z.number().int().min(0),
  addons: z.record(z.string(), z.number().int().min(0)),
  date: z.string().nullable(),
  window: z.object({ start: z.string(), end: z.string(), asap: z.boolean() }).nullable(),
  notes: z.string(),
})
type Saved = z.infer<typeof Saved>

const KEY = 'doorstep.portal.booking'

function kept(): Saved | null {
  try {
    const parsed = Saved.safeParse(JSON.parse(sessionStorage.getItem(KEY) ?? 'null'))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/**
 * The booking in progress (UI state): kept while the customer goes off to add an address, and for the tab
 * (sessionStorage), so a reload on the time step does not start over. A window kept that is taken meanwhile
 * is refused at booking with the windows still free, as any taken window is.
 */
export const useBookingDraft = defineStore('booking-draft', () => {
  const was = kept()
  // A window kept from before that has begun since is chosen again (the time step shows what is free now).
  const stillAhead = !!was?.window && Date.parse(was.window.start) > Date.now()
  const itemId = ref(was?.itemId ?? null)
  const step = ref(stillAhead ? (was?.step ?? 0) : Math.min(was?.step ?? 0, 2))
  const addressId = ref(was?.addressId ?? null)
  const quantityMilli = ref(was?.quantityMilli ?? 0)
  const addons = ref(was?.addons ?? {})
  const date = ref(was?.date ?? null)
  const window = ref<ChosenWindow | null>(stillAhead ? was.window : null)
  const notes = ref(was?.notes ?? '')

  watch(
    [itemId, step, addressId, quantityMilli, addons, date, window, notes],
    () => {
      if (itemId.value === null) return sessionStorage.removeItem(KEY)
      const saved: Saved = {
        itemId: itemId.value,
        step: step.value,
        addressId: addressId.value,
        quantityMilli: quantityMilli.value,
        addons: addons.value,
        date: date.value,
        window: window.value,
        notes: notes.value,
      }
      sessionStorage.setItem(KEY, JSON.stringify(saved))
    },
    { deep: true },
  )

  function start(id: string, initialQuantityMilli: number) {
    if (itemId.value === id) return
    itemId.value = id
    step.value = 0
    quantityMilli.value = initialQuantityMilli
    addons.value = {}
    date.value = null
    window.value = null
    notes.value = ''
  }

  /** Forgets the booking: after it is placed, or when the customer signs out (its address and notes are theirs). */
  function reset() {
    itemId.value = null
    addressId.value = null
    addons.value = {}
    window.value = null
    notes.value = ''
  }

  return { itemId, step, addressId, quantityMilli, addons, date, window, notes, start, reset }
})
