import type { DataScope, Permission } from '@doorstep/domain'
import { scopeCovers } from '@doorstep/domain'
import { CommonError } from '../errors.ts'

/** Who is making a request, and what they may do: resolved once per request by the identity module. */
export interface Actor {
  type: 'user' | 'api_token' | 'system' | 'customer'
  tenantId: string
  /** The staff member (for an API token, the member who created it). */
  userId: string | null
  name: string
  permissions: ReadonlyMap<Permission, DataScope>
  /** Projects the actor belongs to, for project-scoped grants. */
  projectIds: readonly string[]
  sessionId?: string
  tokenId?: string
  /** For a customer signed in to the portal: their own record ("own" scope means theirs). */
  customerId?: string
  /** An administrator set this user's password; until they choose their own, only a few endpoints answer. */
  mustChangePassword?: boolean
}

/** What a customer may do in the portal: everything on their own records, and read the catalog. */
export function customerActor(tenantId: string, customerId: string, name: string): Actor {
  return {
    type: 'customer',
    tenantId,
    userId: null,
    customerId,
    name,
    permissions: new Map<Permission, DataScope>([
      ['catalog:read', 'tenant'],
      ['customers:read', 'own'],
      ['customers:manage', 'own'],
      ['orders:read', 'own'],
      ['orders:create', 'own'],
      ['orders:manage', 'own'],
      ['complaints:manage', 'own'],
    ]),
    projectIds: [],
  }
}

/** Deny by default: throws FORBIDDEN unless the actor holds the permission with at least `scope`. */
export function requirePermission(
  actor: Actor,
  permission: Permission,
  scope: DataScope = 'own',
): DataScope {
  const granted = actor.permissions.get(permission)
  if (!granted || !scopeCovers(granted, scope)) throw new CommonError('FORBIDDEN', { permission })
  return granted
}

/** Whether a grant of `scope` reaches a record of this project and customer: any, the project's, or one's own. */
export function scopeReaches(
  actor: Actor,
  scope: DataScope,
  record: { projectId: string; customerId: string },
): boolean {
  return (
    scope === 'tenant' ||
    (scope === 'project' && actor.projectIds.includes(record.projectId)) ||
    (scope === 'own' && actor.customerId === record.customerId)
  )
}

export function can(actor: Actor, permission: Permission, scope: DataScope = 'own'): boolean {
  const granted = actor.permissions.get(permission)
  return !!granted && scopeCovers(granted, scope)
}

/**
 * The projects a grant lets the actor see: null means all of the tenant's; an array limits to those.
 * Callers filter their queries by it, so project scoping is enforced in services, not only in routes.
 */
export function projectFilter(actor: Actor, permission: Permission): readonly string[] | null {
  const scope = requirePermission(actor, permission)
  return scope === 'tenant' ? null : actor.projectIds
}

/**
 * Whether a project-scoped grant reaches a record that belongs to several projects for a change: only when all
 * of them are the actor's. Seeing one shared project is enough to read it, not to take it from the others
 * (reset a password, strip a project, disable it).
 */
export function managesAll(
  actor: Actor,
  permission: Permission,
  projectIds: readonly string[],
): boolean {
  const mine = projectFilter(actor, permission)
  return mine === null || (projectIds.length > 0 && projectIds.every((p) => mine.includes(p)))
}
