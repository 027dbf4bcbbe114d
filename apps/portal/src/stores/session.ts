import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import type { ResponseOf } from '@doorstep/api-client'
import { PRIVACY_NOTICE_VERSION, isPlaceholderName } from '@doorstep/contracts'
import { setDisplayTimeZone } from '@doorstep/ui'
import { api, isApiError, setCsrfToken } from '../api/client.ts'
import { useBookingDraft } from '../features/booking/draft.ts'

export type PortalSession = ResponseOf<'portalMe'>

/** The signed-in customer (the cookie decides; this store only remembers what /portal/session said). */
export const useSessionStore = defineStore('session', () => {
  const session = ref<PortalSession | null>(null)
  const checked = ref(false)
  // Earlier versions kept the phone typed at sign-in here for the address form; it asks the server now.
  sessionStorage.removeItem('doorstep.portal.phone')
  const customer = computed(() => session.value?.customer ?? null)
  const signedIn = computed(() => session.value !== null)
  /** A new phone is named "客户1234" by the server: offer to set a real name. */
  const hasDefaultName = computed(() => isPlaceholderName(customer.value?.name ?? ''))

  function adopt(next: PortalSession) {
    session.value = next
    setCsrfToken(next.csrfToken)
    // A visit at 10:00 in Shanghai is 10:00 to the customer too, also on a phone set to another zone.
    setDisplayTimeZone(next.tenantTimeZone)
    checked.value = true
  }

  function clear() {
    session.value = null
    setDisplayTimeZone(undefined)
    // The next person on this phone starts their own booking (the draft holds an address and notes).
    useBookingDraft().reset()
    setCsrfToken(undefined)
  }

  /** Asks who this browser is: a guest is an answer (200), not a 401 in the console on every visit (ADR 0054). */
  async function load(): Promise<PortalSession | null> {
    try {
      const probe = await api.call('portalSession', {})
      if (probe.signedIn) {
        const { signedIn: _signedIn, ...next } = probe
        adopt(next)
      } else clear()
    } catch (error) {
      if (!isApiError(error)) throw error
      clear() // the server could not answer: browse as a guest, sign-in will say what is wrong
    } finally {
      checked.value = true
    }
    return session.value
  }

  async function ensureChecked() {
    if (!checked.value) await load()
  }

  async function requestCode(phone: string) {
    return api.call('portalRequestOtp', { body: { phone } })
  }

  async function signIn(number: string, code: string) {
    const next = await api.call('portalLogin', {
      body: { phone: number, code, consentVersion: PRIVACY_NOTICE_VERSION },
    })
    adopt(next)
    return next
  }

  async function rename(name: string) {
    adopt(await api.call('portalUpdateProfile', { body: { name } }))
  }

  async function signOut() {
    try {
      await api.call('portalLogout', {})
    } catch (error) {
      if (!isApiError(error)) throw error
    } finally {
      clear()
    }
  }

  return {
    session,
    checked,
    customer,
    signedIn,
    hasDefaultName,
    load,
    ensureChecked,
    requestCode,
    signIn,
    rename,
    signOut,
    clear,
  }
})
