import { and, asc, desc, eq, ilike, inArray, isNull, lt, or, sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { CreateServiceItemRequest, UpdateServiceItemRequest } from '@doorstep/contracts'
import { idsOf } from '@doorstep/contracts'
import type { AddonPrice, DurationRule, PricingModel } from '@doorstep/domain'
import { inItemsUnit, readAddon, readPricing, scalesBySize } from '@doorstep/domain'
import { requirePermission } from '../../platform/auth/actor.ts'
import { appendAudit, escapeLike } from '../../platform/audit/audit.ts'
import { auditActorOf } from '../../platform/audit/context.ts'
import { auditDiff } from '../../platform/audit/diff.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Database, Executor } from '../../platform/db/database.ts'
import { holdUntilCommit } from '../../platform/db/database.ts'
import { CommonError } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import type { IfMatch } from '../../platform/http/if-match.ts'
import { requireListedVersion } from '../../platform/http/if-match.ts'
import { idCursor, toPage } from '../../platform/http/paging.ts'
import { newId } from '../../platform/ids.ts'
import type { Slots } from '../../platform/db/prebuilt.ts'
import { prebuiltSelect } from '../../platform/db/prebuilt.ts'
import { project } from '../tenancy/index.ts'
import { CatalogError } from './catalog.errors.ts'
import { serviceCategory, serviceItem, servicePrice } from './catalog.tables.ts'

type NewItem = z.output<typeof CreateServiceItemRequest>
type ItemChanges = z.output<typeof UpdateServiceItemRequest>
type ItemRow = typeof serviceItem.$inferSelect
type ReadItem = Omit<ItemRow, 'pricing' | 'addons' | 'projectOverrides'> & {
  pricing: PricingModel
  addons: AddonPrice[]
  projectOverrides: Array<{ projectId: string; available: boolean; pricing: PricingModel | null }>
}

const PRICE_FIELDS = ['pricing', 'addons', 'urgentFeeFen', 'deposit', 'projectOverrides'] as const

/**
 * An item as read, and as saved: its price, add-ons and change policy in the one shape and key order the API
 * speaks (a per-unit price or an add-on kept before they had words counts in items), a project's own per-unit
 * price in the item's word (ADR 0057).
 */
function readItem(r: ItemRow): ReadItem {
  return {
    ...r,
    pricing: readPricing(r.pricing),
    addons: r.addons.map(readAddon),
    // In the contract's key order, not the database's (jsonb keeps shorter keys first): a form saved unchanged
    // then differs in nothing, and makes no new version nor audit entry.
    changePolicy: { freeUntilHours: r.changePolicy.freeUntilHours, fee: r.changePolicy.fee },
    projectOverrides: r.projectOverrides.map((o) => ({
      projectId: o.projectId,
      available: o.available,
      pricing: inItemsUnit(o.pricing, r.pricing),
    })),
  }
}

export const toItemDto = (row: ItemRow) => {
  const r = readItem(row)
  return {
    id: r.id,
    categoryId: r.categoryId,
    code: r.code,
    name: r.name,
    description: r.description,
    photos: r.photos,
    pricing: r.pricing,
    addons: r.addons,
    durationMinutes: r.durationMinutes,
    durationPerUnitSeconds: r.durationPerUnitSeconds,
    skills: r.skills,
    tools: r.tools,
    deposit: r.deposit,
    changePolicy: r.changePolicy,
    urgentFeeFen: r.urgentFeeFen,
    warrantyDays: r.warrantyDays,
    status: r.status,
    projectOverrides: r.projectOverrides,
    priceVersion: r.priceVersion,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  }
}

/** An item's own fields, without the counters a save moves (versions, time): what an edit may change. */
function itemFields(r: ItemRow) {
  const { priceVersion: _p, version: _v, updatedAt: _u, ...fields } = toItemDto(r)
  return fields
}

/** What an order needs of an item, at its current price, for one project. */
export interface OfferedService {
  itemId: string
  name: string
  priceVersion: number
  pricing: PricingModel
  addons: AddonPrice[]
  urgentFeeFen: number
  deposit: ItemRow['deposit']
  changePolicy: ItemRow['changePolicy']
  /** How long a visit takes, by the item's own pricing (ADR 0053), whatever the project charges. */
  sizing: DurationRule
  skills: string[]
  warrantyDays: number
}

// Every availability look and booking reads it: built once.
const itemById = prebuiltSelect((tx, slot: Slots<{ itemId: string }>) =>
  tx.select().from(serviceItem).where(eq(serviceItem.id, slot.itemId)),
)

export function createCatalogService({ database, clock }: { database: Database; clock: Clock }) {
  async function requireCategory(tx: Executor, id: string, field: string) {
    const [c] = await tx
      .select({ id: serviceCategory.id })
      .from(serviceCategory)
      .where(eq(serviceCategory.id, id))
    if (!c) throw new CatalogError('UNKNOWN_CATEGORY', {}, [{ field, code: 'unknown_category' }])
  }

  async function checkRefs(tx: Executor, input: Partial<NewItem>) {
    if (input.categoryId) await requireCategory(tx, input.categoryId, 'body.categoryId')
    for (const [i, o] of (input.projectOverrides ?? []).entries()) {
      const [p] = await tx
        .select({ id: project.id })
        .from(project)
        .where(eq(project.id, o.projectId))
      if (!p)
        throw new CatalogError('UNKNOWN_PROJECT', {}, [
          { field: `body.projectOverrides.${i}.projectId`, code: 'unknown_project' },
        ])
    }
  }

  const snapshotPrice = (tx: Executor, r: ItemRow) =>
    tx.insert(servicePrice).values({
      tenantId: r.tenantId,
      itemId: r.id,
      version: r.priceVersion,
      pricing: r.pricing,
      addons: r.addons,
      urgentFeeFen: r.urgentFeeFen,
      deposit: r.deposit,
      projectOverrides: r.projectOverrides,
      createdAt: r.updatedAt,
    })

  type OfferOptions = {
    /** The request field a refusal names. */
    field?: string
    /**
     * A visit already promised (a complaint's rework) is served as long as the item exists, though it was since
     * withdrawn or put back to draft: the company owes it.
     */
    owed?: boolean
  }

  /**
   * The item as a project is offered it, read without knowing the project yet (the answer is chosen from
   * the item's own overrides), so a booking sends this read together with the address's.
   */
  async function offerOf(
    tx: Executor,
    itemId: string,
  ): Promise<(projectId: string, options?: OfferOptions) => OfferedService> {
    const [row] = await itemById(tx, { itemId })
    const r = row && readItem(row)
    return (projectId, { field = 'body.serviceItemId', owed = false } = {}) => {
      const override = r?.projectOverrides.find((o) => o.projectId === projectId)
      if (!r || (!owed && (r.status !== 'published' || override?.available === false))) {
        throw new CatalogError('NOT_OFFERED', {}, [{ field, code: 'not_offered' }])
      }
      return {
        itemId: r.id,
        name: r.name,
        priceVersion: r.priceVersion,
        pricing: override?.pricing ?? r.pricing,
        addons: r.addons,
        urgentFeeFen: r.urgentFeeFen,
        deposit: r.deposit,
        changePolicy: r.changePolicy,
        sizing: {
          durationMinutes: r.durationMinutes,
          durationPerUnitSeconds: r.durationPerUnitSeconds,
          pricing: r.pricing,
        },
        skills: r.skills,
        warrantyDays: r.warrantyDays,
      }
    }
  }

  /**
   * Category writes wait for each other, first thing (before any row lock, so a child's foreign key never waits
   * on a parent locked by a writer waiting for this): two of one name at once would both find it free.
   */
  const holdCategories = (tx: Executor, tenantId: string) =>
    holdUntilCommit(tx, `categories:${tenantId}`)

  /** A name is free among its siblings (ignoring case): two 日常保洁 under 保洁 cannot be told apart. */
  async function requireCategoryNameFree(
    tx: Executor,
    at: { id?: string; parentId: string | null; name: string },
    field: string,
  ) {
    const name = at.name.trim().toLowerCase()
    const siblings = await tx
      .select({ id: serviceCategory.id, name: serviceCategory.name })
      .from(serviceCategory)
      .where(
        at.parentId === null
          ? isNull(serviceCategory.parentId)
          : eq(serviceCategory.parentId, at.parentId),
      )
    if (siblings.some((c) => c.id !== at.id && c.name.trim().toLowerCase() === name))
      throw new CatalogError('CATEGORY_NAME_TAKEN', {}, [{ field, code: 'category_name_taken' }])
  }

  return {
    async updateCategory(
      ctx: RequestContext,
      id: string,
      changes: { parentId?: string | null; name?: string; sort?: number },
    ) {
      requirePermission(ctx.actor, 'catalog:manage', 'tenant')
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        await holdCategories(tx, ctx.actor.tenantId)
        const all = await tx.select().from(serviceCategory).for('update')
        const row = all.find((c) => c.id === id)
        if (!row) throw new CommonError('NOT_FOUND', { entity: 'category' })
        if (changes.parentId) {
          await requireCategory(tx, changes.parentId, 'body.parentId')
          const parentOf = new Map(all.map((c) => [c.id, c.parentId]))
          // Walk up from the new parent: meeting this category means it would sit under itself.
          for (let at: string | null | undefined = changes.parentId; at; at = parentOf.get(at)) {
            if (at === id)
              throw new CatalogError('CATEGORY_CYCLE', {}, [
                { field: 'body.parentId', code: 'category_cycle' },
              ])
          }
        }
        const before = { parentId: row.parentId, name: row.name, sort: row.sort }
        const after = { ...before, ...changes }
        if (after.name !== row.name || after.parentId !== row.parentId)
          await requireCategoryNameFree(
            tx,
            { id, parentId: after.parentId, name: after.name },
            after.name !== row.name ? 'body.name' : 'body.parentId',
          )
        const diff = auditDiff(before, changes)
        if (Object.keys(diff).length) {
          await tx.update(serviceCategory).set(after).where(eq(serviceCategory.id, id))
          await appendAudit(
            tx,
            auditActorOf(ctx),
            {
              action: 'catalog.category_updated',
              entityType: 'service_category',
              entityId: id,
              diff,
            },
            clock.now(),
          )
        }
        return { id, ...after }
      })
    },

    /** Only an empty category goes: its subcategories and items would otherwise lose their place. */
    async deleteCategory(ctx: RequestContext, id: string) {
      requirePermission(ctx.actor, 'catalog:manage', 'tenant')
      await database.tenant(ctx.actor.tenantId, async (tx) => {
        await holdCategories(tx, ctx.actor.tenantId)
        const [row] = await tx
          .select()
          .from(serviceCategory)
          .where(eq(serviceCategory.id, id))
          .for('update')
        if (!row) throw new CommonError('NOT_FOUND', { entity: 'category' })
        const count = sql<number>`count(*)::int`
        const [sub] = await tx
          .select({ n: count })
          .from(serviceCategory)
          .where(eq(serviceCategory.parentId, id))
        const [held] = await tx
          .select({ n: count })
          .from(serviceItem)
          .where(eq(serviceItem.categoryId, id))
        const categories = sub?.n ?? 0
        const items = held?.n ?? 0
        if (categories || items) throw new CatalogError('CATEGORY_NOT_EMPTY', { categories, items })
        await tx.delete(serviceCategory).where(eq(serviceCategory.id, id))
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'catalog.category_deleted',
            entityType: 'service_category',
            entityId: id,
            diff: { name: { from: row.name, to: null } },
          },
          clock.now(),
        )
      })
      return { ok: true as const }
    },

    async listCategories(ctx: RequestContext) {
      requirePermission(ctx.actor, 'catalog:read', 'tenant')
      const rows = await database.tenant(ctx.actor.tenantId, (tx) =>
        tx
          .select()
          .from(serviceCategory)
          .orderBy(asc(serviceCategory.sort), asc(serviceCategory.name)),
      )
      return {
        items: rows.map((r) => ({ id: r.id, parentId: r.parentId, name: r.name, sort: r.sort })),
      }
    },

    async createCategory(
      ctx: RequestContext,
      input: { parentId: string | null; name: string; sort: number },
    ) {
      requirePermission(ctx.actor, 'catalog:manage', 'tenant')
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        await holdCategories(tx, ctx.actor.tenantId)
        if (input.parentId) await requireCategory(tx, input.parentId, 'body.parentId')
        await requireCategoryNameFree(tx, input, 'body.name')
        const row = { tenantId: ctx.actor.tenantId, id: newId(), ...input, createdAt: clock.now() }
        await tx.insert(serviceCategory).values(row)
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'catalog.category_created',
            entityType: 'service_category',
            entityId: row.id,
            diff: auditDiff(null, input),
          },
          row.createdAt,
        )
        return { id: row.id, parentId: row.parentId, name: row.name, sort: row.sort }
      })
    },

    async listItems(
      ctx: RequestContext,
      f: {
        q?: string | undefined
        ids?: string | undefined
        categoryId?: string | undefined
        status?: 'draft' | 'published' | undefined
        projectId?: string | undefined
        cursor?: string | undefined
        limit: number
      },
    ) {
      requirePermission(ctx.actor, 'catalog:read', 'tenant')
      const where: SQL[] = []
      if (f.q)
        where.push(
          or(
            ilike(serviceItem.name, `%${escapeLike(f.q)}%`),
            ilike(serviceItem.code, `%${escapeLike(f.q)}%`),
          )!,
        )
      if (f.ids) where.push(inArray(serviceItem.id, idsOf(f.ids)))
      // A category and everything under it, however deep the tree goes (保洁 → 日常保洁 → 钟点工 …).
      if (f.categoryId)
        where.push(
          sql`${serviceItem.categoryId} in (with recursive under(id) as (
              select ${f.categoryId}::uuid
              union select c.id from service_category c join under u on c.parent_id = u.id
            ) select id from under)`,
        )
      if (f.status) where.push(eq(serviceItem.status, f.status))
      if (f.projectId)
        where.push(
          sql`not (${serviceItem.projectOverrides} @> ${JSON.stringify([{ projectId: f.projectId, available: false }])}::jsonb)`,
        )
      const before = idCursor(f.cursor)
      if (before) where.push(lt(serviceItem.id, before))
      const rows = await database.tenant(ctx.actor.tenantId, (tx) =>
        tx
          .select()
          .from(serviceItem)
          .where(and(...where))
          .orderBy(desc(serviceItem.id))
          .limit(f.limit + 1),
      )
      return toPage(rows, f.limit, toItemDto, (i) => i.id)
    },

    async getItem(ctx: RequestContext, id: string) {
      requirePermission(ctx.actor, 'catalog:read', 'tenant')
      const [row] = await database.tenant(ctx.actor.tenantId, (tx) =>
        tx.select().from(serviceItem).where(eq(serviceItem.id, id)),
      )
      if (!row) throw new CommonError('NOT_FOUND', { entity: 'service item' })
      return toItemDto(row)
    },

    async createItem(ctx: RequestContext, input: NewItem) {
      requirePermission(ctx.actor, 'catalog:manage', 'tenant')
      requirePricingRules(input, input)
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        await checkRefs(tx, input)
        const at = clock.now()
        const row: ItemRow = readItem({
          tenantId: ctx.actor.tenantId,
          id: newId(),
          ...input,
          code: upperCode(input.code),
          addons: upperAddonCodes(input.addons),
          priceVersion: 1,
          version: 1,
          createdAt: at,
          updatedAt: at,
        })
        const inserted = await tx
          .insert(serviceItem)
          .values(row)
          .onConflictDoNothing()
          .returning({ id: serviceItem.id })
        if (inserted.length === 0)
          throw new CatalogError('CODE_TAKEN', {}, [{ field: 'body.code', code: 'code_taken' }])
        await snapshotPrice(tx, row)
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'catalog.item_created',
            entityType: 'service_item',
            entityId: row.id,
            // As stored (codes upper case), not as sent.
            diff: auditDiff(null, {
              ...input,
              code: row.code,
              addons: row.addons,
              pricing: row.pricing,
              projectOverrides: row.projectOverrides,
            }),
          },
          at,
        )
        return toItemDto(row)
      })
    },

    async updateItem(ctx: RequestContext, id: string, changes: ItemChanges, ifMatch: IfMatch) {
      requirePermission(ctx.actor, 'catalog:manage', 'tenant')
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const [kept] = await tx
          .select()
          .from(serviceItem)
          .where(eq(serviceItem.id, id))
          .for('update')
        if (!kept) throw new CommonError('NOT_FOUND', { entity: 'service item' })
        const current = readItem(kept)
        requireListedVersion(ifMatch, current.version)
        await checkRefs(tx, changes)
        const at = clock.now()
        // As it will be kept (codes upper case, a project's per-unit price in the item's word), so a price is
        // changed only when what is kept changes.
        const changed = readItem({
          ...current,
          ...stripUndefined(changes),
          code: changes.code === undefined ? current.code : upperCode(changes.code),
          addons: changes.addons === undefined ? current.addons : upperAddonCodes(changes.addons),
        })
        const priceChanged = PRICE_FIELDS.some(
          (f) => JSON.stringify(changed[f]) !== JSON.stringify(current[f]),
        )
        const next: ReadItem = {
          ...changed,
          priceVersion: current.priceVersion + (priceChanged ? 1 : 0),
          version: current.version + 1,
          updatedAt: at,
        }
        requirePricingRules(next, changes)
        if (next.code !== current.code) {
          const [clash] = await tx
            .select({ id: serviceItem.id })
            .from(serviceItem)
            .where(eq(serviceItem.code, next.code))
          if (clash)
            throw new CatalogError('CODE_TAKEN', {}, [{ field: 'body.code', code: 'code_taken' }])
        }
        const diff = auditDiff(itemFields(current), itemFields(next))
        // Nothing differs (an empty PATCH, a form saved unchanged): no new version, no audit entry.
        if (!Object.keys(diff).length) return toItemDto(current)
        const { tenantId: _t, id: _i, createdAt: _c, ...set } = next
        await tx.update(serviceItem).set(set).where(eq(serviceItem.id, id))
        if (priceChanged) await snapshotPrice(tx, next)
        await appendAudit(
          tx,
          auditActorOf(ctx),
          { action: 'catalog.item_updated', entityType: 'service_item', entityId: id, diff },
          at,
        )
        return toItemDto(next)
      })
    },

    /** What the customer portal shows: categories and published items, no permission needed. */
    async publicCatalog(tenantId: string) {
      return database.tenant(tenantId, async (tx) => {
        const categories = await tx
          .select()
          .from(serviceCategory)
          .orderBy(asc(serviceCategory.sort), asc(serviceCategory.name))
        const items = await tx
          .select()
          .from(serviceItem)
          .where(eq(serviceItem.status, 'published'))
          .orderBy(asc(serviceItem.code))
        return {
          categories: categories.map((r) => ({
            id: r.id,
            parentId: r.parentId,
            name: r.name,
            sort: r.sort,
          })),
          items: items.map((r) => {
            const {
              status: _s,
              projectOverrides,
              skills: _k,
              tools: _t,
              priceVersion: _p,
              version: _v,
              updatedAt: _u,
              ...shown
            } = toItemDto(r)
            // A project's own price is what a booking there is charged (offerOf): the portal shows it there.
            const projectPrices = projectOverrides.flatMap((o) =>
              o.pricing ? [{ projectId: o.projectId, pricing: o.pricing }] : [],
            )
            // And where a booking is refused (NOT_OFFERED): the portal says so before the booking step.
            const notOfferedIn = projectOverrides.flatMap((o) => (o.available ? [] : [o.projectId]))
            return { ...shown, projectPrices, notOfferedIn }
          }),
        }
      })
    },

    /** Which of the ids are service items, published or not. */
    async knownItems(tx: Executor, ids: readonly string[]): Promise<ReadonlySet<string>> {
      if (ids.length === 0) return new Set()
      const rows = await tx
        .select({ id: serviceItem.id })
        .from(serviceItem)
        .where(inArray(serviceItem.id, [...ids]))
      return new Set(rows.map((r) => r.id))
    },

    /** The skills an item needs, published or not (an order already booked still needs them). */
    async skillsOf(tx: Executor, itemId: string): Promise<string[]> {
      const [r] = await tx
        .select({ skills: serviceItem.skills })
        .from(serviceItem)
        .where(eq(serviceItem.id, itemId))
      return r?.skills ?? []
    },

    offerOf,

    /** The item as offered in a project at its current price, for booking; NOT_OFFERED otherwise. */
    async offered(tx: Executor, itemId: string, projectId: string): Promise<OfferedService> {
      return (await offerOf(tx, itemId))(projectId)
    },
  }
}

/**
 * The rules across an item's fields, on what it will be once saved; a refusal names what the request sent (a PATCH
 * that only turns a per-m² item into a per-hour one is told about its pricing):
 * - time per m² or unit needs an item priced by m² or unit (ADR 0053);
 * - a project's own price keeps the item's unit, or is a fixed price: a quantity is in the item's unit wherever it
 *   is booked (the portal asks for it so, and the visit's length is measured so);
 * - a per-unit minimum is a whole number of units, as per-unit bookings are.
 */
function requirePricingRules(
  item: Pick<NewItem, 'pricing' | 'durationPerUnitSeconds' | 'projectOverrides'>,
  sent: Partial<Pick<NewItem, 'durationPerUnitSeconds' | 'projectOverrides'>>,
) {
  if (item.durationPerUnitSeconds > 0 && !scalesBySize(item.pricing))
    throw new CatalogError('PER_UNIT_TIME_NEEDS_SIZE', {}, [
      {
        field:
          sent.durationPerUnitSeconds === undefined
            ? 'body.pricing.kind'
            : 'body.durationPerUnitSeconds',
        code: 'per_unit_time_needs_size',
      },
    ])
  const wholeMinimum = (pricing: PricingModel, field: string) => {
    if (pricing.kind === 'per_unit' && pricing.minQuantityMilli % 1000 !== 0)
      throw new CatalogError('MINIMUM_NOT_WHOLE', {}, [{ field, code: 'whole_units_only' }])
  }
  wholeMinimum(item.pricing, 'body.pricing.minQuantityMilli')
  item.projectOverrides.forEach((o, i) => {
    if (!o.pricing) return
    const at =
      sent.projectOverrides === undefined ? 'body.pricing' : `body.projectOverrides.${i}.pricing`
    if (o.pricing.kind !== item.pricing.kind && o.pricing.kind !== 'fixed')
      throw new CatalogError('OVERRIDE_UNIT_DIFFERS', {}, [
        { field: `${at}.kind`, code: 'override_unit_differs' },
      ])
    wholeMinimum(o.pricing, `${at}.minQuantityMilli`)
  })
}

/** Codes are kept in upper case, as SKUs are, so `clean-daily` and `CLEAN-DAILY` are one code, not two. */
const upperCode = (code: string) => code.toUpperCase()
const upperAddonCodes = <A extends { code: string }>(addons: A[]) =>
  addons.map((a) => ({ ...a, code: upperCode(a.code) }))

function stripUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>
  }
}

export type CatalogService = ReturnType<typeof createCatalogService>
