import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import type { DataScope, Permission } from '@doorstep/domain'
import { PERMISSION_CATALOG } from '@doorstep/domain'
import type { ResponseOf } from '@doorstep/api-client'
import { setDisplayTimeZone } from '@doorstep/ui'
import { api, isApiError, setCsrfToken } from '../api/client.ts'
import { effectiveGrants } from '../composables/permissions.ts'

export type Session = ResponseOf<'me'>

const PROJECT_KEY = 'doorstep.admin.project'

function readProject(userId: string): string | null {
  try {
    const raw = localStorage.getItem(PROJECT_KEY)
    const saved = raw ? (JSON.parse(raw) as Record<string, string | null>) : {}
    return saved[userId] ?? null
  } catch {
    return null
  }
}

function writeProject(userId: string, projectId: string | null) {
  try {
    const raw = localStorage.getItem(PROJECT_KEY)
    const saved = raw ? (JSON.parse(raw) as Record<string, string | null>) : {}
    saved[userId] = projectId
    localStorage.setItem(PROJECT_KEY, JSON.stringify(saved))
  } catch {
    // not remembered across reloads; fine
  }
}

/**
 * Who is signed in, what they may do and which project they are looking at. The server is the judge of every
 * permission; this store only decides what to show.
 */
export const useSessionStore = defineStore('session', () => {
  const session = ref<Session | null>(null)
  /** True once the first /auth/me answered, so the router knows whether to send people to sign-in. */
  const checked = ref(false)
  const currentProjectId = ref<string | null>(null)

  const user = computed(() => session.value?.user ?? null)
  const grants = computed<ReadonlyMap<Permission, DataScope>>(() =>
    effectiveGrants(session.value?.permissions ?? []),
  )
  const projects = computed(() => session.value?.projects ?? [])
  const currentProject = computed(
    () => projects.value.find((p) => p.id === currentProjectId.value) ?? null,
  )
  /**
   * Tenant-wide users see every project; project-bound users only theirs. Tenant-wide means over project data
   * (orders, customers, workers …): everyone reads the one catalog, which says nothing.
   */
  const canSeeAllProjects = computed(() =>
    [...grants.value.entries()].some(
      ([permission, scope]) =>
        scope === 'tenant' &&
        (PERMISSION_CATALOG[permission].scopes as readonly DataScope[]).includes('project'),
    ),
  )
  /** The projects the user works in, to choose among: all of them, or their own. */
  const workProjects = computed(() =>
    canSeeAllProjects.value
      ? projects.value
      : projects.value.filter((p) => (session.value?.memberProjectIds ?? []).includes(p.id)),
  )
  /** "All projects" (all the user's, that is): for the tenant-wide, and for members of several. */
  const offersAllProjects = computed(() => canSeeAllProjects.value || workProjects.value.length > 1)

  function can(permission: Permission): boolean {
    return grants.value.has(permission)
  }
  /** Whether the permission reaches a record of this project (tenant-wide, or one of the user's projects). */
  function canIn(permission: Permission, projectId: string): boolean {
    const scope = grants.value.get(permission)
    return (
      scope === 'tenant' ||
      (scope !== undefined && (session.value?.memberProjectIds ?? []).includes(projectId))
    )
  }

  function adopt(next: Session) {
    session.value = next
    setCsrfToken(next.csrfToken)
    setDisplayTimeZone(next.user.tenantTimeZone)
    const saved = readProject(next.user.id)
    const valid = workProjects.value.some((p) => p.id === saved)
    currentProjectId.value = valid
      ? saved
      : offersAllProjects.value
        ? null
        : (workProjects.value[0]?.id ?? null)
  }

  function clear() {
    session.value = null
    setCsrfToken(undefined)
    setDisplayTimeZone(undefined)
    currentProjectId.value = null
  }

  /** Asks the server who we are (the cookie decides); null when not signed in. */
  async function load(): Promise<Session | null> {
    try {
      adopt(await api.call('me', {}))
    } catch (error) {
      if (!isApiError(error, 'UNAUTHENTICATED')) throw error
      clear()
    } finally {
      checked.value = true
    }
    return session.value
  }

  async function signIn(login: string, password: string): Promise<Session> {
    const next = await api.call('login', { body: { login, password } })
    adopt(next)
    checked.value = true
    return next
  }

  async function signOut() {
    try {
      await api.call('logout', {})
    } catch (error) {
      // An expired session is signed out already; anything else still ends the session here.
      if (!isApiError(error)) throw error
    } finally {
      clear()
    }
  }

  /** After a password change the server drops the must-change flag; reload to get the fresh session. */
  async function refresh() {
    await load()
  }

  function setProject(projectId: string | null) {
    currentProjectId.value = projectId
    if (user.value) writeProject(user.value.id, projectId)
  }

  return {
    session,
    checked,
    user,
    grants,
    projects,
    currentProjectId,
    currentProject,
    canSeeAllProjects,
    workProjects,
    offersAllProjects,
    can,
    canIn,
    load,
    signIn,
    signOut,
    refresh,
    clear,
    setProject,
  }
})
