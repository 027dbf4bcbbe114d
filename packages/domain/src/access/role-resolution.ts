import type { DataScope, Permission } from './permission-catalog.ts'
import { widerScope } from './permission-catalog.ts'

/** A role as the resolver sees it: its own grants and denials, and the roles it inherits. */
export interface RoleNode {
  id: string
  inherits: readonly string[]
  grants: ReadonlyArray<{ permission: Permission; scope: DataScope }>
  /** Permissions this role removes from what it inherits ("customer service without refunds"). */
  denies: readonly Permission[]
}

export type EffectivePermissions = ReadonlyMap<Permission, DataScope>

export class RoleCycleError extends Error {
  constructor(readonly path: readonly string[]) {
    super(`role inheritance cycle: ${path.join(' → ')}`)
  }
}

/**
 * What a role can do: the union of what it inherits (widest scope wins), plus its own grants, minus its own
 * denials. A denial applies to the role that states it and to roles inheriting from it; a role higher up can
 * grant the permission again explicitly.
 */
export function resolveRole(
  roles: ReadonlyMap<string, RoleNode>,
  roleId: string,
): EffectivePermissions {
  const memo = new Map<string, Map<Permission, DataScope>>()
  const visit = (id: string, path: string[]): Map<Permission, DataScope> => {
    const done = memo.get(id)
    if (done) return done
    if (path.includes(id)) throw new RoleCycleError([...path, id])
    const role = roles.get(id)
    const result = new Map<Permission, DataScope>()
    if (!role) return result
    for (const parent of role.inherits) {
      for (const [permission, scope] of visit(parent, [...path, id]))
        merge(result, permission, scope)
    }
    for (const denied of role.denies) result.delete(denied)
    for (const { permission, scope } of role.grants) merge(result, permission, scope)
    memo.set(id, result)
    return result
  }
  return visit(roleId, [])
}

/** A user's permissions: the union over the roles assigned to them. */
export function resolveUser(
  roles: ReadonlyMap<string, RoleNode>,
  roleIds: readonly string[],
): EffectivePermissions {
  const result = new Map<Permission, DataScope>()
  for (const id of roleIds) {
    for (const [permission, scope] of resolveRole(roles, id)) merge(result, permission, scope)
  }
  return result
}

/** Would making `roleId` inherit `parentIds` create a cycle? Checked before saving a role. */
export function wouldCycle(
  roles: ReadonlyMap<string, RoleNode>,
  roleId: string,
  parentIds: readonly string[],
): boolean {
  const reaches = (from: string, seen: Set<string>): boolean => {
    if (from === roleId) return true
    if (seen.has(from)) return false
    seen.add(from)
    return (roles.get(from)?.inherits ?? []).some((next) => reaches(next, seen))
  }
  const seen = new Set<string>()
  return parentIds.some((parent) => reaches(parent, seen))
}

function merge(into: Map<Permission, DataScope>, permission: Permission, scope: DataScope) {
  const current = into.get(permission)
  into.set(permission, current ? widerScope(current, scope) : scope)
}
