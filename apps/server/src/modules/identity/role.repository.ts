import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Executor } from '../../platform/db/database.ts'
import { role, roleInherit, userRole } from './identity.tables.ts'

export type RoleRow = typeof role.$inferSelect & { inherits: string[]; userCount: number }

/** Every role of the tenant with its parents and holders: the graph permission resolution walks. */
export async function listRoles(tx: Executor): Promise<RoleRow[]> {
  const rows = await tx
    .select({
      role,
      inherits: sql<
        string[]
      >`coalesce((select array_agg(ri.parent_id::text order by ri.parent_id) from role_inherit ri
        where ri.tenant_id = ${role.tenantId} and ri.role_id = ${role.id}), '{}')`,
      userCount: sql<number>`(select count(*)::int from user_role ur where ur.tenant_id = ${role.tenantId} and ur.role_id = ${role.id})`,
    })
    .from(role)
    .orderBy(sql`${role.builtin} desc`, role.createdAt, role.id)
  return rows.map((r) => ({ ...r.role, inherits: r.inherits, userCount: r.userCount }))
}

export async function insertRole(
  tx: Executor,
  row: typeof role.$inferInsert,
  inherits: readonly string[],
) {
  await tx.insert(role).values(row)
  await replaceInherits(tx, row.tenantId, row.id, inherits)
}

/** Saves a role only if it is still at `version`; returns false when someone else changed it first. */
export async function updateRole(
  tx: Executor,
  tenantId: string,
  id: string,
  version: number,
  changes: Partial<Pick<typeof role.$inferInsert, 'name' | 'description' | 'grants' | 'denies'>>,
  inherits: readonly string[] | undefined,
  at: Date,
): Promise<boolean> {
  const updated = await tx
    .update(role)
    .set({ ...changes, updatedAt: at, version: version + 1 })
    .where(and(eq(role.id, id), eq(role.version, version)))
    .returning({ id: role.id })
  if (updated.length === 0) return false
  if (inherits) await replaceInherits(tx, tenantId, id, inherits)
  return true
}

async function replaceInherits(
  tx: Executor,
  tenantId: string,
  roleId: string,
  parents: readonly string[],
) {
  await tx.delete(roleInherit).where(eq(roleInherit.roleId, roleId))
  if (parents.length) {
    await tx.insert(roleInherit).values(parents.map((parentId) => ({ tenantId, roleId, parentId })))
  }
}

export async function deleteRole(tx: Executor, id: string) {
  await tx.delete(role).where(eq(role.id, id))
}

export async function roleIdsOfUser(tx: Executor, userId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: userRole.roleId })
    .from(userRole)
    .where(eq(userRole.userId, userId))
  return rows.map((r) => r.id)
}

export async function childRoleCount(tx: Executor, parentId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(roleInherit)
    .where(eq(roleInherit.parentId, parentId))
  return row?.n ?? 0
}

export async function existingRoleIds(tx: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await tx
    .select({ id: role.id })
    .from(role)
    .where(inArray(role.id, [...ids]))
  return new Set(rows.map((r) => r.id))
}
