import type { DataScope, Permission, RoleNode } from '@doorstep/domain'
import { PERMISSION_CATALOG, PERMISSION_GROUPS, isPermission, resolveRole, resolveUser, wouldCycle } from '@doorstep/domain'
import type { PermissionGroup } from '@doorstep/domain'

/** What the editor holds while a role is being shaped. */
export interface RoleDraft {
  name: string
  description: string
  inherits: string[]
  grants: Array<{ permission: Permission; scope: DataScope }>
  denies: Permission[]
}

export interface RoleLike {
  id: string
  inherits: readonly string[]
  grants: ReadonlyArray<{ permission: string; scope: DataScope }>
  denies: readonly string[]
}

/** One row of the permission grid: where the permission comes from and what the role ends up with. */
export interface PermissionRow {
  permission: Permission
  group: PermissionGroup
  scopes: readonly DataScope[]
  /** Scope inherited from the parent roles (before this role's denials), if any. */
  inherited: DataScope | null
  /** This role's own grant, if any. */
  granted: DataScope | null
  denied: boolean
  /** What the role can do after inheritance, denials and its own grants; null = cannot. */
  effective: DataScope | null
}

const DRAFT_ID = '__draft__'

function toNode(role: RoleLike): RoleNode {
  return {
    id: role.id,
    inherits: role.inherits,
    grants: role.grants.filter((g): g is { permission: Permission; scope: DataScope } => isPermission(g.permission)),
    denies: role.denies.filter(isPermission),
  }
}

export function roleGraph(roles: readonly RoleLike[]): Map<string, RoleNode> {
  return new Map(roles.map((role) => [role.id, toNode(role)]))
}

/**
 * The permission grid for a draft, computed with the same resolver the server uses (packages/domain), so the
 * preview is what the role will really grant. `selfId` is the role being edited (absent for a new role).
 */
export function previewRole(
  draft: RoleDraft,
  roles: readonly RoleLike[],
  selfId: string | undefined,
): PermissionRow[] {
  const graph = roleGraph(roles.filter((r) => r.id !== selfId))
  const id = selfId ?? DRAFT_ID
  graph.set(id, { id, inherits: draft.inherits, grants: draft.grants, denies: draft.denies })
  const inherited = resolveUser(graph, draft.inherits.filter((p) => p !== id))
  const effective = resolveRole(graph, id)
  const own = new Map(draft.grants.map((g) => [g.permission, g.scope]))
  const denied = new Set(draft.denies)
  return (Object.keys(PERMISSION_CATALOG) as Permission[]).map((permission) => ({
    permission,
    group: PERMISSION_CATALOG[permission].group,
    scopes: PERMISSION_CATALOG[permission].scopes,
    inherited: inherited.get(permission) ?? null,
    granted: own.get(permission) ?? null,
    denied: denied.has(permission),
    effective: effective.get(permission) ?? null,
  }))
}

export function groupRows(rows: readonly PermissionRow[]): Array<{ group: PermissionGroup; rows: PermissionRow[] }> {
  return PERMISSION_GROUPS.map((group) => ({ group, rows: rows.filter((r) => r.group === group) })).filter(
    (g) => g.rows.length > 0,
  )
}

/** Roles that `selfId` may not inherit: itself and every role that already inherits it (a cycle). */
export function forbiddenParents(roles: readonly RoleLike[], selfId: string | undefined): Set<string> {
  if (!selfId) return new Set()
  const graph = roleGraph(roles)
  return new Set(roles.filter((r) => r.id === selfId || wouldCycle(graph, selfId, [r.id])).map((r) => r.id))
}

/** The scope a newly ticked permission starts with: what it inherits, else "project" when allowed, else the first. */
export function defaultScope(scopes: readonly DataScope[], inherited: DataScope | null): DataScope {
  if (inherited && scopes.includes(inherited)) return inherited
  if (scopes.includes('project')) return 'project'
  return scopes[0] ?? 'tenant'
}

/** Tick or untick this role's own grant of `permission`. Granting lifts a denial of the same permission. */
export function setGrant(draft: RoleDraft, permission: Permission, scope: DataScope | null): RoleDraft {
  const grants = draft.grants.filter((g) => g.permission !== permission)
  if (scope) grants.push({ permission, scope })
  const denies = scope ? draft.denies.filter((d) => d !== permission) : draft.denies
  return { ...draft, grants, denies }
}

/** Deny or allow an inherited permission. Denying also drops this role's own grant of it (it would win). */
export function setDenied(draft: RoleDraft, permission: Permission, denied: boolean): RoleDraft {
  const denies = draft.denies.filter((d) => d !== permission)
  if (denied) denies.push(permission)
  const grants = denied ? draft.grants.filter((g) => g.permission !== permission) : draft.grants
  return { ...draft, grants, denies }
}

/** Removes denials and grants that no longer mean anything after the parents changed; keeps the body tidy. */
export function tidy(draft: RoleDraft, rows: readonly PermissionRow[]): RoleDraft {
  const inherited = new Set(rows.filter((r) => r.inherited).map((r) => r.permission))
  return { ...draft, denies: draft.denies.filter((d) => inherited.has(d)) }
}

export function draftFrom(role: RoleLike & { name: string; description: string }): RoleDraft {
  const node = toNode(role)
  return {
    name: role.name,
    description: role.description,
    inherits: [...node.inherits],
    grants: node.grants.map((g) => ({ ...g })),
    denies: [...node.denies],
  }
}

export function emptyDraft(inherits: string[] = []): RoleDraft {
  return { name: '', description: '', inherits, grants: [], denies: [] }
}

/** Summary numbers for the editor's side panel. */
export function summarize(rows: readonly PermissionRow[]) {
  return {
    effective: rows.filter((r) => r.effective).length,
    inherited: rows.filter((r) => r.inherited).length,
    denied: rows.filter((r) => r.denied && r.inherited).length,
    added: rows.filter((r) => r.granted && !r.inherited).length,
  }
}
