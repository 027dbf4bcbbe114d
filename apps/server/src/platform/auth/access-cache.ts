import type { FastifyRequest } from 'fastify'
import type { Database } from '../db/database.ts'
import { CommonError } from '../errors.ts'
import { sameSecret } from './secrets.ts'
import type { Actor } from './actor.ts'

/** The channel the access triggers notify (see secure-schema.ts); the payload is the tenant id. */
export const ACCESS_CHANNEL = 'doorstep_access'

/** Who a credential stands for, and the CSRF token a cookie session's unsafe requests must echo. */
export interface SignedIn {
  actor: Actor
  csrfToken: string | null
}

interface Entry {
  value: SignedIn
  until: number
}

/**
 * Resolved sign-ins (a session cookie, an API token, a portal session → who is asking), kept briefly in this
 * process so an authenticated request does not spend a transaction of its own proving who it is.
 *
 * A write that can narrow access (sign-out, a disabled user, a changed role, a revoked token) forgets the
 * tenant's entries in the writing process as soon as it commits, and a trigger tells every other process
 * through NOTIFY (`listenForAccessChanges`). The time limit only bounds how stale a process can be that missed
 * a notice while its LISTEN connection was down (it forgets every sign-in once it listens again).
 */
export interface AccessCache {
  /**
   * The sign-in kept under `key`, or the one `load` reads (kept until its `until`, or for the cache's time limit
   * if that comes first); null when `load` finds none.
   */
  resolve(
    key: string,
    now: number,
    load: () => Promise<(SignedIn & { until: number }) | null>,
  ): Promise<SignedIn | null>
  forgetTenant(tenantId: string): void
  /** Forgets every kept sign-in: changes may have been missed. */
  forgetAll(): void
}

export function createAccessCache(ttlMs: number, maxEntries = 10_000): AccessCache {
  const entries = new Map<string, Entry>()
  return {
    async resolve(key, now, load) {
      const entry = entries.get(key)
      if (entry && entry.until > now) return entry.value
      entries.delete(key)
      const fresh = await load()
      if (!fresh || ttlMs <= 0) return fresh
      // Oldest first: a Map iterates in insertion order, enough to bound memory under a flood of sessions.
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!)
      const { until, ...value } = fresh
      entries.set(key, { value, until: Math.min(until, now + ttlMs) })
      return value
    },
    forgetTenant(tenantId) {
      for (const [key, entry] of entries)
        if (entry.value.actor.tenantId === tenantId) entries.delete(key)
    },
    forgetAll() {
      entries.clear()
    },
  }
}

/** Refuses an unsafe request of a cookie session that does not echo the session's CSRF token. */
export function assertCsrf(request: FastifyRequest, signedIn: SignedIn): void {
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return
  const sent = request.headers['x-csrf-token']
  if (typeof sent !== 'string' || !sameSecret(sent, signedIn.csrfToken ?? ''))
    throw new CommonError('CSRF_FAILED')
}

/**
 * Forgets a tenant's cached sign-ins whenever any process commits a change to its access, and every sign-in when
 * listening resumes after a dropped connection (a change may have been missed meanwhile).
 */
export function listenForAccessChanges(
  database: Database,
  caches: ReadonlyArray<Pick<AccessCache, 'forgetTenant' | 'forgetAll'>>,
): Promise<() => Promise<void>> {
  return database.listen(
    ACCESS_CHANNEL,
    (tenantId) => {
      for (const cache of caches) cache.forgetTenant(tenantId)
    },
    () => {
      for (const cache of caches) cache.forgetAll()
    },
  )
}
