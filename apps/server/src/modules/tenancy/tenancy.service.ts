import { and, eq, gte, lt } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { LatLng } from '@doorstep/domain'
import { haversineKm, localDayEnd, localDayStart } from '@doorstep/domain'
import { projectFilter, requirePermission } from '../../platform/auth/actor.ts'
import { appendAudit, startAuditChain } from '../../platform/audit/audit.ts'
import { auditActorOf } from '../../platform/audit/context.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Database, Executor, Tx } from '../../platform/db/database.ts'
import { enterTenant, tenantOf } from '../../platform/db/database.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import { idCursor, toPage } from '../../platform/http/paging.ts'
import { newId } from '../../platform/ids.ts'
import { auditDiff } from '../../platform/audit/diff.ts'
import { CommonError, renamingFields } from '../../platform/errors.ts'
import { TenancyError } from './tenancy.errors.ts'
import * as repo from './tenancy.repository.ts'
import type { project } from './tenancy.tables.ts'
import { tenant } from './tenancy.tables.ts'

export interface NewTenant {
  slug: string
  name: string
  timeZone: string
  admin: { login: string; displayName: string; password: string }
}

/**
 * What the identity module does for a new tenant: built-in roles and the first administrator, who must choose
 * their own password first when somebody else (a platform operator) set it.
 */
export type ProvisionTenant = (
  tx: Tx,
  tenantId: string,
  admin: NewTenant['admin'] & { mustChangePassword: boolean },
  operator: boolean,
) => Promise<string>

export const toTenantDto = (t: typeof tenant.$inferSelect) => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  timeZone: t.timeZone,
  createdAt: t.createdAt.toISOString(),
})

export const toProjectDto = (p: typeof project.$inferSelect) => ({
  id: p.id,
  code: p.code,
  name: p.name,
  kind: p.kind,
  city: p.city,
  active: p.active,
  serviceArea:
    p.centerLat !== null && p.centerLng !== null && p.radiusKm !== null
      ? { center: { lat: p.centerLat, lng: p.centerLng }, radiusKm: p.radiusKm }
      : null,
  servicePhone: p.servicePhone,
  createdAt: p.createdAt.toISOString(),
})

export function createTenancyService({
  database,
  clock,
  provision,
}: {
  database: Database
  clock: Clock
  provision: ProvisionTenant
}) {
  return {
    /**
     * Creates a company with its built-in roles, first administrator and audit chain, all in one
     * transaction. Used by the CLI, the demo seed and the platform API.
     */
    async createTenant(
      input: NewTenant,
      options: { operator?: boolean; by?: RequestContext } = {},
    ) {
      if (options.by) requirePermission(options.by.actor, 'platform:tenants', 'tenant')
      const at = clock.now()
      const id = newId()
      return database.system(async (tx) => {
        const row = {
          id,
          slug: input.slug,
          name: input.name,
          timeZone: input.timeZone,
          isOperator: options.operator ?? false,
          createdAt: at,
        }
        if (!(await repo.insertTenant(tx, row))) {
          throw new TenancyError('SLUG_TAKEN', {}, [{ field: 'body.slug', code: 'slug_taken' }])
        }
        await enterTenant(tx, id)
        await startAuditChain(tx, id)
        // An operator knows the password they gave the company's administrator; the CLI's and the demo's
        // administrators are the person at the keyboard.
        const adminId = await renamingFields({ 'body.login': 'body.admin.login' }, () =>
          provision(tx, id, { ...input.admin, mustChangePassword: !!options.by }, row.isOperator),
        )
        const by = options.by ? auditActorOf(options.by) : null
        await appendAudit(
          tx,
          {
            tenantId: id,
            actorType: by ? by.actorType : 'system',
            actorId: by?.actorId ?? null,
            actorName: by?.actorName ?? 'system',
            requestId: by?.requestId ?? null,
            ip: by?.ip ?? null,
          },
          {
            action: 'tenant.created',
            entityType: 'tenant',
            entityId: id,
            diff: { name: { from: null, to: input.name }, admin: { from: null, to: adminId } },
          },
          at,
        )
        return toTenantDto(row)
      })
    },

    listTenants: () => database.system((tx) => repo.listTenants(tx)),
    anyTenant: () => database.system((tx) => repo.anyTenant(tx)),
    findTenantBySlug: (slug: string) => database.system((tx) => repo.findTenantBySlug(tx, slug)),
    tenantById: (id: string) => database.system((tx) => repo.findTenant(tx, eq(tenant.id, id))),
    /** The installation's operating company: the portal's company when a link names none. */
    operatorTenant: () => database.system((tx) => repo.findTenant(tx, eq(tenant.isOperator, true))),

    async listProjects(
      ctx: RequestContext,
      f: {
        q?: string | undefined
        active?: boolean | undefined
        cursor?: string | undefined
        limit: number
      },
    ) {
      const only = projectFilter(ctx.actor, 'projects:read')
      const rows = await database.tenant(ctx.actor.tenantId, (tx) =>
        repo.listProjects(tx, {
          q: f.q,
          active: f.active,
          only,
          beforeId: idCursor(f.cursor),
          limit: f.limit + 1,
        }),
      )
      return toPage(rows, f.limit, toProjectDto, (p) => p.id)
    },

    /** Whether a point is inside an active project's service area: the rule an address is saved by. */
    async covers(ctx: RequestContext, point: LatLng): Promise<boolean> {
      const projectId = await database.read(ctx.actor.tenantId, (tx) => projectCovering(tx, point))
      return projectId !== null
    },

    /** The number a project's customers call about their visits, or null when it has none. */
    async servicePhoneOf(ctx: RequestContext, projectId: string): Promise<string | null> {
      return database.read(ctx.actor.tenantId, (tx) => repo.projectServicePhone(tx, projectId))
    },

    async createProject(
      ctx: RequestContext,
      input: {
        code: string
        name: string
        kind: 'service_area' | 'property'
        city: string
        serviceArea?: { center: LatLng; radiusKm: number } | null | undefined
        servicePhone?: string | null | undefined
      },
    ) {
      requirePermission(ctx.actor, 'projects:manage', 'tenant')
      const at = clock.now()
      const { serviceArea, ...fields } = input
      const row = {
        tenantId: ctx.actor.tenantId,
        id: newId(),
        ...fields,
        // Upper case, as item codes: `sh-pd` and `SH-PD` are one project.
        code: fields.code.toUpperCase(),
        centerLat: serviceArea?.center.lat ?? null,
        centerLng: serviceArea?.center.lng ?? null,
        radiusKm: serviceArea?.radiusKm ?? null,
        servicePhone: fields.servicePhone || null,
        active: true,
        createdAt: at,
      }
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        if (!(await repo.insertProject(tx, row))) {
          throw new TenancyError('PROJECT_CODE_TAKEN', {}, [
            { field: 'body.code', code: 'code_taken' },
          ])
        }
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'project.created',
            entityType: 'project',
            entityId: row.id,
            diff: { code: { from: null, to: row.code }, name: { from: null, to: input.name } },
          },
          at,
        )
        return toProjectDto(row)
      })
    },

    async updateProject(
      ctx: RequestContext,
      id: string,
      changes: {
        name?: string | undefined
        kind?: 'service_area' | 'property' | undefined
        city?: string | undefined
        serviceArea?: { center: LatLng; radiusKm: number } | null | undefined
        servicePhone?: string | null | undefined
        active?: boolean | undefined
      },
    ) {
      requirePermission(ctx.actor, 'projects:manage', 'tenant')
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const row = await repo.lockProject(tx, id)
        if (!row) throw new CommonError('NOT_FOUND', { entity: 'project' })
        const before = toProjectDto(row)
        const { serviceArea, ...fields } = changes
        // Emptied: no number, as null says.
        if (fields.servicePhone === '') fields.servicePhone = null
        const set: Partial<typeof project.$inferInsert> = { ...fields }
        if (serviceArea !== undefined)
          Object.assign(set, {
            centerLat: serviceArea?.center.lat ?? null,
            centerLng: serviceArea?.center.lng ?? null,
            radiusKm: serviceArea?.radiusKm ?? null,
          })
        const diff = auditDiff(before, changes)
        if (!Object.keys(diff).length) return before
        const updated = await repo.updateProject(tx, id, set)
        await appendAudit(
          tx,
          auditActorOf(ctx),
          { action: 'project.updated', entityType: 'project', entityId: id, diff },
          clock.now(),
        )
        return toProjectDto(updated)
      })
    },
  }
}

/** The nearest active project whose service area covers the point, or null. */
export async function projectCovering(tx: Executor, point: LatLng): Promise<string | null> {
  let best: { id: string; km: number } | null = null
  for (const p of await repo.activeProjectsWithArea(tx)) {
    const km = haversineKm(point, { lat: p.centerLat!, lng: p.centerLng! })
    if (km <= p.radiusKm! && (!best || km < best.km)) best = { id: p.id, km }
  }
  return best?.id ?? null
}

export type TenancyService = ReturnType<typeof createTenancyService>

// A tenant's time zone is chosen when it is created and nothing changes it, so a process reads it once.
// (A way to change it must also clear this cache in every process, as the access cache is cleared.)
const timeZones = new Map<string, string>()

/** The current tenant's time zone (row-level security leaves one tenant row visible), in the caller's transaction. */
export async function tenantTimeZone(tx: Executor): Promise<string> {
  const tenantId = tenantOf(tx)
  const known = tenantId && timeZones.get(tenantId)
  if (known) return known
  const [t] = await tx.select({ timeZone: tenant.timeZone }).from(tenant)
  const zone = t?.timeZone ?? 'Asia/Shanghai'
  if (tenantId && t) timeZones.set(tenantId, zone)
  return zone
}

/**
 * `column` (a timestamp) on or after the start of day `from` and before the end of day `to`, both days of the
 * tenant's own calendar (a list's date range); undefined when neither is given.
 */
export async function withinTenantDays(
  tx: Executor,
  column: PgColumn,
  range: { from?: string | undefined; to?: string | undefined },
): Promise<SQL | undefined> {
  if (!range.from && !range.to) return undefined
  const zone = await tenantTimeZone(tx)
  return and(
    range.from ? gte(column, new Date(localDayStart(range.from, zone))) : undefined,
    range.to ? lt(column, new Date(localDayEnd(range.to, zone))) : undefined,
  )
}

/** Every tenant's id, for a background pass that works through them one by one. */
export async function allTenantIds(database: Database): Promise<string[]> {
  const rows = await database.system((tx) => tx.select({ id: tenant.id }).from(tenant))
  return rows.map((r) => r.id)
}
