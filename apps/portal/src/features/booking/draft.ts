import { ref, watch } from 'vue'
import { defineStore } from 'pinia'

export interface ChosenWindow {
  start: string
  end: string
  asap: boolean
}

interface Saved {
  itemId: string | null
  step: number
  addressId: string | null
  quantityMilli: number
  addons: Record<string, number>
  date: string | null
  window: ChosenWindow | null
  notes: string
}

const KEY = 'doorstep.portal.booking'

/** The draft this tab kept, if it reads as one (anything else is dropped, not trusted). */
function kept(): Partial<Saved> {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? 'null')
    return value && typeof value === 'object' ? value : {}
  } catch {
    return {}
  }
}

/**
 * The booking in progress (UI state): kept while the customer goes off to add an address, and for the tab
 * (sessionStorage), so a reload on the time step does not start over. A window kept that is taken meanwhile
 * is refused at booking with the windows still free, as any taken window is.
 */
export const useBookingDraft = defineStore('booking-draft', () => {
  const was = kept()
  const itemId = ref<string | null>(typeof was.itemId === 'string' ? was.itemId : null)
  const step = ref(Number.isInteger(was.step) && was.step! >= 0 && was.step! <= 3 ? was.step! : 0)
  const addressId = ref<string | null>(typeof was.addressId === 'string' ? was.addressId : null)
  const quantityMilli = ref(Number.isSafeInteger(was.quantityMilli) ? was.quantityMilli! : 0)
  const addons = ref<Record<string, number>>(
    was.addons && typeof was.addons === 'object' ? was.addons : {},
  )
  const date = ref<string | null>(typeof was.date === 'string' ? was.date : null)
  // A window kept from before that has begun since is chosen again (the time step shows what is free now).
  const stillAhead =
    was.window && typeof was.window.start === 'string' && Date.parse(was.window.start) > Date.now()
  const window = ref<ChosenWindow | null>(stillAhead ? was.window! : null)
  if (!stillAhead && step.value > 2) step.value = 2
  const notes = ref(typeof was.notes === 'string' ? was.notes : '')

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
