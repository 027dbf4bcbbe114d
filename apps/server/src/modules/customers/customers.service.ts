import { and, desc, eq, getTableColumns, ilike, inArray, isNull, lt, sql } from 'drizzle-orm'
import type { SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type {
  AddressInput,
  CreateCustomerRequest,
  UpdateAddressRequest,
  UpdateCustomerRequest,
} from '@doorstep/contracts'
import { MAX_CUSTOMER_ADDRESSES, idsOf, placeholderName } from '@doorstep/contracts'
import type { LatLng } from '@doorstep/domain'
import { coarse, maskDetail, maskPhone } from '@doorstep/domain'
import { can, requirePermission } from '../../platform/auth/actor.ts'
import { appendAudit, escapeLike } from '../../platform/audit/audit.ts'
import { auditActorOf } from '../../platform/audit/context.ts'
import { auditDiff } from '../../platform/audit/diff.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Keyring } from '../../platform/crypto/keyring.ts'
import type { Database, Executor } from '../../platform/db/database.ts'
import { holdUntilCommit } from '../../platform/db/database.ts'
import type { Slots } from '../../platform/db/prebuilt.ts'
import { prebuiltSelect } from '../../platform/db/prebuilt.ts'
import { CommonError } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import type { IfMatch } from '../../platform/http/if-match.ts'
import { requireListedVersion } from '../../platform/http/if-match.ts'
import { idCursor, toPage } from '../../platform/http/paging.ts'
import { newId } from '../../platform/ids.ts'
import { localDate } from '@doorstep/domain'
import { countSensitiveChange } from '../../platform/limits/daily-limit.ts'
import { project, projectCovering, tenantTimeZone } from '../tenancy/index.ts'
import { CustomerError } from './customers.errors.ts'
import type { Preferences } from './customers.tables.ts'
import { customer, customerAddress } from './customers.tables.ts'

type NewCustomer = z.output<typeof CreateCustomerRequest>
type CustomerChanges = z.output<typeof UpdateCustomerRequest>
type NewAddress = z.output<typeof AddressInput>
type AddressChanges = z.output<typeof UpdateAddressRequest>
type CustomerRow = typeof customer.$inferSelect
type AddressRow = typeof customerAddress.$inferSelect
/** An address with whether its project still takes bookings, as every reader is shown it. */
type AddressInProject = AddressRow & { projectActive: boolean }

const PHONE = /^1[3-9]\d{9}$/

const toAddressDto = (a: AddressInProject) => ({
  id: a.id,
  label: a.label,
  contactName: a.contactName,
  contactPhoneMasked: a.contactPhoneMasked,
  city: a.city,
  district: a.district,
  detailMasked: a.detailMasked,
  location: { lat: a.latApprox, lng: a.lngApprox },
  projectId: a.projectId,
  projectActive: a.projectActive,
  isDefault: a.isDefault,
})

const toSummary = (c: CustomerRow) => ({
  id: c.id,
  name: c.name,
  phoneMasked: c.phoneMasked,
  gender: c.gender,
  tags: c.tags,
  source: c.source,
  notes: c.notes,
  createdAt: c.createdAt.toISOString(),
  version: c.version,
})

/** What booking needs to know about where it goes. */
export interface ServiceAddress {
  customerId: string
  customerName: string
  customerPhoneMasked: string
  addressId: string
  addressMasked: string
  projectId: string
  /** False once the project is deactivated: it keeps what it promised but takes no new bookings. */
  projectActive: boolean
  location: LatLng
  /** The customer's preferred workers, first choice first: a booking goes to one of them when one is free. */
  preferredWorkerIds: readonly string[]
  /** Workers the customer does not want sent: never placed on their orders. */
  blockedWorkerIds: readonly string[]
}

/**
 * New bookings only where the project still takes them. What a deactivated project already promised (a plan's
 * further visits, a complaint's rework, a rescheduled order) is still served.
 */
export function requireProjectTakingBookings(address: ServiceAddress, field: string) {
  if (!address.projectActive)
    throw new CustomerError('PROJECT_CLOSED', {}, [{ field, code: 'project_closed' }])
}

/** Open orders (their numbers, a few) and live plans that go to an address: what keeps it where it is. */
export interface AddressUses {
  orderNos: string[]
  plans: number
  /** Complaints not closed on orders there: a free rework goes to the same place. */
  complaints: number
}
/**
 * Said to orders when an address's text is corrected in place: the open orders going there show the address as
 * it now reads (orders snapshot the masked text when booked).
 */
export type AddressCorrectedIn = (
  tx: Executor,
  customerId: string,
  addressId: string,
  detailMasked: string,
  at: Date,
) => Promise<void>
export type AddressUsesOf = (
  tx: Executor,
  customerId: string,
  addressId: string,
) => Promise<AddressUses>
/** Which of the ids name a row that exists (in the tenant the transaction is in). */
export type KnownIdsOf = (tx: Executor, ids: readonly string[]) => Promise<ReadonlySet<string>>

interface Deps {
  database: Database
  keyring: Keyring
  clock: Clock
  sensitiveDailyLimit: number
  /** Asked of orders and plans, which this module must not know (they depend on it). */
  addressUses: AddressUsesOf
  addressCorrected: AddressCorrectedIn
  /** Workers and service items a customer's preferences may name (asked of their modules). */
  knownWorkers: KnownIdsOf
  knownServices: KnownIdsOf
}

/**
 * Ids in lower case, as the database writes them, so booking finds a worker among them (none when absent):
 * requests' ids are lowered as read (`Uuid`), but preferences saved before that rule may hold capitals.
 */
const lowerIds = (ids: readonly string[] | null | undefined) =>
  (ids ?? []).map((id) => id.toLowerCase())

/** Whether the address's project still takes bookings, read with the address (a primary-key subselect). */
const projectActiveOf = sql<boolean>`(select p.active from ${project} p where p.id = ${customerAddress.projectId})`

// One statement, only what a booking needs: every availability look and booking reads it. A booking takes a key
// share lock on the address (the order's foreign key would take it at insert anyway), so an address removed or
// moved meanwhile waits for the booking, and a booking waits for a removal and then finds the address gone.
const addressToServe = [false, true].flatMap((ofCustomer) =>
  [false, true].map((forBooking) =>
    prebuiltSelect((tx, slot: Slots<{ addressId: string; customerId?: string }>) => {
      const query = tx
        .select({
          customerId: customer.id,
          customerName: customer.name,
          customerPhoneMasked: customer.phoneMasked,
          addressId: customerAddress.id,
          addressMasked: customerAddress.detailMasked,
          projectId: customerAddress.projectId,
          projectActive: projectActiveOf,
          lat: customerAddress.latApprox,
          lng: customerAddress.lngApprox,
          preferredWorkerIds: sql<string[] | null>`${customer.preferences} -> 'preferredWorkerIds'`,
          blockedWorkerIds: sql<string[] | null>`${customer.preferences} -> 'blockedWorkerIds'`,
        })
        .from(customerAddress)
        .leftJoin(customer, eq(customer.id, customerAddress.customerId))
        .where(
          and(
            eq(customerAddress.id, slot.addressId),
            isNull(customerAddress.archivedAt),
            ofCustomer ? eq(customerAddress.customerId, slot.customerId) : undefined,
          ),
        )
      return forBooking ? query.for('key share', { of: customerAddress }) : query
    }),
  ),
)
const addressStatement = (ofCustomer: boolean, forBooking: boolean) =>
  addressToServe[(ofCustomer ? 2 : 0) + (forBooking ? 1 : 0)]!

export function createCustomerService({
  database,
  keyring,
  clock,
  sensitiveDailyLimit,
  addressUses,
  addressCorrected,
  knownWorkers,
  knownServices,
}: Deps) {
  const cell = (tenantId: string, table: string, column: string, rowId: string) => ({
    tenantId,
    table,
    column,
    rowId,
  })

  /**
   * Preferences as kept, every id in them naming a worker or service that exists: an unknown one would be kept
   * and match nobody, so a customer's "never send" could be silently empty.
   */
  async function knownPreferences(tx: Executor, p: Preferences): Promise<Preferences> {
    const unknownIn = (
      known: ReadonlySet<string>,
      field: Exclude<keyof Preferences, 'preferredTimes'>,
    ): { field: string; code: string }[] =>
      p[field].flatMap((id, i) =>
        known.has(id) ? [] : [{ field: `body.preferences.${field}.${i}`, code: 'unknown_id' }],
      )
    const workers = await knownWorkers(tx, [...p.preferredWorkerIds, ...p.blockedWorkerIds])
    const unknownWorkers = [
      ...unknownIn(workers, 'preferredWorkerIds'),
      ...unknownIn(workers, 'blockedWorkerIds'),
    ]
    if (unknownWorkers.length) throw new CustomerError('UNKNOWN_WORKER', {}, unknownWorkers)
    const unknownServices = unknownIn(await knownServices(tx, p.usualServiceIds), 'usualServiceIds')
    if (unknownServices.length) throw new CustomerError('UNKNOWN_SERVICE', {}, unknownServices)
    return p
  }

  async function projectFor(tx: Executor, location: LatLng, field: string) {
    const projectId = await projectCovering(tx, location)
    if (!projectId)
      throw new CustomerError('OUTSIDE_SERVICE_AREA', {}, [
        { field: `${field}.location`, code: 'outside_service_area' },
      ])
    return projectId
  }

  /** The stored row of an address: personal parts sealed to this row's cells, masked and coarse copies beside. */
  function sealAddress(
    tenantId: string,
    id: string,
    customerId: string,
    a: NewAddress,
    projectId: string,
    createdAt: Date,
  ): AddressRow {
    return {
      tenantId,
      id,
      customerId,
      label: a.label,
      contactName: a.contactName,
      contactPhoneEnc: keyring.encrypt(
        a.contactPhone,
        cell(tenantId, 'customer_address', 'contact_phone_enc', id),
      ),
      contactPhoneMasked: maskPhone(a.contactPhone),
      city: a.city,
      district: a.district,
      detailEnc: keyring.encrypt(a.detail, cell(tenantId, 'customer_address', 'detail_enc', id)),
      detailMasked: `${a.district} ${maskDetail(a.detail)}`,
      locationEnc: keyring.encrypt(
        JSON.stringify(a.location),
        cell(tenantId, 'customer_address', 'location_enc', id),
      ),
      latApprox: coarse(a.location.lat),
      lngApprox: coarse(a.location.lng),
      projectId,
      isDefault: a.isDefault,
      createdAt,
      archivedAt: null,
    }
  }

  async function addressRow(
    tx: Executor,
    tenantId: string,
    customerId: string,
    a: NewAddress,
    field: string,
    at: Date,
  ): Promise<AddressRow> {
    const projectId = await projectFor(tx, a.location, field)
    return sealAddress(tenantId, newId(), customerId, a, projectId, at)
  }

  /** An address as entered, from its row (the parts a list masks, in clear). */
  function openAddress(a: AddressRow): NewAddress {
    const t = a.tenantId
    return {
      label: a.label,
      contactName: a.contactName,
      contactPhone: keyring.decrypt(
        a.contactPhoneEnc,
        cell(t, 'customer_address', 'contact_phone_enc', a.id),
      ),
      city: a.city,
      district: a.district,
      detail: keyring.decrypt(a.detailEnc, cell(t, 'customer_address', 'detail_enc', a.id)),
      location: JSON.parse(
        keyring.decrypt(a.locationEnc, cell(t, 'customer_address', 'location_enc', a.id)),
      ) as LatLng,
      isDefault: a.isDefault,
    }
  }

  /**
   * Only the customer themself reads their addresses opened this way; staff see them masked, or revealed with an
   * audit entry (`reveal`).
   */
  function requireSelf(ctx: RequestContext, customerId: string) {
    if (ctx.actor.customerId !== customerId)
      throw new CommonError('NOT_FOUND', { entity: 'customer' })
  }

  /** An address as its own customer reads it: the list's fields with the contact phone and detail in full. */
  function openedAddress(a: AddressInProject) {
    const open = openAddress(a)
    return { ...toAddressDto(a), contactPhone: open.contactPhone, detail: open.detail }
  }

  /**
   * Open orders were planned at the address's place, live plans price by its project, an open complaint's rework
   * goes there: each keeps it where it is.
   */
  async function requireUnused(tx: Executor, customerId: string, addressId: string) {
    const uses = await addressUses(tx, customerId, addressId)
    if (uses.orderNos.length)
      throw new CustomerError('ADDRESS_HAS_ORDERS', { orderNos: uses.orderNos })
    if (uses.plans) throw new CustomerError('ADDRESS_HAS_PLANS', { plans: uses.plans })
    if (uses.complaints)
      throw new CustomerError('ADDRESS_HAS_COMPLAINTS', { complaints: uses.complaints })
  }

  /** The address about to change, locked: a booking holding it (key share) finishes first, a new one waits. */
  async function lockedAddress(tx: Executor, addresses: AddressRow[], addressId: string) {
    const current = addresses.find((a) => a.id === addressId)
    if (!current) throw new CommonError('NOT_FOUND', { entity: 'address' })
    await tx
      .select({ id: customerAddress.id })
      .from(customerAddress)
      .where(eq(customerAddress.id, addressId))
      .for('update')
    return current
  }

  async function makeDefault(tx: Executor, customerId: string, addressId: string) {
    await tx
      .update(customerAddress)
      .set({ isDefault: sql`${customerAddress.id} = ${addressId}` })
      .where(and(eq(customerAddress.customerId, customerId), isNull(customerAddress.archivedAt)))
  }

  async function insertAddress(tx: Executor, row: AddressRow) {
    if (row.isDefault) {
      await tx
        .update(customerAddress)
        .set({ isDefault: false })
        .where(eq(customerAddress.customerId, row.customerId))
    }
    await tx.insert(customerAddress).values(row)
  }

  async function load(tx: Executor, id: string, lock = false) {
    const query = tx.select().from(customer).where(eq(customer.id, id))
    const [row] = lock ? await query.for('update') : await query
    if (!row) throw new CommonError('NOT_FOUND', { entity: 'customer' })
    const addresses = await tx
      .select({ ...getTableColumns(customerAddress), projectActive: projectActiveOf })
      .from(customerAddress)
      .where(and(eq(customerAddress.customerId, id), isNull(customerAddress.archivedAt)))
      .orderBy(desc(customerAddress.isDefault), customerAddress.createdAt)
    return { row, addresses }
  }

  const detail = ({ row, addresses }: { row: CustomerRow; addresses: AddressInProject[] }) => ({
    ...toSummary(row),
    preferences: row.preferences,
    addresses: addresses.map(toAddressDto),
  })

  /** Staff editing customers' personal data are limited per day; customers editing their own are not. */
  async function countPiiChange(tx: Executor, ctx: RequestContext, at: Date) {
    if (ctx.actor.type === 'customer') return
    const timeZone = await tenantTimeZone(tx)
    await countSensitiveChange(tx, ctx.actor, {
      kind: 'customer.pii',
      day: localDate(at, timeZone),
      limit: sensitiveDailyLimit,
    })
  }

  /** Writes of one phone (staff entering a caller, the caller signing up on the portal) queue here. */
  const holdPhone = (tx: Executor, phoneBidx: string) =>
    holdUntilCommit(tx, `customer-phone|${phoneBidx}`)

  /**
   * Refuses a phone another customer has, naming them to whoever may read them. Writes of one phone queue here,
   * so the second reads the first once it committed (the unique key alone would refuse it without saying who has
   * the number). A project-bound agent is not told the name of another project's customer (PIPL: purpose-bound).
   */
  async function requirePhoneFree(tx: Executor, ctx: RequestContext, phoneBidx: string) {
    await holdPhone(tx, phoneBidx)
    // A role that may enter customers but not read them (a custom one) is told as little as a project-bound agent.
    const scope = can(ctx.actor, 'customers:read') ? visibility(ctx, 'customers:read') : sql`false`
    const [clash] = await tx
      .select({
        id: customer.id,
        name: customer.name,
        visible: scope ? sql<boolean>`(${scope})` : sql<boolean>`true`,
      })
      .from(customer)
      .where(eq(customer.phoneBidx, phoneBidx))
    if (!clash) return
    const field = [{ field: 'body.phone', code: 'duplicate_customer' }]
    if (!clash.visible) throw new CustomerError('PHONE_OF_HIDDEN_CUSTOMER', {}, field)
    throw new CustomerError('DUPLICATE_CUSTOMER', { customerId: clash.id, name: clash.name }, field)
  }

  /** Customers are tenant-wide; a project-scoped reader sees those with an address in their projects. */
  function visibility(
    ctx: RequestContext,
    permission: 'customers:read' | 'customers:manage' | 'customers.pii:reveal',
  ): SQL | undefined {
    const scope = requirePermission(ctx.actor, permission)
    if (scope === 'tenant') return undefined
    if (scope === 'own')
      return ctx.actor.customerId ? eq(customer.id, ctx.actor.customerId) : sql`false`
    const ids = ctx.actor.projectIds
    return ids.length
      ? sql`exists (select 1 from customer_address a where a.tenant_id = ${customer.tenantId} and a.customer_id = ${customer.id}
          and a.archived_at is null and a.project_id in (${sql.join(
            ids.map((p) => sql`${p}::uuid`),
            sql`, `,
          )}))`
      : sql`false`
  }

  /**
   * A project-scoped agent sees a customer through an address in their projects, and the customer's other
   * addresses with it; they change only the ones in their projects (and move none out of them). A customer
   * manages their own wherever they are.
   */
  function requireAddressInScope(ctx: RequestContext, projectId: string, field?: string) {
    const scope = requirePermission(ctx.actor, 'customers:manage')
    if (
      scope !== 'tenant' &&
      ctx.actor.type !== 'customer' &&
      !ctx.actor.projectIds.includes(projectId)
    )
      throw new CustomerError(
        'ADDRESS_OUT_OF_SCOPE',
        {},
        field ? [{ field, code: 'project_out_of_scope' }] : undefined,
      )
  }

  async function loadVisible(
    tx: Executor,
    ctx: RequestContext,
    id: string,
    permission: Parameters<typeof visibility>[1],
    lock = false,
  ) {
    const scope = visibility(ctx, permission)
    if (scope) {
      const [ok] = await tx
        .select({ id: customer.id })
        .from(customer)
        .where(and(eq(customer.id, id), scope))
      if (!ok) throw new CommonError('NOT_FOUND', { entity: 'customer' })
    }
    return load(tx, id, lock)
  }

  async function addAddressIn(tx: Executor, ctx: RequestContext, id: string, input: NewAddress) {
    const { addresses } = await loadVisible(tx, ctx, id, 'customers:manage', true)
    if (addresses.length >= MAX_CUSTOMER_ADDRESSES)
      throw new CustomerError('TOO_MANY_ADDRESSES', { max: MAX_CUSTOMER_ADDRESSES }, [
        { field: 'body', code: 'too_many_addresses' },
      ])
    const at = clock.now()
    await countPiiChange(tx, ctx, at)
    const row = await addressRow(
      tx,
      ctx.actor.tenantId,
      id,
      { ...input, isDefault: input.isDefault || addresses.length === 0 },
      'body',
      at,
    )
    requireAddressInScope(ctx, row.projectId, 'body.location')
    await insertAddress(tx, row)
    await appendAudit(
      tx,
      auditActorOf(ctx),
      {
        action: 'customer.address_added',
        entityType: 'customer',
        entityId: id,
        diff: { address: { from: null, to: row.detailMasked } },
      },
      at,
    )
  }

  /**
   * Corrects an address. Its place may move only while no open order was planned there and no live plan
   * books there; the moved place must be inside a service area (its project follows it).
   */
  async function updateAddressIn(
    tx: Executor,
    ctx: RequestContext,
    id: string,
    addressId: string,
    changes: AddressChanges,
  ) {
    const { addresses } = await loadVisible(tx, ctx, id, 'customers:manage', true)
    const current = await lockedAddress(tx, addresses, addressId)
    requireAddressInScope(ctx, current.projectId)
    const at = clock.now()
    const { isDefault, ...fields } = changes
    const { isDefault: wasDefault, ...before } = openAddress(current)
    const diff = auditDiff(before, fields, ['contactPhone', 'detail', 'location'])
    let masked = current.detailMasked
    if (Object.keys(diff).length) {
      await countPiiChange(tx, ctx, at)
      const next = { ...before, ...fields, isDefault: wasDefault }
      const moved =
        coarse(next.location.lat) !== current.latApprox ||
        coarse(next.location.lng) !== current.lngApprox
      if (moved) await requireUnused(tx, id, addressId)
      const projectId = moved ? await projectFor(tx, next.location, 'body') : current.projectId
      requireAddressInScope(ctx, projectId, 'body.location')
      const {
        tenantId: _t,
        id: _i,
        createdAt: _c,
        ...sealed
      } = sealAddress(current.tenantId, addressId, id, next, projectId, current.createdAt)
      await tx.update(customerAddress).set(sealed).where(eq(customerAddress.id, addressId))
      masked = sealed.detailMasked
      if (masked !== current.detailMasked) await addressCorrected(tx, id, addressId, masked, at)
      if (projectId !== current.projectId)
        Object.assign(diff, { projectId: { from: current.projectId, to: projectId } })
    }
    if (isDefault && !wasDefault) await makeDefault(tx, id, addressId)
    if (Object.keys(diff).length || (isDefault && !wasDefault))
      await appendAudit(
        tx,
        auditActorOf(ctx),
        {
          action: 'customer.address_updated',
          entityType: 'customer',
          entityId: id,
          diff: {
            address: { from: current.detailMasked, to: masked },
            ...diff,
            ...(isDefault && !wasDefault ? { isDefault: { from: false, to: true } } : {}),
          },
        },
        at,
      )
  }

  /**
   * Removes an address from the customer's list and from booking. Past orders keep pointing at it (their
   * history stays whole), so the row is archived, not deleted; the oldest remaining one becomes the default.
   */
  async function removeAddressIn(tx: Executor, ctx: RequestContext, id: string, addressId: string) {
    const { addresses } = await loadVisible(tx, ctx, id, 'customers:manage', true)
    const current = await lockedAddress(tx, addresses, addressId)
    requireAddressInScope(ctx, current.projectId)
    const at = clock.now()
    await requireUnused(tx, id, addressId)
    await countPiiChange(tx, ctx, at)
    await tx
      .update(customerAddress)
      .set({ archivedAt: at, isDefault: false })
      .where(eq(customerAddress.id, addressId))
    // `load` lists the default first, then by age: after the default, the first other is the oldest.
    const successor = addresses.find((a) => a.id !== addressId)
    if (current.isDefault && successor) await makeDefault(tx, id, successor.id)
    await appendAudit(
      tx,
      auditActorOf(ctx),
      {
        action: 'customer.address_removed',
        entityType: 'customer',
        entityId: id,
        diff: { address: { from: current.detailMasked, to: null } },
      },
      at,
    )
  }

  /** An address write answering as staff read the customer: their detail (masked). */
  const asStaff =
    <A extends unknown[]>(
      write: (tx: Executor, ctx: RequestContext, id: string, ...args: A) => Promise<void>,
    ) =>
    (ctx: RequestContext, id: string, ...args: A) =>
      database.tenant(ctx.actor.tenantId, async (tx) => {
        await write(tx, ctx, id, ...args)
        return detail(await load(tx, id))
      })

  /** An address write by the customer themself, answering with their own addresses in full. */
  const asOwn =
    <A extends unknown[]>(
      write: (tx: Executor, ctx: RequestContext, id: string, ...args: A) => Promise<void>,
    ) =>
    (ctx: RequestContext, customerId: string, ...args: A) => {
      requireSelf(ctx, customerId)
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        await write(tx, ctx, customerId, ...args)
        return ownList(ctx.actor.tenantId, (await load(tx, customerId)).addresses)
      })
    }

  /**
   * The customer's own addresses: the detail tells the homes apart; the contact's phone (maybe a parent's) stays
   * masked in a list.
   */
  const ownList = (tenantId: string, addresses: readonly AddressInProject[]) =>
    addresses.map((a) => ({
      ...toAddressDto(a),
      detail: keyring.decrypt(a.detailEnc, cell(tenantId, 'customer_address', 'detail_enc', a.id)),
    }))

  return {
    async list(
      ctx: RequestContext,
      f: {
        q?: string | undefined
        ids?: string | undefined
        tag?: string | undefined
        projectId?: string | undefined
        source?: CustomerRow['source'] | undefined
        cursor?: string | undefined
        limit: number
      },
    ) {
      const where: SQL[] = []
      const scope = visibility(ctx, 'customers:read')
      if (scope) where.push(scope)
      const q = f.q?.trim()
      if (q)
        where.push(
          PHONE.test(q)
            ? eq(customer.phoneBidx, keyring.blindIndex('phone', q))
            : ilike(customer.name, `%${escapeLike(q)}%`),
        )
      if (f.ids) where.push(inArray(customer.id, idsOf(f.ids)))
      if (f.tag) where.push(sql`${customer.tags} @> ${JSON.stringify([f.tag])}::jsonb`)
      if (f.source) where.push(eq(customer.source, f.source))
      if (f.projectId)
        where.push(
          sql`exists (select 1 from customer_address a where a.tenant_id = ${customer.tenantId} and a.customer_id = ${customer.id}
            and a.archived_at is null and a.project_id = ${f.projectId})`,
        )
      const before = idCursor(f.cursor)
      if (before) where.push(lt(customer.id, before))
      const rows = await database.tenant(ctx.actor.tenantId, (tx) =>
        tx
          .select()
          .from(customer)
          .where(and(...where))
          .orderBy(desc(customer.id))
          .limit(f.limit + 1),
      )
      return toPage(rows, f.limit, toSummary, (c) => c.id)
    },

    async get(ctx: RequestContext, id: string) {
      return database.tenant(ctx.actor.tenantId, async (tx) =>
        detail(await loadVisible(tx, ctx, id, 'customers:read')),
      )
    },

    /** Customer service creates customers during a call; a known phone number is a duplicate, named. */
    async create(ctx: RequestContext, input: NewCustomer) {
      requirePermission(ctx.actor, 'customers:manage')
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const phoneBidx = keyring.blindIndex('phone', input.phone)
        await requirePhoneFree(tx, ctx, phoneBidx)
        const at = clock.now()
        const id = newId()
        const rows: AddressRow[] = []
        for (const [i, a] of input.addresses.entries()) {
          rows.push(
            await addressRow(
              tx,
              ctx.actor.tenantId,
              id,
              { ...a, isDefault: a.isDefault || i === 0 },
              `body.addresses.${i}`,
              at,
            ),
          )
          requireAddressInScope(ctx, rows[i]!.projectId, `body.addresses.${i}.location`)
        }
        await tx.insert(customer).values({
          tenantId: ctx.actor.tenantId,
          id,
          name: input.name,
          phoneEnc: keyring.encrypt(
            input.phone,
            cell(ctx.actor.tenantId, 'customer', 'phone_enc', id),
          ),
          phoneBidx,
          phoneMasked: maskPhone(input.phone),
          gender: input.gender,
          tags: input.tags,
          source: input.source,
          notes: input.notes,
          preferences: await knownPreferences(tx, input.preferences),
          createdAt: at,
          updatedAt: at,
        })
        for (const row of rows) await insertAddress(tx, row)
        const { addresses: _a, ...shown } = input
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'customer.created',
            entityType: 'customer',
            entityId: id,
            diff: {
              ...auditDiff(null, shown, ['phone']),
              addresses: { from: null, to: rows.length },
            },
          },
          at,
        )
        return detail(await load(tx, id))
      })
    },

    async update(ctx: RequestContext, id: string, changes: CustomerChanges, ifMatch: IfMatch) {
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const { row } = await loadVisible(tx, ctx, id, 'customers:manage', true)
        requireListedVersion(ifMatch, row.version)
        const at = clock.now()
        const currentPhone = keyring.decrypt(
          row.phoneEnc,
          cell(ctx.actor.tenantId, 'customer', 'phone_enc', id),
        )
        const before = {
          name: row.name,
          phone: currentPhone,
          gender: row.gender,
          tags: row.tags,
          source: row.source,
          notes: row.notes,
          preferences: row.preferences,
        }
        const diff = auditDiff(before, changes, ['phone', 'name'])
        // Nothing differs (an empty PATCH, a form saved unchanged): no new version, no audit entry.
        if (!Object.keys(diff).length) return detail(await load(tx, id))
        const phoneChanged = changes.phone !== undefined && changes.phone !== currentPhone
        if (phoneChanged || (changes.name !== undefined && changes.name !== row.name))
          await countPiiChange(tx, ctx, at)
        const set: Partial<CustomerRow> = { updatedAt: at, version: row.version + 1 }
        for (const key of ['name', 'gender', 'tags', 'source', 'notes'] as const) {
          if (changes[key] !== undefined) Object.assign(set, { [key]: changes[key] })
        }
        if (changes.preferences) set.preferences = await knownPreferences(tx, changes.preferences)
        if (phoneChanged) {
          const phoneBidx = keyring.blindIndex('phone', changes.phone!)
          await requirePhoneFree(tx, ctx, phoneBidx)
          Object.assign(set, {
            phoneEnc: keyring.encrypt(
              changes.phone!,
              cell(ctx.actor.tenantId, 'customer', 'phone_enc', id),
            ),
            phoneBidx,
            phoneMasked: maskPhone(changes.phone!),
          })
        }
        await tx.update(customer).set(set).where(eq(customer.id, id))
        await appendAudit(
          tx,
          auditActorOf(ctx),
          { action: 'customer.updated', entityType: 'customer', entityId: id, diff },
          at,
        )
        return detail(await load(tx, id))
      })
    },

    addAddress: asStaff(addAddressIn),
    updateAddress: asStaff(updateAddressIn),
    removeAddress: asStaff(removeAddressIn),
    /** The portal's address writes answer with the customer's own list, read in the same transaction. */
    addOwnAddress: asOwn(addAddressIn),
    updateOwnAddress: asOwn(updateAddressIn),
    removeOwnAddress: asOwn(removeAddressIn),

    /**
     * The customer's own name and phone, for the portal's address form to offer as the contact: the number they
     * signed in with (proving it by SMS), shown to them alone — not a staff reveal, so not audited as one.
     */
    async ownContact(ctx: RequestContext, customerId: string) {
      requireSelf(ctx, customerId)
      return database.read(ctx.actor.tenantId, async (tx) => {
        // Their own row only (requireSelf): no scope to check, no addresses to read.
        const [row] = await tx
          .select({ name: customer.name, phoneEnc: customer.phoneEnc })
          .from(customer)
          .where(eq(customer.id, customerId))
        if (!row) throw new CommonError('NOT_FOUND', { entity: 'customer' })
        const phone = keyring.decrypt(
          row.phoneEnc,
          cell(ctx.actor.tenantId, 'customer', 'phone_enc', customerId),
        )
        return { name: row.name, phone }
      })
    },

    /** One of the customer's own addresses in full: the data subject sees their own data (not a staff reveal). */
    async ownAddress(ctx: RequestContext, customerId: string, addressId: string) {
      requireSelf(ctx, customerId)
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const { addresses } = await loadVisible(tx, ctx, customerId, 'customers:read')
        const a = addresses.find((x) => x.id === addressId)
        if (!a) throw new CommonError('NOT_FOUND', { entity: 'address' })
        return openedAddress(a)
      })
    },

    /**
     * A customer's own addresses with their exact detail, for the customer themself (the portal): their own
     * data, which they must read to tell two homes apart — not a reveal to staff, so not audited as one.
     */
    async ownAddresses(ctx: RequestContext, customerId: string) {
      requireSelf(ctx, customerId)
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const { addresses } = await loadVisible(tx, ctx, customerId, 'customers:read')
        return ownList(ctx.actor.tenantId, addresses)
      })
    },

    /** Full phone and addresses, for someone allowed to see them; every reveal is audited. */
    async reveal(ctx: RequestContext, id: string) {
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const { row, addresses } = await loadVisible(tx, ctx, id, 'customers.pii:reveal')
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'customer.pii_revealed',
            entityType: 'customer',
            entityId: id,
            diff: { fields: { from: null, to: ['phone', 'addresses'] } },
          },
          clock.now(),
        )
        const t = ctx.actor.tenantId
        return {
          phone: keyring.decrypt(row.phoneEnc, cell(t, 'customer', 'phone_enc', id)),
          addresses: addresses.map((a) => ({
            id: a.id,
            contactPhone: keyring.decrypt(
              a.contactPhoneEnc,
              cell(t, 'customer_address', 'contact_phone_enc', a.id),
            ),
            detail: keyring.decrypt(a.detailEnc, cell(t, 'customer_address', 'detail_enc', a.id)),
          })),
        }
      })
    },

    /**
     * The customer and address an order goes to, read in the booking's transaction. With `customerId`, the
     * address must be theirs.
     */
    async serviceAddress(
      tx: Executor,
      addressId: string,
      customerId?: string,
      field = 'body.addressId',
      forBooking = false,
    ): Promise<ServiceAddress> {
      const [a] = await (customerId
        ? addressStatement(true, forBooking)(tx, { addressId, customerId })
        : addressStatement(false, forBooking)(tx, { addressId }))
      if (!a) throw new CustomerError('UNKNOWN_ADDRESS', {}, [{ field, code: 'unknown_address' }])
      if (!a.customerId || a.customerName === null || a.customerPhoneMasked === null)
        throw new CommonError('NOT_FOUND', { entity: 'customer' })
      return {
        customerId: a.customerId,
        customerName: a.customerName,
        customerPhoneMasked: a.customerPhoneMasked,
        addressId: a.addressId,
        addressMasked: a.addressMasked,
        projectId: a.projectId,
        projectActive: a.projectActive,
        location: { lat: a.lat, lng: a.lng },
        preferredWorkerIds: lowerIds(a.preferredWorkerIds),
        blockedWorkerIds: lowerIds(a.blockedWorkerIds),
      }
    },

    /** Whom the customer wants sent and whom not, for a step of an order already booked (an assignment, a move). */
    async workerPreferences(tx: Executor, customerId: string) {
      const [row] = await tx
        .select({ preferences: customer.preferences })
        .from(customer)
        .where(eq(customer.id, customerId))
      return {
        preferredWorkerIds: lowerIds(row?.preferences.preferredWorkerIds),
        blockedWorkerIds: lowerIds(row?.preferences.blockedWorkerIds),
      }
    },

    /**
     * The customer's name and masked phone as columns of the caller's own query (a list or a detail reads
     * them in the same statement instead of a second one).
     */
    summaryColumns(customerId: SQL) {
      return {
        customerName: sql<string>`coalesce((select c.name from ${customer} c where c.id = ${customerId}), '')`,
        customerPhoneMasked: sql<string>`coalesce((select c.phone_masked from ${customer} c where c.id = ${customerId}), '')`,
      }
    },

    /** Names and masked contacts for a page of orders, without one query per row. */
    async summaries(tx: Executor, ids: readonly string[]) {
      if (ids.length === 0) return new Map<string, { name: string; phoneMasked: string }>()
      const rows = await tx
        .select({ id: customer.id, name: customer.name, phoneMasked: customer.phoneMasked })
        .from(customer)
        .where(inArray(customer.id, [...ids]))
      return new Map(rows.map((r) => [r.id, r]))
    },

    /** The customer with this phone, created on the spot (a first portal sign-in), in the caller's transaction. */
    async findOrCreateByPhone(tx: Executor, tenantId: string, phone: string, at: Date) {
      const phoneBidx = keyring.blindIndex('phone', phone)
      await holdPhone(tx, phoneBidx)
      const [found] = await tx.select().from(customer).where(eq(customer.phoneBidx, phoneBidx))
      if (found)
        return { id: found.id, name: found.name, phoneMasked: found.phoneMasked, created: false }
      const id = newId()
      const row = {
        tenantId,
        id,
        name: placeholderName(phone),
        phoneEnc: keyring.encrypt(phone, cell(tenantId, 'customer', 'phone_enc', id)),
        phoneBidx,
        phoneMasked: maskPhone(phone),
        gender: 'unknown' as const,
        tags: [],
        source: 'portal' as const,
        notes: '',
        preferences: {
          usualServiceIds: [],
          preferredTimes: [],
          preferredWorkerIds: [],
          blockedWorkerIds: [],
        },
        createdAt: at,
        updatedAt: at,
      }
      await tx.insert(customer).values(row)
      return { id, name: row.name, phoneMasked: row.phoneMasked, created: true }
    },

    /**
     * The customer's phone in clear, for a text message the customer asked for (a booking notice):
     * trusted server work, not a person looking, so not a reveal and not audited as one.
     */
    async phoneForMessage(tx: Executor, id: string) {
      const [row] = await tx
        .select({ tenantId: customer.tenantId, phoneEnc: customer.phoneEnc })
        .from(customer)
        .where(eq(customer.id, id))
      return row
        ? keyring.decrypt(row.phoneEnc, cell(row.tenantId, 'customer', 'phone_enc', id))
        : null
    },

    /** PIPL: records the privacy notice version agreed to; returns the one agreed before (null: none). */
    async recordConsent(tx: Executor, id: string, version: string, at: Date) {
      const [row] = await tx
        .select({ version: customer.privacyConsentVersion })
        .from(customer)
        .where(eq(customer.id, id))
      const before = row?.version ?? null
      if (before !== version)
        await tx
          .update(customer)
          .set({ privacyConsentVersion: version, privacyConsentedAt: at })
          .where(eq(customer.id, id))
      return before
    },

    /** Exact search by phone through the blind index. */
    async customerIdByPhone(tx: Executor, phone: string) {
      const [row] = await tx
        .select({ id: customer.id })
        .from(customer)
        .where(eq(customer.phoneBidx, keyring.blindIndex('phone', phone)))
      return row?.id ?? null
    },
  }
}

export type CustomerService = ReturnType<typeof createCustomerService>
