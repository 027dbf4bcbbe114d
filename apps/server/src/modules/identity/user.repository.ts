import { and, desc, eq, ilike, lt, ne, or, sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { Executor } from '../../platform/db/database.ts'
import { escapeLike } from '../../platform/audit/audit.ts'
import { appUser, loginDirectory, role, userProject, userRole } from './identity.tables.ts'

export type UserRow = typeof appUser.$inferSelect
export type UserWithLinks = UserRow & { roleIds: string[]; projectIds: string[] }

const links = {
  roleIds: sql<
    string[]
  >`coalesce((select array_agg(ur.role_id::text order by ur.role_id) from user_role ur
    where ur.tenant_id = ${appUser.tenantId} and ur.user_id = ${appUser.id}), '{}')`,
  projectIds: sql<
    string[]
  >`coalesce((select array_agg(up.project_id::text order by up.project_id) from user_project up
    where up.tenant_id = ${appUser.tenantId} and up.user_id = ${appUser.id}), '{}')`,
}

export interface UserFilter {
  q?: string | undefined
  phoneBidx?: string | undefined
  status?: 'active' | 'disabled' | undefined
  roleId?: string | undefined
  projectId?: string | undefined
  /** Only users in one of these projects (project-scoped readers); null = no limit. */
  visibleProjects: readonly string[] | null
  beforeId?: string | undefined
  limit: number
}

/** Newest first, by id (UUIDv7 is time-ordered), so the last id of a page is the next page's cursor. */
export async function listUsers(tx: Executor, f: UserFilter): Promise<UserWithLinks[]> {
  const where: SQL[] = []
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`
    const match = [ilike(appUser.login, like), ilike(appUser.displayName, like)]
    if (f.phoneBidx) match.push(eq(appUser.phoneBidx, f.phoneBidx))
    where.push(or(...match)!)
  }
  if (f.status) where.push(eq(appUser.status, f.status))
  if (f.roleId)
    where.push(
      sql`exists (select 1 from user_role ur where ur.tenant_id = ${appUser.tenantId} and ur.user_id = ${appUser.id} and ur.role_id = ${f.roleId})`,
    )
  if (f.projectId) where.push(inProjects([f.projectId]))
  if (f.visibleProjects) where.push(inProjects(f.visibleProjects))
  if (f.beforeId) where.push(lt(appUser.id, f.beforeId))
  const rows = await tx
    .select({ user: appUser, ...links })
    .from(appUser)
    .where(and(...where))
    .orderBy(desc(appUser.id))
    .limit(f.limit)
  return rows.map((r) => ({ ...r.user, roleIds: r.roleIds, projectIds: r.projectIds }))
}

const inProjects = (ids: readonly string[]) =>
  ids.length === 0
    ? sql`false`
    : sql`exists (select 1 from user_project up where up.tenant_id = ${appUser.tenantId} and up.user_id = ${appUser.id}
        and up.project_id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}))`

export async function getUser(
  tx: Executor,
  id: string,
  lock = false,
): Promise<UserWithLinks | undefined> {
  const query = tx
    .select({ user: appUser, ...links })
    .from(appUser)
    .where(eq(appUser.id, id))
  const [row] = lock ? await query.for('update', { of: appUser }) : await query
  return row && { ...row.user, roleIds: row.roleIds, projectIds: row.projectIds }
}

export async function insertUser(tx: Executor, row: typeof appUser.$inferInsert) {
  await tx.insert(appUser).values(row)
}

export async function updateUser(
  tx: Executor,
  id: string,
  changes: Partial<typeof appUser.$inferInsert>,
) {
  await tx.update(appUser).set(changes).where(eq(appUser.id, id))
}

export async function setUserRoles(
  tx: Executor,
  tenantId: string,
  userId: string,
  roleIds: readonly string[],
) {
  await tx.delete(userRole).where(eq(userRole.userId, userId))
  if (roleIds.length)
    await tx.insert(userRole).values(roleIds.map((roleId) => ({ tenantId, userId, roleId })))
}

export async function setUserProjects(
  tx: Executor,
  tenantId: string,
  userId: string,
  projectIds: readonly string[],
) {
  await tx.delete(userProject).where(eq(userProject.userId, userId))
  if (projectIds.length) {
    await tx
      .insert(userProject)
      .values(projectIds.map((projectId) => ({ tenantId, userId, projectId })))
  }
}

export async function projectIdsOfUser(tx: Executor, userId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: userProject.projectId })
    .from(userProject)
    .where(eq(userProject.userId, userId))
  return rows.map((r) => r.id)
}

// ---- login directory: which tenant a login or phone belongs to ----

export const loginIdentifier = (login: string) => `login:${login.toLowerCase()}`
export const phoneIdentifier = (phoneBidx: string) => `phone:${phoneBidx}`

export async function findInDirectory(tx: Executor, identifier: string) {
  const [row] = await tx
    .select()
    .from(loginDirectory)
    .where(eq(loginDirectory.identifier, identifier))
  return row
}

/** Claims an identifier; false when another account (in any tenant) holds it. */
export async function claimIdentifier(
  tx: Executor,
  identifier: string,
  tenantId: string,
  userId: string,
) {
  const inserted = await tx
    .insert(loginDirectory)
    .values({ identifier, tenantId, userId })
    .onConflictDoNothing()
    .returning({ identifier: loginDirectory.identifier })
  return inserted.length === 1
}

export async function releaseIdentifier(tx: Executor, identifier: string) {
  await tx.delete(loginDirectory).where(eq(loginDirectory.identifier, identifier))
}

/** How many active users other than `exceptId` hold the built-in administrator role. */
export async function otherActiveAdmins(tx: Executor, exceptId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(distinct ${appUser.id})::int` })
    .from(appUser)
    .innerJoin(
      userRole,
      and(eq(userRole.tenantId, appUser.tenantId), eq(userRole.userId, appUser.id)),
    )
    .innerJoin(role, and(eq(role.tenantId, userRole.tenantId), eq(role.id, userRole.roleId)))
    .where(and(eq(role.key, 'admin'), eq(appUser.status, 'active'), ne(appUser.id, exceptId)))
  return row?.n ?? 0
}

/** The id of the company's built-in administrator role. */
export async function adminRoleId(tx: Executor): Promise<string | null> {
  const [row] = await tx.select({ id: role.id }).from(role).where(eq(role.key, 'admin'))
  return row?.id ?? null
}
