import type { Actor } from '../auth/actor.ts'
import type { Locale } from '../i18n.ts'

/** What a use case needs to know about the request that started it: who, which request, from where. */
export interface RequestContext {
  actor: Actor
  requestId: string
  ip: string | null
  locale: Locale
}
