import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import {
  call,
  createTestEnv,
  login,
  seedBusinessFixture,
  seedTenant,
  tomorrow,
} from '../../test-support/harness.ts'

let env: TestEnv
let t: Seeded
let admin: Session
let fx: Awaited<ReturnType<typeof seedBusinessFixture>>

beforeAll(async () => {
  env = await createTestEnv()
  t = await seedTenant(env)
  admin = await login(env, t.adminLogin)
  fx = await seedBusinessFixture(env, t)
})
afterAll(() => env.close())

const bookAt = (hhmm: string) =>
  call(env, admin, 'POST', '/api/v1/orders', {
    customerId: fx.customer,
    addressId: fx.addressId,
    serviceItemId: fx.item,
    quantityMilli: 2000,
    windowStart: new Date(`${tomorrow()}T${hhmm}:00+08:00`).toISOString(),
  })

/** The fixture's item as a create or edit request sends it: its own fields, without the counters a save moves. */
async function fixtureBody() {
  const item = (await call(env, admin, 'GET', `/api/v1/catalog/items/${fx.item}`)).json()
  const { id: _i, priceVersion: _p, version: _v, updatedAt: _u, ...body } = item
  return body
}

describe('catalog', () => {
  it('should version a price change and keep booked orders at the price they were booked at', async () => {
    const before = (await call(env, admin, 'GET', `/api/v1/orders/${fx.order}`)).json()
    const item = await call(env, admin, 'GET', `/api/v1/catalog/items/${fx.item}`)
    const changed = await call(
      env,
      admin,
      'PATCH',
      `/api/v1/catalog/items/${fx.item}`,
      { pricing: { kind: 'per_hour', unitFen: 6000, minQuantityMilli: 2000 } },
      { 'if-match': item.headers.etag as string },
    )
    expect(changed.json()).toMatchObject({ priceVersion: 2, version: 2 })
    const described = await call(env, admin, 'PATCH', `/api/v1/catalog/items/${fx.item}`, {
      description: '更详细的说明',
    })
    expect(described.json().priceVersion).toBe(2)
    const after = (await call(env, admin, 'GET', `/api/v1/orders/${fx.order}`)).json()
    expect(after.price).toEqual(before.price)
    expect(after.priceVersion).toBe(1)
    const fresh = await bookAt('10:00')
    expect(fresh.json()).toMatchObject({ priceVersion: 2, price: { totalFen: 12_000 } })
  })

  it('should not book a draft item or one withdrawn from the project', async () => {
    // One setting per project: two that disagree (offered cheaply, and withdrawn) are refused by name.
    const twice = await call(env, admin, 'PATCH', `/api/v1/catalog/items/${fx.item}`, {
      projectOverrides: [
        { projectId: t.projectIds[0], available: true, pricing: { kind: 'fixed', priceFen: 1 } },
        { projectId: t.projectIds[0]!.toUpperCase(), available: false },
      ],
    })
    expect(twice.statusCode).toBe(400)
    const script = await call(env, admin, 'PATCH', `/api/v1/catalog/items/${fx.item}`, {
      photos: ['javascript:alert(1)'],
    })
    expect(script.json().errors).toEqual([
      expect.objectContaining({ field: 'body.photos.0', code: 'invalid_photo_url' }),
    ])
    expect(twice.json().errors).toEqual([
      expect.objectContaining({
        field: 'body.projectOverrides.1.projectId',
        code: 'listed_twice',
        message: '列表中已有此项',
      }),
    ])
    // Named in upper case, the project is still the one withdrawn from.
    await call(env, admin, 'PATCH', `/api/v1/catalog/items/${fx.item}`, {
      projectOverrides: [
        { projectId: t.projectIds[0]!.toUpperCase(), available: false, pricing: null },
      ],
    })
    const withdrawn = await bookAt('13:00')
    expect(withdrawn.statusCode).toBe(422)
    expect(withdrawn.json().errors[0]).toMatchObject({
      field: 'body.serviceItemId',
      code: 'not_offered',
    })
    // The portal's catalog says where it is withdrawn, so browsing says so before the booking step.
    const portal = await call(env, null, 'GET', '/api/v1/portal/catalog', undefined, {
      'x-doorstep-tenant': t.slug,
    })
    const shown = portal.json().items.find((i: { id: string }) => i.id === fx.item)
    expect(shown).toMatchObject({ notOfferedIn: [t.projectIds[0]], projectPrices: [] })
    await call(env, admin, 'PATCH', `/api/v1/catalog/items/${fx.item}`, {
      projectOverrides: [],
      status: 'draft',
    })
    expect((await bookAt('13:00')).json().code).toBe('NOT_OFFERED')
  })

  it('should refuse a duplicate code and an unknown category, naming the field', async () => {
    const body = await fixtureBody()
    expect(
      (await call(env, admin, 'POST', '/api/v1/catalog/items', body)).json().errors[0],
    ).toMatchObject({ field: 'body.code', code: 'code_taken' })
    const lower = await call(env, admin, 'POST', '/api/v1/catalog/items', {
      ...body,
      code: body.code.toLowerCase(),
    })
    expect(lower.json().errors[0]).toMatchObject({ field: 'body.code', code: 'code_taken' })
    const sameAddon = await call(env, admin, 'POST', '/api/v1/catalog/items', {
      ...body,
      code: 'AC-GAS',
      addons: [
        { code: 'gas', name: '加氟', unitFen: 100 },
        { code: 'GAS', name: '加氟（大）', unitFen: 200 },
      ],
    })
    expect(sameAddon.json().errors[0]).toMatchObject({
      field: 'body.addons.1.code',
      code: 'duplicate_code',
    })
    // Kept upper case, the item's code and its add-ons' alike.
    const created = await call(env, admin, 'POST', '/api/v1/catalog/items', {
      ...body,
      code: 'ac-gas',
      addons: [{ code: 'gas', name: '加氟', unitFen: 100 }],
      // Published, so the draft list below shows only the fixture's item.
      status: 'published',
    })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({ code: 'AC-GAS', addons: [{ code: 'GAS' }] })
    const renamed = await call(
      env,
      admin,
      'PATCH',
      `/api/v1/catalog/items/${created.json().id}`,
      { code: 'ac-gas-2', addons: [{ code: 'gas-big', name: '加氟（大）', unitFen: 200 }] },
      { 'if-match': created.headers.etag as string },
    )
    expect(renamed.json()).toMatchObject({ code: 'AC-GAS-2', addons: [{ code: 'GAS-BIG' }] })
    const unknown = await call(env, admin, 'POST', '/api/v1/catalog/items', {
      ...body,
      code: 'OTHER',
      categoryId: '01900000-0000-7000-8000-000000000000',
    })
    expect(unknown.json().errors[0]).toMatchObject({
      field: 'body.categoryId',
      code: 'unknown_category',
    })
  })

  it('should keep time per m² or unit to items priced so, naming the field, saving nothing', async () => {
    const body = await fixtureBody()
    // The fixture's item is priced per hour: its length is the hours booked.
    const hourly = await call(env, admin, 'POST', '/api/v1/catalog/items', {
      ...body,
      code: 'HOURLY-PER-UNIT',
      durationPerUnitSeconds: 60,
    })
    expect(hourly.json()).toMatchObject({
      status: 400,
      code: 'PER_UNIT_TIME_NEEDS_SIZE',
      errors: [{ field: 'body.durationPerUnitSeconds', code: 'per_unit_time_needs_size' }],
    })
    const tooLong = await call(env, admin, 'POST', '/api/v1/catalog/items', {
      ...body,
      code: 'SQM-TOO-LONG',
      durationPerUnitSeconds: 4 * 3600 + 1,
    })
    expect(tooLong.json().errors[0]).toMatchObject({ field: 'body.durationPerUnitSeconds' })
    const deep = await call(env, admin, 'POST', '/api/v1/catalog/items', {
      ...body,
      code: 'SQM-DEEP',
      pricing: { kind: 'per_sqm', unitFen: 800, minQuantityMilli: 60_000 },
      durationPerUnitSeconds: 90,
      // Published, so the draft list below shows only the fixture's item.
      status: 'published',
    })
    expect(deep.statusCode, deep.body).toBe(201)
    expect(deep.json()).toMatchObject({ durationPerUnitSeconds: 90 })
    // Turned into a per-hour item with its time per m² kept: told about the pricing it sent.
    const url = `/api/v1/catalog/items/${deep.json().id}`
    const repriced = await call(env, admin, 'PATCH', url, {
      pricing: { kind: 'per_hour', unitFen: 5000, minQuantityMilli: 2000 },
    })
    expect(repriced.json()).toMatchObject({
      status: 400,
      errors: [{ field: 'body.pricing.kind', code: 'per_unit_time_needs_size' }],
    })
    expect((await call(env, admin, 'GET', url)).json()).toMatchObject({
      version: 1,
      pricing: { kind: 'per_sqm' },
      durationPerUnitSeconds: 90,
    })
    // A project's own price keeps the unit (or is a fixed price): 50 m² elsewhere is not 50 hours here.
    const project = t.projectIds[0]!
    const hourlyThere = await call(env, admin, 'PATCH', url, {
      projectOverrides: [
        {
          projectId: project,
          available: true,
          pricing: { kind: 'per_hour', unitFen: 5000, minQuantityMilli: 2000 },
        },
      ],
    })
    expect(hourlyThere.json()).toMatchObject({
      status: 400,
      code: 'OVERRIDE_UNIT_DIFFERS',
      errors: [{ field: 'body.projectOverrides.0.pricing.kind', code: 'override_unit_differs' }],
    })
    const flatThere = await call(env, admin, 'PATCH', url, {
      projectOverrides: [
        { projectId: project, available: true, pricing: { kind: 'fixed', priceFen: 50_000 } },
      ],
    })
    expect(flatThere.statusCode, flatThere.body).toBe(200)
    // Half a unit is no minimum for an item booked in whole units.
    const halfSofa = await call(env, admin, 'POST', '/api/v1/catalog/items', {
      ...body,
      code: 'SOFA-HALF',
      pricing: { kind: 'per_unit', unitFen: 10_000, minQuantityMilli: 1500 },
    })
    expect(halfSofa.json()).toMatchObject({
      status: 400,
      code: 'MINIMUM_NOT_WHOLE',
      errors: [{ field: 'body.pricing.minQuantityMilli', code: 'whole_units_only' }],
    })
    const both = await call(env, admin, 'PATCH', url, {
      pricing: { kind: 'per_hour', unitFen: 5000, minQuantityMilli: 2000 },
      durationPerUnitSeconds: 0,
      projectOverrides: [],
    })
    expect(both.json()).toMatchObject({ version: 3, durationPerUnitSeconds: 0 })
  })

  it("should count a per-unit item in its word, in a project's own price too, and an older one in items", async () => {
    const body = await fixtureBody()
    const project = t.projectIds[0]!
    const cats = await call(env, admin, 'POST', '/api/v1/catalog/items', {
      ...body,
      code: 'CATS',
      status: 'published',
      pricing: { kind: 'per_unit', unit: 'pet', unitFen: 4000, minQuantityMilli: 1000 },
      // A project's own price sent in another word (or none) is still counted in cats.
      projectOverrides: [
        {
          projectId: project,
          available: true,
          pricing: { kind: 'per_unit', unit: 'seat', unitFen: 3000, minQuantityMilli: 1000 },
        },
      ],
    })
    expect(cats.statusCode, cats.body).toBe(201)
    const url = `/api/v1/catalog/items/${cats.json().id}`
    const asPets = {
      pricing: { kind: 'per_unit', unit: 'pet', unitFen: 4000 },
      projectOverrides: [{ projectId: project, pricing: { unit: 'pet', unitFen: 3000 } }],
    }
    expect(cats.json()).toMatchObject(asPets)
    const read = (await call(env, admin, 'GET', url)).json()
    expect(read).toMatchObject(asPets)
    // Saved unchanged as read: no new price.
    const same = await call(env, admin, 'PATCH', url, {
      pricing: read.pricing,
      projectOverrides: read.projectOverrides,
    })
    expect(same.json()).toMatchObject({ version: 1, priceVersion: 1 })
    const portal = (
      await call(env, null, 'GET', '/api/v1/portal/catalog', undefined, {
        'x-doorstep-tenant': t.slug,
      })
    ).json()
    const shown = portal.items.find((i: { code: string }) => i.code === 'CATS')
    expect(shown.pricing).toEqual({
      kind: 'per_unit',
      unit: 'pet',
      unitFen: 4000,
      minQuantityMilli: 1000,
    })
    expect(shown.notOfferedIn).toEqual([])
    // The project's own price too: the portal's booking step prices by the address's project, as booking does.
    expect(shown.projectPrices).toEqual([
      {
        projectId: project,
        pricing: { kind: 'per_unit', unit: 'pet', unitFen: 3000, minQuantityMilli: 1000 },
      },
    ])
    const offered = await env.core.database.tenant(t.tenantId, (tx) =>
      env.core.catalog.service.offered(tx, cats.json().id, project),
    )
    expect(offered.pricing).toEqual({
      kind: 'per_unit',
      unit: 'pet',
      unitFen: 3000,
      minQuantityMilli: 1000,
    })

    // Two cats booked now, at the project's price…
    const booked = await call(env, admin, 'POST', '/api/v1/orders', {
      customerId: fx.customer,
      addressId: fx.addressId,
      serviceItemId: cats.json().id,
      quantityMilli: 2000,
      windowStart: new Date(`${tomorrow()}T15:00:00+08:00`).toISOString(),
    })
    expect(booked.statusCode, booked.body).toBe(201)
    const petsLine = {
      kind: 'item',
      quantityMilli: 2000,
      measure: { kind: 'per_unit', unit: 'pet' },
    }
    expect(booked.json().price.lines).toEqual([expect.objectContaining(petsLine)])

    // The item turns to seats: its project's price counts seats with it.
    const seats = await call(env, admin, 'PATCH', url, {
      pricing: { kind: 'per_unit', unit: 'seat', unitFen: 4000, minQuantityMilli: 1000 },
    })
    expect(seats.json()).toMatchObject({
      version: 2,
      priceVersion: 2,
      pricing: { unit: 'seat' },
      projectOverrides: [{ pricing: { unit: 'seat', unitFen: 3000 } }],
    })

    // …and the order booked before still counts the two cats it was booked for.
    const kept = await call(env, admin, 'GET', `/api/v1/orders/${booked.json().id}`)
    expect(kept.json().price.lines).toEqual([expect.objectContaining(petsLine)])

    // A word not on the list is refused by name, and nothing is written.
    const wrongWord = await call(env, admin, 'PATCH', url, {
      pricing: { kind: 'per_unit', unit: 'cat', unitFen: 4000, minQuantityMilli: 1000 },
    })
    expect(wrongWord.json()).toMatchObject({
      status: 400,
      errors: [{ field: 'body.pricing.unit' }],
    })
    const wrongNew = await call(env, admin, 'POST', '/api/v1/catalog/items', {
      ...body,
      code: 'CATS-WRONG',
      pricing: { kind: 'per_unit', unit: '只', unitFen: 4000, minQuantityMilli: 1000 },
    })
    expect(wrongNew.json()).toMatchObject({ status: 400, errors: [{ field: 'body.pricing.unit' }] })
    expect((await call(env, admin, 'GET', url)).json()).toMatchObject({
      version: 2,
      pricing: { unit: 'seat' },
    })
    const listed = await call(env, admin, 'GET', '/api/v1/catalog/items?q=CATS-WRONG')
    expect(listed.json().items).toEqual([])

    // Sent without a word, or kept from before words: items (件).
    const plain = await call(env, admin, 'POST', '/api/v1/catalog/items', {
      ...body,
      code: 'PLAIN-UNITS',
      // Published, so the draft list below shows only the fixture's item.
      status: 'published',
      pricing: { kind: 'per_unit', unitFen: 1000, minQuantityMilli: 1000 },
    })
    expect(plain.json().pricing).toMatchObject({ kind: 'per_unit', unit: 'item' })
    await env.core.database.tenant(t.tenantId, (tx) =>
      tx.execute(sql`update service_item set pricing = pricing - 'unit',
        project_overrides = (select jsonb_agg(jsonb_set(o, '{pricing}', (o->'pricing') - 'unit'))
          from jsonb_array_elements(project_overrides) o)
        where id = ${cats.json().id}`),
    )
    const older = (await call(env, admin, 'GET', url)).json()
    expect(older).toMatchObject({
      pricing: { kind: 'per_unit', unit: 'item' },
      projectOverrides: [{ pricing: { kind: 'per_unit', unit: 'item' } }],
    })
    const olderOffered = await env.core.database.tenant(t.tenantId, (tx) =>
      env.core.catalog.service.offered(tx, cats.json().id, project),
    )
    expect(olderOffered.pricing).toMatchObject({ unit: 'item', unitFen: 3000 })
    expect(olderOffered.sizing.pricing).toMatchObject({ unit: 'item', unitFen: 4000 })
    // Saved as read, an older item takes no new price for its word.
    const resaved = await call(env, admin, 'PATCH', url, {
      pricing: older.pricing,
      description: '按只计',
    })
    expect(resaved.json()).toMatchObject({ version: 3, priceVersion: 2 })
  })

  it("should count an add-on in its word, an older one in items, and keep an order's add-on line as booked", async () => {
    const body = await fixtureBody()
    const created = await call(env, admin, 'POST', '/api/v1/catalog/items', {
      ...body,
      code: 'WINDOW-CARE',
      status: 'published',
      addons: [{ code: 'win', name: '擦窗', unit: 'window', unitFen: 1500 }],
      projectOverrides: [],
    })
    expect(created.statusCode, created.body).toBe(201)
    const url = `/api/v1/catalog/items/${created.json().id}`
    expect(created.json().addons).toEqual([
      { code: 'WIN', name: '擦窗', unit: 'window', unitFen: 1500 },
    ])

    // A word not on the list is refused by name, and nothing is written.
    const wrong = await call(env, admin, 'PATCH', url, {
      addons: [{ code: 'WIN', name: '擦窗', unit: '扇', unitFen: 1500 }],
    })
    expect(wrong.json()).toMatchObject({ status: 400, errors: [{ field: 'body.addons.0.unit' }] })
    expect((await call(env, admin, 'GET', url)).json()).toMatchObject({
      version: 1,
      addons: [{ unit: 'window' }],
    })

    // Three windows booked: the add-on's line counts windows, and keeps counting them after the word changes.
    const booked = await call(env, admin, 'POST', '/api/v1/orders', {
      customerId: fx.customer,
      addressId: fx.addressId,
      serviceItemId: created.json().id,
      quantityMilli: 2000,
      addons: [{ code: 'win', quantity: 3 }],
      windowStart: new Date(`${tomorrow()}T13:00:00+08:00`).toISOString(),
    })
    expect(booked.statusCode, booked.body).toBe(201)
    const windowsLine = {
      kind: 'addon',
      code: 'WIN',
      quantityMilli: 3000,
      amountFen: 4500,
      measure: { kind: 'per_unit', unit: 'window' },
    }
    expect(booked.json().price.lines).toContainEqual(expect.objectContaining(windowsLine))
    const changed = await call(env, admin, 'PATCH', url, {
      addons: [{ code: 'WIN', name: '擦窗', unit: 'piece', unitFen: 1500 }],
    })
    expect(changed.json()).toMatchObject({ version: 2, priceVersion: 2 })
    const kept = await call(env, admin, 'GET', `/api/v1/orders/${booked.json().id}`)
    expect(kept.json().price.lines).toContainEqual(expect.objectContaining(windowsLine))

    // Kept from before add-ons had words: items (件), and saved as read, no new price for the word.
    await env.core.database.tenant(t.tenantId, (tx) =>
      tx.execute(sql`update service_item set addons = (select jsonb_agg(a - 'unit')
          from jsonb_array_elements(addons) a) where id = ${created.json().id}`),
    )
    const older = (await call(env, admin, 'GET', url)).json()
    expect(older.addons).toEqual([{ code: 'WIN', name: '擦窗', unit: 'item', unitFen: 1500 }])
    const resaved = await call(env, admin, 'PATCH', url, {
      addons: older.addons,
      description: '按扇计',
    })
    expect(resaved.json()).toMatchObject({ version: 3, priceVersion: 2 })
  })

  it('should make no new version nor audit entry when the editor saves an item unchanged', async () => {
    const body = await fixtureBody()
    const created = await call(env, admin, 'POST', '/api/v1/catalog/items', {
      ...body,
      code: 'SAVED-AS-IS',
      // Published, so the draft list below shows only the fixture's item.
      status: 'published',
      projectOverrides: [],
      changePolicy: { freeUntilHours: 24, fee: { kind: 'percent', basisPoints: 2000 } },
    })
    expect(created.statusCode, created.body).toBe(201)
    const url = `/api/v1/catalog/items/${created.json().id}`
    const read = (await call(env, admin, 'GET', url)).json()
    const { id: _ri, priceVersion: _rp, version: _rv, updatedAt: _ru, ...asRead } = read
    // As the console's editor sends it: every field, the change policy's keys in the order the contract lists them.
    const saved = await call(env, admin, 'PATCH', url, {
      ...asRead,
      changePolicy: { freeUntilHours: 24, fee: { kind: 'percent', basisPoints: 2000 } },
    })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json()).toMatchObject({ version: 1, priceVersion: 1 })
    const audit = (await call(env, admin, 'GET', '/api/v1/audit?limit=20')).json()
    expect(
      audit.items.filter(
        (e: { action: string; entityId: string }) =>
          e.action === 'catalog.item_updated' && e.entityId === created.json().id,
      ),
    ).toEqual([])
  })

  it('should list items by category (including subcategories) and status', async () => {
    const category = (await call(env, admin, 'GET', '/api/v1/catalog/categories')).json().items[0]
    const sub = (
      await call(env, admin, 'POST', '/api/v1/catalog/categories', {
        parentId: category.id,
        name: '深度保洁',
      })
    ).json()
    expect(sub.parentId).toBe(category.id)
    const listed = (
      await call(env, admin, 'GET', `/api/v1/catalog/items?categoryId=${category.id}&status=draft`)
    ).json()
    expect(listed.items.map((i: { id: string }) => i.id)).toEqual([fx.item])
    // However deep: an item two levels down is under the top category too.
    const deeper = (
      await call(env, admin, 'POST', '/api/v1/catalog/categories', {
        parentId: sub.id,
        name: '厨房深度保洁',
      })
    ).json()
    const body = await fixtureBody()
    const deep = (
      await call(env, admin, 'POST', '/api/v1/catalog/items', {
        ...body,
        code: 'KITCHEN-DEEP',
        categoryId: deeper.id,
        status: 'published',
      })
    ).json()
    const all = (
      await call(env, admin, 'GET', `/api/v1/catalog/items?categoryId=${category.id}`)
    ).json()
    expect(all.items.map((i: { id: string }) => i.id)).toContain(deep.id)
    await call(env, admin, 'PATCH', `/api/v1/catalog/items/${deep.id}`, { status: 'draft' })
  })

  it('should list the items a picker holds by their ids, refusing a malformed list by name', async () => {
    const body = await fixtureBody()
    const created = await call(env, admin, 'POST', '/api/v1/catalog/items', {
      ...body,
      code: 'WINDOWS',
      name: '擦玻璃',
    })
    expect(created.statusCode, created.body).toBe(201)
    const other = created.json<{ id: string }>().id
    const ids = async (query: string) =>
      (await call(env, admin, 'GET', `/api/v1/catalog/items?${query}`))
        .json<{ items: Array<{ id: string }> }>()
        .items.map((i) => i.id)
        .sort()
    expect(await ids(`ids=${fx.item},${other}`)).toEqual([fx.item, other].sort())
    expect(await ids(`ids=${other}`)).toEqual([other])
    expect(await ids(`ids=${other}&q=保洁`)).toEqual([])
    for (const bad of ['x', `${other},`, Array(51).fill(other).join(',')]) {
      const res = await call(env, admin, 'GET', `/api/v1/catalog/items?ids=${bad}`, undefined, {
        'accept-language': 'en',
      })
      expect(res.statusCode, bad.slice(0, 40)).toBe(400)
      expect(res.json()).toMatchObject({
        errors: [{ field: 'query.ids', message: 'Up to 50 ids, separated by commas' }],
      })
    }
  })

  it('should rename, reorder and move a category, never under itself, and delete only an empty one', async () => {
    const post = async (body: Record<string, unknown>) =>
      (await call(env, admin, 'POST', '/api/v1/catalog/categories', body)).json<{ id: string }>().id
    const care = await post({ name: '护理' })
    const elder = await post({ name: '老人护理', parentId: care })
    const patch = (id: string, body: unknown) =>
      call(env, admin, 'PATCH', `/api/v1/catalog/categories/${id}`, body)

    const renamed = await patch(elder, { name: '居家养老', sort: 5 })
    expect(renamed.statusCode, renamed.body).toBe(200)
    expect(renamed.json()).toEqual({ id: elder, parentId: care, name: '居家养老', sort: 5 })
    const cycle = await patch(care, { parentId: elder })
    expect(cycle.statusCode).toBe(400)
    expect(cycle.json()).toMatchObject({
      code: 'CATEGORY_CYCLE',
      errors: [{ field: 'body.parentId', code: 'category_cycle' }],
    })
    expect((await patch(care, { parentId: care })).statusCode).toBe(400)
    // Ids are read in lower case, as stored: an upper-case one is the same category, so still a cycle.
    expect((await patch(care, { parentId: elder.toUpperCase() })).json()).toMatchObject({
      code: 'CATEGORY_CYCLE',
    })
    expect((await patch(care.toUpperCase(), { sort: 1 })).statusCode).toBe(200)
    // Siblings of one name cannot be told apart in the pickers; one of that name elsewhere is fine.
    const twin = await call(env, admin, 'POST', '/api/v1/catalog/categories', {
      name: ' 居家养老 ',
      parentId: care,
    })
    expect(twin.statusCode).toBe(409)
    expect(twin.json()).toMatchObject({
      code: 'CATEGORY_NAME_TAKEN',
      errors: [{ field: 'body.name', message: '同一上级分类下已有同名分类' }],
    })
    // Two at once: the tenant's category lock lets one find the name free, the other taken.
    const racing = await Promise.all(
      [1, 2].map(() =>
        call(env, admin, 'POST', '/api/v1/catalog/categories', { name: '陪诊', parentId: care }),
      ),
    )
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 409])
    const raced = racing.find((r) => r.statusCode === 201)!.json<{ id: string }>().id
    expect(
      (await call(env, admin, 'DELETE', `/api/v1/catalog/categories/${raced}`)).statusCode,
    ).toBe(200)
    const elsewhere = await post({ name: '居家养老' })
    expect((await patch(elsewhere, { parentId: care })).json()).toMatchObject({
      code: 'CATEGORY_NAME_TAKEN',
      errors: [{ field: 'body.parentId' }],
    })
    expect((await patch(elsewhere, { name: '居家养老', sort: 2 })).statusCode).toBe(200)
    expect(
      (await call(env, admin, 'DELETE', `/api/v1/catalog/categories/${elsewhere}`)).statusCode,
    ).toBe(200)
    expect((await patch(care, { name: '' })).statusCode).toBe(400)
    expect((await patch('01900000-0000-7000-8000-000000000000', { name: 'x' })).statusCode).toBe(
      404,
    )

    const full = await call(env, admin, 'DELETE', `/api/v1/catalog/categories/${care}`)
    expect(full.statusCode).toBe(409)
    expect(full.json()).toMatchObject({ code: 'CATEGORY_NOT_EMPTY', categories: 1, items: 0 })
    const item = (await call(env, admin, 'GET', `/api/v1/catalog/items/${fx.item}`)).json<{
      categoryId: string
    }>()
    expect(
      (await call(env, admin, 'DELETE', `/api/v1/catalog/categories/${item.categoryId}`)).json(),
    ).toMatchObject({ code: 'CATEGORY_NOT_EMPTY' })

    expect(
      (await call(env, admin, 'DELETE', `/api/v1/catalog/categories/${elder}`)).statusCode,
    ).toBe(200)
    expect(
      (await call(env, admin, 'DELETE', `/api/v1/catalog/categories/${care}`)).statusCode,
    ).toBe(200)
    const left = (await call(env, admin, 'GET', '/api/v1/catalog/categories')).json<{
      items: Array<{ id: string }>
    }>()
    expect(left.items.map((c) => c.id)).not.toContain(care)
    const audit = (await call(env, admin, 'GET', `/api/v1/audit?entityId=${elder}`)).json<{
      items: Array<{ action: string }>
    }>()
    expect(audit.items.map((e) => e.action).sort()).toEqual([
      'catalog.category_created',
      'catalog.category_deleted',
      'catalog.category_updated',
    ])
  })
})
