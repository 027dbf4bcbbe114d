import { ref } from 'vue'
import { defineStore } from 'pinia'

export interface ChosenWindow {
  start: string
  end: string
  asap: boolean
}

/** The booking in progress (UI state): kept while the customer goes off to add an address. */
export const useBookingDraft = defineStore('booking-draft', () => {
  const itemId = ref<string | null>(null)
  const step = ref(0)
  const addressId = ref<string | null>(null)
  const quantityMilli = ref(0)
  const addons = ref<Record<string, number>>({})
  const date = ref<string | null>(null)
  const window = ref<ChosenWindow | null>(null)
  const notes = ref('')

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

  function reset() {
    itemId.value = null
  }

  return { itemId, step, addressId, quantityMilli, addons, date, window, notes, start, reset }
})
