import { and, desc, eq, ilike, inArray, lt, sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { CreateWorkerRequest, UpdateWorkerRequest } from '@doorstep/contracts'
import { idsOf } from '@doorstep/contracts'
import type { Interval } from '@doorstep/domain'
import {
  coarse,
  dampedRating,
  isoWeekday,
  localDate,
  localInterval,
  maskPhone,
} from '@doorstep/domain'
import { managesAll, projectFilter, requirePermission } from '../../platform/auth/actor.ts'
import { appendAudit, escapeLike } from '../../platform/audit/audit.ts'
import { auditActorOf } from '../../platform/audit/context.ts'
import { auditDiff } from '../../platform/audit/diff.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Keyring } from '../../platform/crypto/keyring.ts'
import type { Database, Executor, Tx } from '../../platform/db/database.ts'
import { holdUntilCommit, queryRows } from '../../platform/db/database.ts'
import { CommonError, defineErrors } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import type { IfMatch } from '../../platform/http/if-match.ts'
import { requireListedVersion } from '../../platform/http/if-match.ts'
import { idCursor, toPage } from '../../platform/http/paging.ts'
import { newId } from '../../platform/ids.ts'
import { countSensitiveChange } from '../../platform/limits/daily-limit.ts'
import { announce } from '../../platform/outbox/outbox.ts'
import type { Slots } from '../../platform/db/prebuilt.ts'
import { prebuiltSelect } from '../../platform/db/prebuilt.ts'
import { project, tenantTimeZone } from '../tenancy/index.ts'
import { worker, workerProject } from './workforce.tables.ts'

type NewWorker = z.output<typeof CreateWorkerRequest>
type WorkerChanges = z.output<typeof UpdateWorkerRequest>
type WorkerRow = typeof worker.$inferSelect & { projectIds: string[] }

const WorkforceError = defineErrors('WorkforceError', {
  WORKER_HAS_OPEN_ORDERS: {
    status: 409,
    zh: '该师傅还有未完成的订单：{orderNos}。请先改派或取消，再设为离职',
    en: 'This worker still holds open orders: {orderNos}. Reassign or cancel them first',
  },
  SHIFT_OVERLAP: {
    status: 400,
    zh: '与同一天的其他班次重叠',
    en: 'Overlaps another shift on the same day',
  },
  DUPLICATE_PROJECT: { status: 400, zh: '项目重复', en: 'This project is listed twice' },
  UNKNOWN_USER: { status: 400, zh: '没有这个员工账号', en: 'No such staff account' },
  USER_ALREADY_WORKER: {
    status: 409,
    zh: '这个员工账号已关联到另一位师傅',
    en: 'This staff account is already linked to another worker',
  },
  WORKER_BEYOND_SCOPE: {
    status: 403,
    zh: '该师傅还属于您管理范围以外的项目，只能由管理这些项目的人修改',
    en: 'This worker also belongs to projects outside your scope; someone who manages those must change them',
  },
  UNKNOWN_PROJECT: {
    status: 400,
    zh: '项目不存在或不在您的管理范围内',
    en: 'Unknown project, or not one of yours',
  },
  SHIFT_ENDS_BEFORE_START: {
    status: 400,
    zh: '班次结束时间须晚于开始时间',
    en: 'A shift must end after it starts',
  },
})

const projectIdsSql = sql<
  string[]
>`coalesce((select array_agg(wp.project_id::text order by wp.project_id) from worker_project wp
  where wp.tenant_id = ${worker.tenantId} and wp.worker_id = ${worker.id}), '{}')`

export const toWorkerDto = (w: WorkerRow) => ({
  id: w.id,
  name: w.name,
  phoneMasked: w.phoneMasked,
  userId: w.userId,
  skills: w.skills,
  projectIds: w.projectIds,
  home: { lat: w.homeLat, lng: w.homeLng },
  weeklyShifts: w.weeklyShifts,
  active: w.active,
  rating: dampedRating(w.ratingSum, w.ratingCount),
  version: w.version,
})

/** A worker as booking sees them on one date. */
export interface WorkerOnDate {
  id: string
  name: string
  skills: string[]
  projectIds: string[]
  home: { lat: number; lng: number }
  shifts: Interval[]
}

// Only what placing a job needs: every availability look and booking reads the crew (or one worker of it).
const crewOnDate = [false, true].map((one) =>
  prebuiltSelect((tx, slot: Slots<{ projectId: string; workerId?: string }>) =>
    tx
      .select({
        id: worker.id,
        name: worker.name,
        skills: worker.skills,
        homeLat: worker.homeLat,
        homeLng: worker.homeLng,
        weeklyShifts: worker.weeklyShifts,
        projectIds: projectIdsSql,
      })
      .from(worker)
      .where(
        and(
          eq(worker.active, true),
          one ? eq(worker.id, slot.workerId) : undefined,
          sql`exists (select 1 from worker_project wp where wp.tenant_id = ${worker.tenantId} and wp.worker_id = ${worker.id} and wp.project_id = ${slot.projectId})`,
        ),
      )
      .orderBy(desc(worker.id)),
  ),
)

/**
 * The lock a worker's bookings hold shared (with their day's) and the worker's deactivation takes alone: it waits
 * for bookings in flight and holds off new ones, so no order is left with a worker who stopped working.
 */
export const workerHold = (workerId: string) => `worker|${workerId}`

export function createWorkforceService({
  database,
  keyring,
  clock,
  sensitiveDailyLimit,
  openOrderNosOf,
}: {
  database: Database
  keyring: Keyring
  clock: Clock
  /** Changes of staff personal data one staff member may make a day; a worker's phone is one. */
  sensitiveDailyLimit: number
  /** Asked of orders, which this module must not know (they depend on it). */
  openOrderNosOf: (tx: Executor, workerId: string) => Promise<string[]>
}) {
  async function loadRows(tx: Executor, where: SQL | undefined, limit?: number, lock = false) {
    let q = tx
      .select({ w: worker, projectIds: projectIdsSql })
      .from(worker)
      .where(where)
      .orderBy(desc(worker.id))
      .$dynamic()
    if (limit) q = q.limit(limit)
    if (lock) q = q.for('update', { of: worker })
    return (await q).map((r) => ({ ...r.w, projectIds: r.projectIds }))
  }

  async function checkInput(
    tx: Executor,
    ctx: RequestContext,
    input: Partial<NewWorker>,
    workerId?: string,
  ) {
    const shifts = input.weeklyShifts ?? []
    for (const [i, s] of shifts.entries()) {
      if (s.end <= s.start)
        throw new WorkforceError('SHIFT_ENDS_BEFORE_START', {}, [
          { field: `body.weeklyShifts.${i}.end`, code: 'shift_ends_before_start' },
        ])
      // Two shifts of one day that overlap would count the same hours twice in availability.
      if (
        shifts
          .slice(0, i)
          .some((o) => o.weekday === s.weekday && o.start < s.end && s.start < o.end)
      )
        throw new WorkforceError('SHIFT_OVERLAP', {}, [
          { field: `body.weeklyShifts.${i}.start`, code: 'shift_overlap' },
        ])
    }
    ;(input.projectIds ?? []).forEach((id, i, all) => {
      if (all.indexOf(id) !== i)
        throw new WorkforceError('DUPLICATE_PROJECT', {}, [
          { field: `body.projectIds.${i}`, code: 'duplicate_project' },
        ])
    })
    if (input.userId) {
      // The staff account this worker signs in with: one that exists, and is no other worker's. Links to one
      // account queue here, so the second sees the first (the unique key would refuse it without naming why).
      await holdUntilCommit(tx, `worker-account|${input.userId}`)
      const [account] = await queryRows<{ taken: boolean }>(
        tx,
        sql`select exists (select 1 from worker w where w.user_id = ${input.userId}
              and w.id is distinct from ${workerId ?? null}::uuid) as taken
            from app_user u where u.id = ${input.userId}`,
      )
      if (!account)
        throw new WorkforceError('UNKNOWN_USER', {}, [
          { field: 'body.userId', code: 'unknown_user' },
        ])
      if (account.taken)
        throw new WorkforceError('USER_ALREADY_WORKER', {}, [
          { field: 'body.userId', code: 'user_already_worker' },
        ])
    }
    const mine = projectFilter(ctx.actor, 'workers:manage')
    const ids = input.projectIds ?? []
    const known = ids.length
      ? new Set(
          (await tx.select({ id: project.id }).from(project).where(inArray(project.id, ids))).map(
            (p) => p.id,
          ),
        )
      : new Set<string>()
    ids.forEach((id, i) => {
      if (!known.has(id) || (mine && !mine.includes(id)))
        throw new WorkforceError('UNKNOWN_PROJECT', {}, [
          { field: `body.projectIds.${i}`, code: 'unknown_project' },
        ])
    })
  }

  const visible = (
    ctx: RequestContext,
    permission: 'workers:read' | 'workers:manage',
  ): SQL | undefined => {
    const only = projectFilter(ctx.actor, permission)
    if (!only) return undefined
    return only.length
      ? sql`exists (select 1 from worker_project wp where wp.tenant_id = ${worker.tenantId} and wp.worker_id = ${worker.id}
          and wp.project_id in (${sql.join(
            only.map((p) => sql`${p}::uuid`),
            sql`, `,
          )}))`
      : sql`false`
  }

  async function loadOne(
    tx: Executor,
    ctx: RequestContext,
    id: string,
    permission: 'workers:read' | 'workers:manage',
    lock = false,
  ) {
    const [row] = await loadRows(tx, and(eq(worker.id, id), visible(ctx, permission)), 1, lock)
    if (!row) throw new CommonError('NOT_FOUND', { entity: 'worker' })
    return row
  }

  const listeners: Array<(tenantId: string) => void> = []
  /**
   * A write to the tenant's workers, then the listeners (availability drops what it kept of them); other server
   * processes hear of it through its live event (`worker.changed`), which they forget their kept days on.
   */
  async function afterCommit<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const result = await database.tenant(tenantId, async (tx) => {
      const written = await fn(tx)
      await announce(tx, tenantId, 'worker.changed', {}, clock.now())
      return written
    })
    for (const listener of listeners) listener(tenantId)
    return result
  }

  return {
    async list(
      ctx: RequestContext,
      f: {
        q?: string | undefined
        ids?: string | undefined
        projectId?: string | undefined
        skill?: string | undefined
        active?: boolean | undefined
        cursor?: string | undefined
        limit: number
      },
    ) {
      const where: Array<SQL | undefined> = [visible(ctx, 'workers:read')]
      if (f.q) where.push(ilike(worker.name, `%${escapeLike(f.q)}%`))
      if (f.ids) where.push(inArray(worker.id, idsOf(f.ids)))
      if (f.projectId)
        where.push(
          sql`exists (select 1 from worker_project wp where wp.tenant_id = ${worker.tenantId} and wp.worker_id = ${worker.id} and wp.project_id = ${f.projectId})`,
        )
      if (f.skill) where.push(sql`${worker.skills} @> ${JSON.stringify([f.skill])}::jsonb`)
      if (f.active !== undefined) where.push(eq(worker.active, f.active))
      const before = idCursor(f.cursor)
      if (before) where.push(lt(worker.id, before))
      const rows = await database.tenant(ctx.actor.tenantId, (tx) =>
        loadRows(tx, and(...where), f.limit + 1),
      )
      return toPage(rows, f.limit, toWorkerDto, (w) => w.id)
    },

    async get(ctx: RequestContext, id: string) {
      return database.tenant(ctx.actor.tenantId, async (tx) =>
        toWorkerDto(await loadOne(tx, ctx, id, 'workers:read')),
      )
    },

    /** Calls `listener` with the tenant once a change to its workers has committed. */
    onChange(listener: (tenantId: string) => void) {
      listeners.push(listener)
    },

    async create(ctx: RequestContext, input: NewWorker) {
      requirePermission(ctx.actor, 'workers:manage', 'project')
      return afterCommit(ctx.actor.tenantId, async (tx) => {
        await checkInput(tx, ctx, input)
        const at = clock.now()
        const id = newId()
        await tx.insert(worker).values({
          tenantId: ctx.actor.tenantId,
          id,
          userId: input.userId,
          name: input.name,
          phoneEnc: keyring.encrypt(input.phone, {
            tenantId: ctx.actor.tenantId,
            table: 'worker',
            column: 'phone_enc',
            rowId: id,
          }),
          phoneMasked: maskPhone(input.phone),
          skills: [...new Set(input.skills)],
          homeLat: coarse(input.home.lat),
          homeLng: coarse(input.home.lng),
          weeklyShifts: input.weeklyShifts,
          active: input.active,
          createdAt: at,
          updatedAt: at,
        })
        await tx.insert(workerProject).values(
          input.projectIds.map((projectId) => ({
            tenantId: ctx.actor.tenantId,
            workerId: id,
            projectId,
          })),
        )
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'worker.created',
            entityType: 'worker',
            entityId: id,
            diff: auditDiff(null, input, ['phone', 'home']),
          },
          at,
        )
        return toWorkerDto((await loadRows(tx, eq(worker.id, id)))[0]!)
      })
    },

    async update(ctx: RequestContext, id: string, changes: WorkerChanges, ifMatch: IfMatch) {
      return afterCommit(ctx.actor.tenantId, async (tx) => {
        // Taken before the row's lock, so that the bookings it waits for never wait for this transaction.
        if (changes.active === false) await holdUntilCommit(tx, workerHold(id))
        const current = await loadOne(tx, ctx, id, 'workers:manage', true)
        if (!managesAll(ctx.actor, 'workers:manage', current.projectIds))
          throw new WorkforceError('WORKER_BEYOND_SCOPE')
        requireListedVersion(ifMatch, current.version)
        await checkInput(tx, ctx, changes, id)
        // Leaving with jobs in hand would strand their customers: they go to someone else first.
        if (changes.active === false && current.active) {
          const orderNos = await openOrderNosOf(tx, id)
          if (orderNos.length)
            throw new WorkforceError('WORKER_HAS_OPEN_ORDERS', { orderNos }, [
              { field: 'body.active', code: 'worker_has_open_orders' },
            ])
        }
        const at = clock.now()
        const cell = {
          tenantId: ctx.actor.tenantId,
          table: 'worker',
          column: 'phone_enc',
          rowId: id,
        }
        const currentPhone = keyring.decrypt(current.phoneEnc, cell)
        const { phoneMasked: _m, rating: _r, version: _v, id: _i, ...was } = toWorkerDto(current)
        // As stored: skills once each, home to the grid it is kept on.
        const stored = {
          ...changes,
          ...(changes.skills ? { skills: [...new Set(changes.skills)] } : {}),
          ...(changes.home
            ? { home: { lat: coarse(changes.home.lat), lng: coarse(changes.home.lng) } }
            : {}),
        }
        const diff = auditDiff<Record<string, unknown>>({ ...was, phone: currentPhone }, stored, [
          'phone',
          'home',
        ])
        // Nothing differs (an empty PATCH, a form saved unchanged): no new version, no audit entry.
        if (!Object.keys(diff).length) return toWorkerDto(current)
        if (changes.phone && changes.phone !== currentPhone)
          await countSensitiveChange(tx, ctx.actor, {
            kind: 'staff.pii',
            day: localDate(at, await tenantTimeZone(tx)),
            limit: sensitiveDailyLimit,
          })
        await tx
          .update(worker)
          .set({
            ...(changes.name !== undefined ? { name: changes.name } : {}),
            ...(changes.userId !== undefined ? { userId: changes.userId } : {}),
            ...(changes.skills !== undefined ? { skills: [...new Set(changes.skills)] } : {}),
            ...(changes.weeklyShifts !== undefined ? { weeklyShifts: changes.weeklyShifts } : {}),
            ...(changes.active !== undefined ? { active: changes.active } : {}),
            ...(changes.home
              ? { homeLat: coarse(changes.home.lat), homeLng: coarse(changes.home.lng) }
              : {}),
            ...(changes.phone
              ? {
                  phoneEnc: keyring.encrypt(changes.phone, {
                    tenantId: ctx.actor.tenantId,
                    table: 'worker',
                    column: 'phone_enc',
                    rowId: id,
                  }),
                  phoneMasked: maskPhone(changes.phone),
                }
              : {}),
            updatedAt: at,
            version: current.version + 1,
          })
          .where(eq(worker.id, id))
        if (changes.projectIds) {
          await tx.delete(workerProject).where(eq(workerProject.workerId, id))
          await tx.insert(workerProject).values(
            changes.projectIds.map((projectId) => ({
              tenantId: ctx.actor.tenantId,
              workerId: id,
              projectId,
            })),
          )
        }
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'worker.updated',
            entityType: 'worker',
            entityId: id,
            diff,
          },
          at,
        )
        return toWorkerDto((await loadRows(tx, eq(worker.id, id)))[0]!)
      })
    },

    /** Active workers of a project (or the one given) with their shifts on a date. */
    async onDate(
      tx: Executor,
      projectId: string,
      date: string,
      timeZone: string,
      workerId?: string,
    ): Promise<WorkerOnDate[]> {
      const rows = await (workerId
        ? crewOnDate[1]!(tx, { projectId, workerId })
        : crewOnDate[0]!(tx, { projectId }))
      const weekday = isoWeekday(date)
      return rows.map((w) => ({
        id: w.id,
        name: w.name,
        skills: w.skills,
        projectIds: w.projectIds,
        home: { lat: w.homeLat, lng: w.homeLng },
        shifts: w.weeklyShifts
          .filter((s) => s.weekday === weekday)
          .map((s) => localInterval(date, timeZone, s.start, s.end)),
      }))
    },

    /** The worker records a staff account signs in as (for "own" data scopes). */
    async workerIdsOfUser(tx: Executor, userId: string) {
      const rows = await tx.select({ id: worker.id }).from(worker).where(eq(worker.userId, userId))
      return rows.map((r) => r.id)
    },

    /** Adds one review score to the worker's damped rating. */
    async addRating(tx: Executor, workerId: string, score: number) {
      await tx
        .update(worker)
        .set({
          ratingSum: sql`${worker.ratingSum} + ${score}`,
          ratingCount: sql`${worker.ratingCount} + 1`,
        })
        .where(eq(worker.id, workerId))
    },

    /** The worker's name as a column of the caller's own query (null without a worker). */
    nameColumn(workerId: SQL) {
      return sql<string | null>`(select w.name from ${worker} w where w.id = ${workerId})`
    },

    async names(tx: Executor, ids: readonly string[]) {
      if (ids.length === 0) return new Map<string, string>()
      const rows = await tx
        .select({ id: worker.id, name: worker.name })
        .from(worker)
        .where(inArray(worker.id, [...ids]))
      return new Map(rows.map((r) => [r.id, r.name]))
    },
  }
}

export type WorkforceService = ReturnType<typeof createWorkforceService>
