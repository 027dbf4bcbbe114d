import type { DataScope, Permission } from '@doorstep/domain'
import { PERMISSION_CATALOG, isPermission, widerScope } from '@doorstep/domain'

/** Grants as the server sends them → one scope per permission (the widest wins); unknown keys are dropped. */
export function effectiveGrants(
  grants: ReadonlyArray<{ permission: string; scope: DataScope }>,
): ReadonlyMap<Permission, DataScope> {
  const map = new Map<Permission, DataScope>()
  for (const { permission, scope } of grants) {
    if (!isPermission(permission)) continue
    const current = map.get(permission)
    map.set(permission, current ? widerScope(current, scope) : scope)
  }
  return map
}

/** A permission as the role editor names it, in the reader's language; a key the catalog lacks as it is. */
export function permissionLabel(permission: string, locale: 'zh-CN' | 'en'): string {
  return isPermission(permission)
    ? PERMISSION_CATALOG[permission][locale === 'en' ? 'en' : 'zh']
    : permission
}
