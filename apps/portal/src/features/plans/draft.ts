import { ref } from 'vue'
import { defineStore } from 'pinia'
import type { PlanFrequency, Weekday, WindowHour } from '@doorstep/ui/plan-rule'

/** The plan being chosen (UI state): kept while the customer goes off to add an address. */
export const usePlanDraft = defineStore('plan-draft', () => {
  const itemId = ref<string | null>(null)
  const addressId = ref<string | null>(null)
  const quantityMilli = ref(0)
  const addons = ref<Record<string, number>>({})
  const frequency = ref<PlanFrequency>('weekly')
  const weekdays = ref<Weekday[]>([])
  const startDate = ref('')
  const windowHour = ref<WindowHour>(10)
  const count = ref(12)
  const notes = ref('')

  function start(id: string, initialQuantityMilli: number, firstDate: string, firstWeekday: Weekday) {
    if (itemId.value === id) return
    itemId.value = id
    quantityMilli.value = initialQuantityMilli
    addons.value = {}
    frequency.value = 'weekly'
    weekdays.value = [firstWeekday]
    startDate.value = firstDate
    windowHour.value = 10
    count.value = 12
    notes.value = ''
  }

  function reset() {
    itemId.value = null
  }

  return { itemId, addressId, quantityMilli, addons, frequency, weekdays, startDate, windowHour, count, notes, start, reset }
})
