import { and, asc, desc, eq, ilike, inArray, isNotNull, lt, or } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import { escapeLike } from '../../platform/audit/audit.ts'
import type { Executor } from '../../platform/db/database.ts'
import { project, tenant } from './tenancy.tables.ts'

export async function insertTenant(
  tx: Executor,
  row: typeof tenant.$inferInsert,
): Promise<boolean> {
  const rows = await tx
    .insert(tenant)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: tenant.id })
  return rows.length === 1
}

export async function findTenant(tx: Executor, where: SQL) {
  const [row] = await tx.select().from(tenant).where(where).orderBy(asc(tenant.createdAt)).limit(1)
  return row
}

export async function findTenantBySlug(tx: Executor, slug: string) {
  const [row] = await tx.select().from(tenant).where(eq(tenant.slug, slug))
  return row
}

export async function listTenants(tx: Executor) {
  return tx.select().from(tenant).orderBy(asc(tenant.createdAt))
}

/** Whether any company exists: one row at most is read, however many there are. */
export async function anyTenant(tx: Executor): Promise<boolean> {
  return (await tx.select({ id: tenant.id }).from(tenant).limit(1)).length > 0
}

export interface ProjectFilter {
  q?: string | undefined
  active?: boolean | undefined
  only: readonly string[] | null
  beforeId?: string | undefined
  limit: number
}

export async function listProjects(tx: Executor, f: ProjectFilter) {
  const where: SQL[] = []
  if (f.q)
    where.push(
      or(
        ilike(project.name, `%${escapeLike(f.q)}%`),
        ilike(project.code, `%${escapeLike(f.q)}%`),
        ilike(project.city, `%${escapeLike(f.q)}%`),
      )!,
    )
  if (f.active !== undefined) where.push(eq(project.active, f.active))
  if (f.only)
    where.push(f.only.length ? inArray(project.id, [...f.only]) : eq(project.code, '\u0000'))
  if (f.beforeId) where.push(lt(project.id, f.beforeId))
  return tx
    .select()
    .from(project)
    .where(and(...where))
    .orderBy(desc(project.id))
    .limit(f.limit)
}

export async function activeProjectsWithArea(tx: Executor) {
  return tx
    .select({
      id: project.id,
      centerLat: project.centerLat,
      centerLng: project.centerLng,
      radiusKm: project.radiusKm,
    })
    .from(project)
    .where(
      and(
        eq(project.active, true),
        isNotNull(project.radiusKm),
        isNotNull(project.centerLat),
        isNotNull(project.centerLng),
      ),
    )
}

export async function insertProject(
  tx: Executor,
  row: typeof project.$inferInsert,
): Promise<boolean> {
  const rows = await tx
    .insert(project)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: project.id })
  return rows.length === 1
}

export async function projectServicePhone(tx: Executor, id: string): Promise<string | null> {
  const [row] = await tx
    .select({ servicePhone: project.servicePhone })
    .from(project)
    .where(eq(project.id, id))
  return row?.servicePhone ?? null
}

export async function lockProject(tx: Executor, id: string) {
  const [row] = await tx.select().from(project).where(eq(project.id, id)).for('update')
  return row ?? null
}

export async function updateProject(
  tx: Executor,
  id: string,
  set: Partial<typeof project.$inferInsert>,
) {
  const [row] = await tx.update(project).set(set).where(eq(project.id, id)).returning()
  return row!
}
