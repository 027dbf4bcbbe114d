import type { DataScope, Permission, PermissionGroup } from '@doorstep/domain'
import { PERMISSION_CATALOG, PERMISSION_GROUPS, PERMISSIONS, permissionScopes, scopeCovers } from '@doorstep/domain'

/** A permission a token may be given: one the creator holds, at most as wide as theirs. */
export interface GrantableRow {
  permission: Permission
  group: PermissionGroup
  scopes: DataScope[]
}

/** What the signed-in user may put in a token, grouped as the role editor groups permissions. */
export function grantableGroups(held: ReadonlyMap<Permission, DataScope>): Array<{ group: PermissionGroup; rows: GrantableRow[] }> {
  const rows: GrantableRow[] = PERMISSIONS.flatMap((permission) => {
    const mine = held.get(permission)
    if (!mine) return []
    const scopes = permissionScopes(permission).filter((s) => scopeCovers(mine, s))
    return scopes.length ? [{ permission, group: PERMISSION_CATALOG[permission].group, scopes }] : []
  })
  return PERMISSION_GROUPS.map((group) => ({ group, rows: rows.filter((r) => r.group === group) })).filter((g) => g.rows.length > 0)
}

/**
 * The scope a ticked permission starts with: the creator's own (the widest on offer). An integration usually
 * reads the company's records, and "own" means little for a token that is no person; the picker narrows it.
 */
export const startingScope = (row: GrantableRow): DataScope => row.scopes[row.scopes.length - 1]!

/** The picked permissions as the API takes them, in catalogue order. */
export function toGrants(picked: Partial<Record<Permission, DataScope>>): Array<{ permission: Permission; scope: DataScope }> {
  return PERMISSIONS.flatMap((permission) => {
    const scope = picked[permission]
    return scope ? [{ permission, scope }] : []
  })
}

/** Whether a token's expiry has passed (null: never expires). */
export const isExpired = (expiresAt: string | null, now: number) => expiresAt !== null && Date.parse(expiresAt) <= now
