// Seeds the benchmark database: tenants, projects, staff, catalog and workers through the real services, then
// customers and orders in bulk (multi-row `insert … select from unnest(…)`), encoded exactly as the services do:
// personal data sealed with the keyring for its cell, phone blind indexes, masked copies, UUIDv7 ids taken at
// the record's own time, order numbers from the daily counter, prices from the domain's `quote`, a timeline per
// order. Resumable: each chunk commits with its progress row in `bench_seed_state`.
import { eq } from 'drizzle-orm'
import pg from 'pg'
import { UUID } from 'uuidv7'
import type {
  AddonPrice,
  DurationRule,
  Interval,
  OrderStatus,
  PriceBreakdown,
} from '@doorstep/domain'
import type { TimelineActor } from '@doorstep/contracts'
import {
  DEFAULT_WINDOW_HOURS,
  coarse,
  dayWindows,
  localDate,
  maskDetail,
  maskPhone,
  quote,
  travelMs,
  visitMinutes,
} from '@doorstep/domain'
import type { Core } from '../../apps/server/src/app.ts'
import { buildCore } from '../../apps/server/src/app.ts'
import { systemContext } from '../../apps/server/src/platform/auth/system-context.ts'
import type { RequestContext } from '../../apps/server/src/platform/http/context.ts'
import { appUser } from '../../apps/server/src/modules/identity/index.ts'
import { MAIN_SLUG, PASSWORD, adminLogin, benchConfig } from './config.ts'

const DAY = 86_400_000
const MINUTE = 60_000
const TZ = 'Asia/Shanghai'

export interface Scale {
  customers: number
  orders: number
  /** Smaller tenants next to the main one, each with 1 % of its customers and orders. */
  smallTenants: number
  /** Days of history before today (orders are also booked up to 14 days ahead). */
  days: number
}

export interface TenantPlan {
  slug: string
  name: string
  city: string
  projects: number
  customers: number
  orders: number
}

export function plans(scale: Scale): TenantPlan[] {
  const small = (i: number): TenantPlan => ({
    slug: `bench-t${i}`,
    name: `小型家政公司 ${i}（压测）`,
    city: CITIES[i % CITIES.length]!,
    projects: 2,
    customers: Math.max(50, Math.round(scale.customers / 100)),
    orders: Math.max(200, Math.round(scale.orders / 100)),
  })
  return [
    {
      slug: MAIN_SLUG,
      name: '申城到家服务集团（压测）',
      city: '上海',
      projects: 10,
      customers: scale.customers,
      orders: scale.orders,
    },
    ...Array.from({ length: scale.smallTenants }, (_, i) => small(i + 1)),
  ]
}

const CITIES = ['杭州', '南京', '苏州', '宁波', '无锡', '合肥', '常州', '嘉兴', '绍兴']
const DISTRICTS = [
  '闵行区',
  '徐汇区',
  '长宁区',
  '静安区',
  '浦东新区',
  '普陀区',
  '黄浦区',
  '杨浦区',
  '宝山区',
  '虹口区',
]
const STREETS = [
  '张杨路',
  '世纪大道',
  '漕溪北路',
  '天钥桥路',
  '虹桥路',
  '延安西路',
  '四平路',
  '共和新路',
]
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN = ['女士', '先生', '阿姨', '老师', '小姐']
const NOTES = [
  '',
  '',
  '',
  '',
  '',
  '有宠物，请注意关门',
  '请带鞋套',
  '老人在家，请提前电话',
  '门口密码 1234#',
]

/** A small deterministic generator (mulberry32): the same scale seeds the same data. */
function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
type Rnd = () => number
const pick = <T>(rnd: Rnd, xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!
const hash = (s: string) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 7)

/** A UUIDv7 for a record made at `ms`, as `newId()` would have made it then. */
const idAt = (ms: number, rnd: Rnd) =>
  UUID.fromFieldsV7(
    Math.floor(ms),
    Math.floor(rnd() * 0x1000),
    Math.floor(rnd() * 0x40000000),
    Math.floor(rnd() * 0x100000000),
  ).toString()

/** Customer i's mobile number: a bijection of i onto 9 digits (7919 is prime to 10^9), so never a duplicate. */
const phoneOf = (tenantIndex: number, i: number) =>
  `1${[3, 5, 8, 9][tenantIndex % 4]}${String((i * 7919 + 12_345) % 1_000_000_000).padStart(9, '0')}`

// ---------------------------------------------------------------------------------------------------------

interface Item {
  id: string
  code: string
  name: string
  priceVersion: number
  pricing: Parameters<typeof quote>[0]['model']
  addons: AddonPrice[]
  deposit: Parameters<typeof quote>[0]['deposit']
  changePolicy: unknown
  sizing: DurationRule
  skills: string[]
  warrantyDays: number
  weight: number
}

const POLICY = { freeUntilHours: 24, fee: { kind: 'percent' as const, basisPoints: 2000 } }
const ITEM_DEFS = [
  {
    code: 'CLEAN-DAILY',
    name: '日常保洁（按小时）',
    category: '日常保洁',
    pricing: { kind: 'per_hour', unitFen: 5000, minQuantityMilli: 3000 },
    addons: [
      { code: 'FRIDGE', name: '冰箱清洁', unit: 'appliance', unitFen: 6000 },
      { code: 'WINDOW', name: '擦窗', unit: 'window', unitFen: 1500 },
    ],
    durationMinutes: 180,
    skills: ['cleaning'],
    deposit: { kind: 'none' },
    warrantyDays: 0,
    weight: 0.35,
  },
  {
    code: 'CLEAN-DEEP',
    name: '深度保洁（按面积）',
    category: '深度保洁',
    pricing: { kind: 'per_sqm', unitFen: 800, minQuantityMilli: 60_000 },
    addons: [{ code: 'FRIDGE', name: '冰箱清洁', unit: 'appliance', unitFen: 6000 }],
    durationMinutes: 300,
    skills: ['cleaning', 'deep_cleaning'],
    deposit: { kind: 'percent', basisPoints: 3000 },
    warrantyDays: 0,
    weight: 0.08,
  },
  {
    code: 'CLEAN-MOVEIN',
    name: '开荒保洁',
    category: '开荒保洁',
    pricing: { kind: 'per_sqm', unitFen: 1200, minQuantityMilli: 80_000 },
    addons: [],
    durationMinutes: 420,
    skills: ['cleaning', 'deep_cleaning'],
    deposit: { kind: 'fixed', amountFen: 20_000 },
    warrantyDays: 0,
    weight: 0.02,
  },
  {
    code: 'REPAIR-AC',
    name: '空调维修',
    category: '家电维修',
    pricing: { kind: 'fixed', priceFen: 8000 },
    addons: [{ code: 'GAS', name: '加氟', unit: 'visit', unitFen: 15_000 }],
    durationMinutes: 90,
    skills: ['appliance'],
    deposit: { kind: 'none' },
    warrantyDays: 30,
    weight: 0.15,
  },
  {
    code: 'REPAIR-PIPE',
    name: '水管疏通',
    category: '水电维修',
    pricing: { kind: 'fixed', priceFen: 12_000 },
    addons: [],
    durationMinutes: 60,
    skills: ['plumbing'],
    deposit: { kind: 'none' },
    warrantyDays: 30,
    weight: 0.15,
  },
  {
    code: 'CARE-ELDER',
    name: '居家养老护理（按小时）',
    category: '养老护理',
    pricing: { kind: 'per_hour', unitFen: 6000, minQuantityMilli: 4000 },
    addons: [],
    durationMinutes: 240,
    skills: ['elder_care', 'cleaning'],
    deposit: { kind: 'none' },
    warrantyDays: 0,
    weight: 0.12,
  },
  {
    code: 'PET-FEED',
    name: '上门喂猫',
    category: '上门喂养',
    pricing: { kind: 'per_unit', unit: 'pet', unitFen: 4000, minQuantityMilli: 1000 },
    addons: [],
    durationMinutes: 45,
    skills: ['pets'],
    deposit: { kind: 'none' },
    warrantyDays: 0,
    weight: 0.13,
  },
] as const
const SKILLSETS = [
  ['cleaning'],
  ['cleaning', 'deep_cleaning'],
  ['cleaning', 'deep_cleaning', 'pets'],
  ['appliance', 'plumbing'],
  ['elder_care', 'cleaning'],
  ['plumbing'],
]

interface Project {
  id: string
  index: number
  district: string
  center: { lat: number; lng: number }
  radiusKm: number
  weight: number
}
interface Worker {
  id: string
  projectIndex: number
  name: string
  skills: string[]
  home: { lat: number; lng: number }
  shift: [string, string]
}
interface Tenant {
  id: string
  index: number
  plan: TenantPlan
  ctx: RequestContext
  admin: { id: string; name: string }
  projects: Project[]
  items: Item[]
  workers: Worker[]
}

/** Orders a worker can serve in a day, on average; workers are hired with headroom over the demand. */
const JOBS_PER_WORKER_DAY = 3
const HEADROOM = 1.5
const FUTURE_DAYS = 14

/** Creates (or finds) a tenant with its projects, admin, catalog and workers, through the services. */
async function setUpTenant(core: Core, plan: TenantPlan, index: number, scale: Scale) {
  const existing = (await core.tenancy.service.listTenants()).find((t) => t.slug === plan.slug)
  const id =
    existing?.id ??
    (
      await core.tenancy.service.createTenant({
        slug: plan.slug,
        name: plan.name,
        timeZone: TZ,
        admin: {
          login: adminLogin(plan.slug),
          displayName: `${plan.city}管理员`,
          password: PASSWORD,
        },
      })
    ).id
  const ctx = systemContext(id, 'bench seed')
  const rnd = random(hash(plan.slug))
  // Centres 6–7 km apart on a grid, served within 5 km; addresses within 2.5 km of their centre.
  const origin = index === 0 ? { lat: 31.13, lng: 121.33 } : { lat: 30.2 + index * 0.1, lng: 120.1 }
  const listed = await core.tenancy.service.listProjects(ctx, { limit: 100 })
  const projects: Project[] = []
  for (let p = 0; p < plan.projects; p++) {
    const code = `P${String(p + 1).padStart(2, '0')}`
    const center = {
      lat: origin.lat + Math.floor(p / 5) * 0.06,
      lng: origin.lng + (p % 5) * 0.07,
    }
    const district = index === 0 ? DISTRICTS[p]! : `${plan.city}${['东', '西'][p % 2]}区`
    const found = listed.items.find((x) => x.code === code)
    const projectId =
      found?.id ??
      (
        await core.tenancy.service.createProject(ctx, {
          code,
          name: `${district}服务区`,
          kind: 'service_area',
          city: index === 0 ? '上海' : plan.city,
          serviceArea: { center, radiusKm: 5 },
        })
      ).id
    projects.push({
      id: projectId,
      index: p,
      district,
      center,
      radiusKm: 5,
      weight: 1 + (p % 3) * 0.3,
    })
  }
  const [admin] = await core.database.system((tx) =>
    tx
      .select({ id: appUser.id, name: appUser.displayName })
      .from(appUser)
      .where(eq(appUser.login, adminLogin(plan.slug))),
  )
  if (!admin) throw new Error(`no admin in ${plan.slug}`)

  // Catalog
  const itemList = await core.catalog.service.listItems(ctx, { limit: 100 })
  const items: Item[] = []
  if (itemList.items.length === 0) {
    const categories = new Map<string, string>()
    for (const def of ITEM_DEFS) {
      if (!categories.has(def.category)) {
        categories.set(
          def.category,
          (
            await core.catalog.service.createCategory(ctx, {
              parentId: null,
              name: def.category,
              sort: categories.size,
            })
          ).id,
        )
      }
      await core.catalog.service.createItem(ctx, {
        categoryId: categories.get(def.category)!,
        code: def.code,
        name: def.name,
        description: '',
        photos: [],
        pricing: def.pricing,
        addons: [...def.addons],
        durationMinutes: def.durationMinutes,
        durationPerUnitSeconds: 0,
        skills: [...def.skills],
        tools: [],
        deposit: def.deposit,
        changePolicy: POLICY,
        urgentFeeFen: 3000,
        warrantyDays: def.warrantyDays,
        status: 'published',
        projectOverrides: [],
      })
    }
  }
  const created = await core.catalog.service.listItems(ctx, { limit: 100 })
  for (const def of ITEM_DEFS) {
    const summary = created.items.find((i) => i.code === def.code)!
    // What booking itself reads: the published price version and the rules of the item.
    const offered = await core.database.tenant(id, (tx) =>
      core.catalog.service.offered(tx, summary.id, projects[0]!.id),
    )
    items.push({
      id: offered.itemId,
      code: def.code,
      name: offered.name,
      priceVersion: offered.priceVersion,
      pricing: offered.pricing,
      addons: offered.addons,
      deposit: offered.deposit,
      changePolicy: offered.changePolicy,
      sizing: offered.sizing,
      skills: offered.skills,
      warrantyDays: offered.warrantyDays,
      weight: def.weight,
    })
  }

  // Workers: enough for the demand with headroom, spread over projects by their weight.
  const perDay = plan.orders / (scale.days + FUTURE_DAYS / 3)
  const totalWeight = projects.reduce((s, p) => s + p.weight, 0)
  const wanted = projects.map((p) =>
    Math.max(4, Math.ceil(((perDay * p.weight) / totalWeight / JOBS_PER_WORKER_DAY) * HEADROOM)),
  )
  const have = await core.workforce.service.list(ctx, { limit: 200 })
  let all = [...have.items]
  for (let cursor = have.nextCursor; cursor;) {
    const next = await core.workforce.service.list(ctx, { limit: 200, cursor })
    all = all.concat(next.items)
    cursor = next.nextCursor
  }
  const workers: Worker[] = []
  let made = 0
  for (const p of projects) {
    const mine = all.filter((w) => w.projectIds.includes(p.id))
    for (let i = 0; i < wanted[p.index]!; i++) {
      let w = mine[i]
      if (!w) {
        const shift: [string, string] = i % 3 === 2 ? ['12:00', '20:00'] : ['08:00', '18:00']
        w = await core.workforce.service.create(ctx, {
          name: `${pick(rnd, [...SURNAMES])}师傅${p.index + 1}-${i + 1}`,
          phone: `17${index}${String(p.index * 10_000 + i).padStart(8, '0')}`,
          userId: null,
          skills: SKILLSETS[i % SKILLSETS.length]!,
          projectIds: [p.id],
          home: {
            lat: coarse(p.center.lat + (rnd() - 0.5) * 0.04),
            lng: coarse(p.center.lng + (rnd() - 0.5) * 0.04),
          },
          weeklyShifts: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
            weekday,
            start: shift[0],
            end: shift[1],
          })),
          active: true,
        })
        made++
      }
      const day = w.weeklyShifts[0]!
      workers.push({
        id: w.id,
        projectIndex: p.index,
        name: w.name,
        skills: w.skills,
        home: w.home,
        shift: [day.start, day.end],
      })
    }
  }
  if (made) console.log(`  ${plan.slug}: ${made} workers created`)
  return {
    id,
    index,
    plan,
    ctx,
    admin,
    projects,
    items,
    workers,
  } satisfies Tenant
}

// ---------------------------------------------------------------------------------------------------------
// Progress, committed with each chunk.

async function progress(client: pg.Client, slug: string) {
  await client.query(`create table if not exists bench_seed_state (
    slug text primary key, customers int not null default 0, last_day text, done boolean not null default false)`)
  await client.query(`insert into bench_seed_state (slug) values ($1) on conflict do nothing`, [
    slug,
  ])
  const { rows } = await client.query<{
    customers: number
    last_day: string | null
    done: boolean
  }>('select customers, last_day, done from bench_seed_state where slug = $1', [slug])
  return rows[0]!
}

// ---------------------------------------------------------------------------------------------------------
// Customers

const CUSTOMER_CHUNK = 5000

async function seedCustomers(core: Core, client: pg.Client, t: Tenant, from: number) {
  const { plan } = t
  const started = performance.now()
  const totalWeight = t.projects.reduce((s, p) => s + p.weight, 0)
  // Customer i lives in the project whose cumulative weight covers i's share.
  const projectOf = (i: number) => {
    const x = ((i * 0.6180339887) % 1) * totalWeight
    let acc = 0
    for (const p of t.projects) if ((acc += p.weight) > x) return p
    return t.projects.at(-1)!
  }
  const now = Date.now()
  for (let start = from; start < plan.customers; start += CUSTOMER_CHUNK) {
    const end = Math.min(plan.customers, start + CUSTOMER_CHUNK)
    const rnd = random(hash(`${plan.slug}/customers/${start}`))
    const c = {
      id: [] as string[],
      name: [] as string[],
      phoneEnc: [] as string[],
      phoneBidx: [] as string[],
      phoneMasked: [] as string[],
      gender: [] as string[],
      tags: [] as string[],
      source: [] as string[],
      notes: [] as string[],
      at: [] as string[],
    }
    const a = {
      id: [] as string[],
      customerId: [] as string[],
      contactName: [] as string[],
      contactPhoneEnc: [] as string[],
      contactPhoneMasked: [] as string[],
      city: [] as string[],
      district: [] as string[],
      detailEnc: [] as string[],
      detailMasked: [] as string[],
      locationEnc: [] as string[],
      lat: [] as number[],
      lng: [] as number[],
      projectId: [] as string[],
    }
    for (let i = start; i < end; i++) {
      // Customers joined over the two years before the history starts and during it.
      const createdMs = now - (2 * 365 + 30) * DAY + Math.floor(rnd() * 2 * 365 * DAY)
      const id = idAt(createdMs, rnd)
      const phone = phoneOf(t.index, i)
      const name = `${pick(rnd, [...SURNAMES])}${pick(rnd, GIVEN)}`
      const cell = (table: string, column: string, rowId: string) => ({
        tenantId: t.id,
        table,
        column,
        rowId,
      })
      c.id.push(id)
      c.name.push(name)
      c.phoneEnc.push(core.keyring.encrypt(phone, cell('customer', 'phone_enc', id)))
      c.phoneBidx.push(core.keyring.blindIndex('phone', phone))
      c.phoneMasked.push(maskPhone(phone))
      c.gender.push(pick(rnd, ['female', 'female', 'male', 'unknown']))
      c.tags.push(JSON.stringify(rnd() < 0.1 ? ['VIP'] : rnd() < 0.25 ? ['老客户'] : []))
      c.source.push(pick(rnd, ['phone', 'portal', 'portal', 'wechat', 'referral', 'import']))
      c.notes.push(rnd() < 0.05 ? '只在周末服务' : '')
      c.at.push(new Date(createdMs).toISOString())

      const p = projectOf(i)
      const r = (p.radiusKm / 111) * 0.5
      const location = {
        lat: p.center.lat + (rnd() - 0.5) * r,
        lng: p.center.lng + (rnd() - 0.5) * r,
      }
      const detail = `${pick(rnd, STREETS)}${Math.floor(rnd() * 900) + 10}弄${Math.floor(rnd() * 30) + 1}号${Math.floor(rnd() * 20) + 1}0${Math.floor(rnd() * 4) + 1}室`
      const addressId = idAt(createdMs, rnd)
      a.id.push(addressId)
      a.customerId.push(id)
      a.contactName.push(name)
      a.contactPhoneEnc.push(
        core.keyring.encrypt(phone, cell('customer_address', 'contact_phone_enc', addressId)),
      )
      a.contactPhoneMasked.push(maskPhone(phone))
      a.city.push(t.index === 0 ? '上海' : plan.city)
      a.district.push(p.district)
      a.detailEnc.push(
        core.keyring.encrypt(detail, cell('customer_address', 'detail_enc', addressId)),
      )
      a.detailMasked.push(`${p.district} ${maskDetail(detail)}`)
      a.locationEnc.push(
        core.keyring.encrypt(
          JSON.stringify(location),
          cell('customer_address', 'location_enc', addressId),
        ),
      )
      a.lat.push(coarse(location.lat))
      a.lng.push(coarse(location.lng))
      a.projectId.push(p.id)
    }
    await client.query('begin')
    await client.query(
      `insert into customer (tenant_id, id, name, phone_enc, phone_bidx, phone_masked, gender, tags, source, notes,
         preferences, created_at, updated_at, version)
       select $1, u.id, u.name, u.enc, u.bidx, u.masked, u.gender, u.tags::jsonb, u.source, u.notes,
         '{"usualServiceIds":[],"preferredTimes":[],"preferredWorkerIds":[],"blockedWorkerIds":[]}'::jsonb,
         u.at, u.at, 1
       from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
         $10::text[], $11::timestamptz[]) as u(id, name, enc, bidx, masked, gender, tags, source, notes, at)`,
      [
        t.id,
        c.id,
        c.name,
        c.phoneEnc,
        c.phoneBidx,
        c.phoneMasked,
        c.gender,
        c.tags,
        c.source,
        c.notes,
        c.at,
      ],
    )
    await client.query(
      `insert into customer_address (tenant_id, id, customer_id, label, contact_name, contact_phone_enc,
         contact_phone_masked, city, district, detail_enc, detail_masked, location_enc, lat_approx, lng_approx,
         project_id, is_default, created_at)
       select $1, u.id, u.customer_id, '家', u.contact_name, u.phone_enc, u.phone_masked, u.city, u.district,
         u.detail_enc, u.detail_masked, u.location_enc, u.lat, u.lng, u.project_id, true, c.created_at
       from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
         $10::text[], $11::text[], $12::float8[], $13::float8[], $14::uuid[])
         as u(id, customer_id, contact_name, phone_enc, phone_masked, city, district, detail_enc, detail_masked,
           location_enc, lat, lng, project_id)
       join customer c on c.tenant_id = $1 and c.id = u.customer_id`,
      [
        t.id,
        a.id,
        a.customerId,
        a.contactName,
        a.contactPhoneEnc,
        a.contactPhoneMasked,
        a.city,
        a.district,
        a.detailEnc,
        a.detailMasked,
        a.locationEnc,
        a.lat,
        a.lng,
        a.projectId,
      ],
    )
    await client.query('update bench_seed_state set customers = $2 where slug = $1', [
      plan.slug,
      end,
    ])
    await client.query('commit')
    if (t.index === 0 || end === plan.customers) {
      const s = (performance.now() - started) / 1000
      console.log(
        `  ${plan.slug}: customers ${end.toLocaleString('en')}/${plan.customers.toLocaleString('en')} (${Math.round((end - from) / s)}/s)`,
      )
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Orders

interface CustomerRef {
  id: string
  name: string
  addressId: string
  addressMasked: string
  lat: number
  lng: number
}

interface OrderDraft {
  id: string
  orderNo: string
  status: OrderStatus
  channel: 'portal' | 'phone' | 'api'
  customer: CustomerRef
  projectId: string
  item: Item
  quantityMilli: number
  addons: Array<{ code: string; quantity: number }>
  windowStart: number
  windowEnd: number
  worker: Worker | null
  arrival: number | null
  end: number | null
  durationMinutes: number
  payOnSite: boolean
  notes: string
  price: PriceBreakdown
  completedAt: number | null
  createdAt: number
  updatedAt: number
  version: number
}

type Who = { actorId: string | null; actorName: string | null; actorType: TimelineActor }

interface EventDraft {
  id: string
  orderId: string
  at: number
  event: string
  from: OrderStatus | null
  to: OrderStatus
  actorId: string | null
  actorName: string | null
  actorType: TimelineActor
  reason: string | null
}

/** Days from the first day of history to the last day orders are booked for, in the tenant's time zone. */
function calendar(scale: Scale) {
  const today = localDate(new Date(), TZ)
  const base = Date.parse(`${today}T00:00:00Z`)
  const days: string[] = []
  for (let d = -scale.days; d <= FUTURE_DAYS; d++)
    days.push(new Date(base + d * DAY).toISOString().slice(0, 10))
  return days
}

/** How many days ahead an order was booked: most a day or two, some weeks ahead. */
function leadDays(rnd: Rnd) {
  const u = rnd()
  if (u < 0.1) return 0
  if (u < 0.35) return 1
  if (u < 0.5) return 2
  if (u < 0.85) return 3 + Math.floor(rnd() * 5)
  return 8 + Math.floor(rnd() * 7)
}
/** P(lead ≥ k): the share of day k's orders already booked today. */
function bookedShare(k: number) {
  if (k <= 0) return 1
  if (k === 1) return 0.9
  if (k === 2) return 0.65
  if (k <= 7) return 0.5 - ((k - 3) * 0.35) / 5
  return 0.15 - ((k - 8) * 0.15) / 7
}

const durationOf = (item: Item, quantityMilli: number) => visitMinutes(item.sizing, quantityMilli)

function quantityOf(item: Item, rnd: Rnd) {
  switch (item.pricing.kind) {
    case 'per_hour':
      return pick(rnd, [item.pricing.minQuantityMilli, item.pricing.minQuantityMilli, 4000, 5000])
    case 'per_sqm':
      return 60_000 + Math.floor(rnd() * 10) * 10_000
    case 'per_unit':
      return 1000 * (1 + Math.floor(rnd() * 2))
    case 'fixed':
      return 1000
  }
}

async function seedOrders(
  client: pg.Client,
  t: Tenant,
  scale: Scale,
  lastDay: string | null,
): Promise<number> {
  const { plan } = t
  const days = calendar(scale)
  const now = Date.now()
  const todayIndex = scale.days
  // The expected count of orders per unit of day weight, so the total comes out near the target.
  const weightOf = (d: number) => {
    const weekday = new Date(`${days[d]}T00:00:00Z`).getUTCDay()
    const growth = 0.8 + (0.4 * d) / days.length
    return growth * (weekday === 0 || weekday === 6 ? 1.25 : 0.9)
  }
  const expected = days.reduce((s, _d, d) => s + weightOf(d) * bookedShare(d - todayIndex), 0)
  const perWeight = plan.orders / expected

  const { rows: customerRows } = await client.query<{
    id: string
    name: string
    address_id: string
    detail_masked: string
    lat: number
    lng: number
    project_id: string
  }>(
    `select c.id, c.name, a.id as address_id, a.detail_masked, a.lat_approx as lat, a.lng_approx as lng, a.project_id
     from customer c join customer_address a on a.tenant_id = c.tenant_id and a.customer_id = c.id
     where c.tenant_id = $1 order by c.id`,
    [t.id],
  )
  const customersOf = new Map<string, CustomerRef[]>()
  for (const r of customerRows) {
    const list = customersOf.get(r.project_id) ?? []
    list.push({
      id: r.id,
      name: r.name,
      addressId: r.address_id,
      addressMasked: r.detail_masked,
      lat: r.lat,
      lng: r.lng,
    })
    customersOf.set(r.project_id, list)
  }
  const counters = new Map<string, number>()
  for (const r of (
    await client.query<{ day: string; seq: number }>(
      `select day::text, seq from order_counter where tenant_id = $1`,
      [t.id],
    )
  ).rows)
    counters.set(r.day, r.seq)
  const orderNo = (createdMs: number) => {
    const day = localDate(new Date(createdMs), TZ)
    const seq = (counters.get(day) ?? 0) + 1
    counters.set(day, seq)
    return `DS${day.slice(2).replaceAll('-', '')}${String(seq).padStart(4, '0')}`
  }
  const totalWeight = t.projects.reduce((s, p) => s + p.weight, 0)
  const itemWeight = t.items.reduce((s, i) => s + i.weight, 0)
  const pickItem = (rnd: Rnd) => {
    let x = rnd() * itemWeight
    for (const item of t.items) if ((x -= item.weight) < 0) return item
    return t.items.at(-1)!
  }

  let inserted = 0
  let attempted = 0
  let succeeded = 0
  const started = performance.now()
  const first = lastDay ? days.indexOf(lastDay) + 1 : 0
  for (let d = first; d < days.length; d++) {
    const date = days[d]!
    const rnd = random(hash(`${plan.slug}/orders/${date}`))
    const windows = dayWindows(date, TZ, DEFAULT_WINDOW_HOURS)
    const orders: OrderDraft[] = []
    const events: EventDraft[] = []
    for (const p of t.projects) {
      const customers = customersOf.get(p.id) ?? []
      if (customers.length === 0) continue
      const mean = (perWeight * weightOf(d) * p.weight) / totalWeight
      // Asked for more than the target by the share refused so far, so the orders made come out near it.
      const acceptance = attempted > 500 ? Math.max(0.5, succeeded / attempted) : 1
      const demand = Math.max(0, Math.round((mean / acceptance) * (0.85 + rnd() * 0.3)))
      // Each worker's day: where they are and when they are free, filled window by window.
      const crew = t.workers
        .filter((w) => w.projectIndex === p.index)
        .map((w) => {
          const [sh, sm] = w.shift[0].split(':').map(Number) as [number, number]
          const [eh, em] = w.shift[1].split(':').map(Number) as [number, number]
          const dayStart = Date.parse(`${date}T00:00:00+08:00`)
          return {
            w,
            free: dayStart + (sh * 60 + sm) * MINUTE,
            shiftEnd: dayStart + (eh * 60 + em) * MINUTE,
            at: w.home,
          }
        })
      const wanted = Array.from({ length: demand }, () => {
        const window = rnd() < 0.35 ? windows[Math.floor(rnd() * 2)]! : pick(rnd, windows)
        return { window, rnd: rnd() }
      }).sort((x, y) => x.window.start - y.window.start || x.rnd - y.rnd)
      for (const want of wanted) {
        const item = pickItem(rnd)
        const quantityMilli = quantityOf(item, rnd)
        const minutes = durationOf(item, quantityMilli)
        const customer = customers[Math.floor(customers.length * rnd() ** 1.6)]!
        const lead = leadDays(rnd)
        const createdAt =
          want.window.start -
          lead * DAY -
          (1 + Math.floor(rnd() * 10)) * 3_600_000 -
          Math.floor(rnd() * 3_600_000)
        if (createdAt > now) continue
        // The first qualified worker (from a random place in the crew) who can arrive within the window; when
        // nobody can, the customer takes one of the later windows offered instead, as with SLOT_TAKEN.
        let placed: { crew: (typeof crew)[number]; arrival: number; window: Interval } | null = null
        const offset = Math.floor(rnd() * crew.length)
        for (const window of windows.filter((w) => w.start >= want.window.start)) {
          for (let k = 0; k < crew.length && !placed; k++) {
            const c = crew[(offset + k) % crew.length]!
            if (!item.skills.every((s) => c.w.skills.includes(s))) continue
            const arrival = Math.max(window.start, c.free + travelMs(c.at, customer))
            if (arrival <= window.end && arrival + minutes * MINUTE <= c.shiftEnd)
              placed = { crew: c, arrival, window }
          }
          if (placed) break
        }
        attempted++
        // A booking nobody could serve that day was refused: it never became an order.
        if (!placed) continue
        succeeded++
        const windowStart = placed.window.start
        const windowEnd = placed.window.end
        const arrival = placed.arrival
        const end = arrival + minutes * MINUTE
        placed.crew.free = end
        placed.crew.at = customer

        const addons: Array<{ code: string; quantity: number }> =
          item.addons.length && rnd() < 0.15
            ? [{ code: item.addons[0]!.code, quantity: 1 + Math.floor(rnd() * 3) }]
            : []
        const discountFen = rnd() < 0.05 ? 1000 * (1 + Math.floor(rnd() * 3)) : 0
        const price = quote({
          model: item.pricing,
          itemName: item.name,
          quantityMilli,
          addons: addons.map((x) => ({
            addon: item.addons.find((y) => y.code === x.code)!,
            quantity: x.quantity,
          })),
          urgentFeeFen: 0,
          discountFen,
          deposit: item.deposit,
        })
        const channel = pick(rnd, ['phone', 'phone', 'portal', 'portal', 'api'] as const)
        const payOnSite = channel !== 'portal' && rnd() < 0.8
        const id = idAt(createdAt, rnd)
        const staff: Who = { actorId: t.admin.id, actorName: t.admin.name, actorType: 'staff' }
        const actor: Who =
          channel === 'portal'
            ? { actorId: null, actorName: customer.name, actorType: 'customer' }
            : channel === 'api'
              ? { actorId: null, actorName: 'API', actorType: 'staff' }
              : staff
        const timeline: EventDraft[] = []
        let status: OrderStatus = 'pending_payment'
        const step = (
          at: number,
          event: string,
          to: OrderStatus,
          who = staff,
          reason: string | null = null,
        ) => {
          timeline.push({
            id: idAt(at, rnd),
            orderId: id,
            at,
            event,
            from: event === 'create' ? null : status,
            to,
            reason,
            ...who,
          })
          status = to
        }
        step(createdAt, 'create', 'pending_payment', actor)
        if (payOnSite) step(createdAt, 'pay_on_site', 'pending_dispatch', actor)
        // What happened since, up to now: paid, dispatched, accepted, on the way, in service, done, reviewed.
        const path: Array<[number, string, OrderStatus, Who]> = []
        if (!payOnSite)
          path.push([
            createdAt + (2 + Math.floor(rnd() * 20)) * MINUTE,
            'pay',
            'pending_dispatch',
            actor,
          ])
        // Dispatch confirms the worker the afternoon before (or soon after a short-notice booking).
        const assignAt = Math.max(
          createdAt + (10 + Math.floor(rnd() * 50)) * MINUTE,
          arrival - (16 + Math.floor(rnd() * 8)) * 3_600_000,
        )
        const worker: Who = { actorId: null, actorName: placed.crew.w.name, actorType: 'staff' }
        path.push([Math.max(assignAt, createdAt + 5 * MINUTE), 'assign', 'dispatched', staff])
        path.push([
          Math.max(assignAt, createdAt + 5 * MINUTE) + (5 + Math.floor(rnd() * 60)) * MINUTE,
          'accept',
          'accepted',
          worker,
        ])
        path.push([arrival - (20 + Math.floor(rnd() * 30)) * MINUTE, 'depart', 'en_route', worker])
        path.push([arrival, 'check_in', 'in_service', worker])
        path.push([end, 'complete', 'completed', worker])
        if (rnd() < 0.12)
          path.push([
            end + (2 + Math.floor(rnd() * 46)) * 3_600_000,
            'review',
            'reviewed',
            { actorId: null, actorName: customer.name, actorType: 'customer' },
          ])
        const cancelAt =
          rnd() < 0.06 ? createdAt + rnd() * Math.max(0, arrival - 3_600_000 - createdAt) : null
        for (const [at, event, to, who] of path) {
          if (at > now || (cancelAt !== null && at > cancelAt)) break
          step(at, event, to, who)
        }
        if (cancelAt !== null && cancelAt <= now)
          step(
            cancelAt,
            'cancel',
            'cancelled',
            pick(rnd, [staff, actor]),
            pick(rnd, ['客户临时有事', '时间冲突', '重复下单']),
          )
        const last = timeline.at(-1)!
        const completed = timeline.find((e) => e.event === 'complete')
        orders.push({
          id,
          orderNo: orderNo(createdAt),
          status,
          channel,
          customer,
          projectId: p.id,
          item,
          quantityMilli,
          addons,
          windowStart,
          windowEnd,
          worker: placed.crew.w,
          arrival,
          end,
          durationMinutes: minutes,
          payOnSite,
          notes: pick(rnd, NOTES),
          price,
          completedAt: completed?.at ?? null,
          createdAt,
          updatedAt: last.at,
          // Every step after the booking's own transaction bumps the version.
          version:
            1 + timeline.filter((e) => e.event !== 'create' && !(e.event === 'pay_on_site')).length,
        })
        events.push(...timeline)
      }
    }
    await client.query('begin')
    if (orders.length) await insertOrders(client, t.id, orders)
    for (let i = 0; i < events.length; i += 20_000)
      await insertEvents(client, t.id, events.slice(i, i + 20_000))
    const touched = [...counters.entries()]
    await client.query(
      `insert into order_counter (tenant_id, day, seq) select $1, u.day, u.seq from unnest($2::date[], $3::int[]) as u(day, seq)
       on conflict (tenant_id, day) do update set seq = greatest(order_counter.seq, excluded.seq)`,
      [t.id, touched.map(([day]) => day), touched.map(([, seq]) => seq)],
    )
    await client.query('update bench_seed_state set last_day = $2 where slug = $1', [
      plan.slug,
      date,
    ])
    await client.query('commit')
    inserted += orders.length
    if ((t.index === 0 && d % 15 === 0) || d === days.length - 1) {
      const s = (performance.now() - started) / 1000
      console.log(
        `  ${plan.slug}: orders through ${date}: ${inserted.toLocaleString('en')} this run (${Math.round(inserted / s)}/s, ${Math.round(s)} s)`,
      )
    }
  }
  return inserted
}

async function insertOrders(client: pg.Client, tenantId: string, orders: OrderDraft[]) {
  const col = <T>(f: (o: OrderDraft) => T) => orders.map(f)
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  await client.query(
    `insert into service_order (tenant_id, id, order_no, status, channel, customer_id, address_id, address_masked,
       project_id, lat, lng, service_item_id, service_name, price_version, quantity_milli, addons, window_start,
       window_end, asap, worker_id, planned_arrival, planned_end, duration_minutes, pay_on_site, notes, price,
       fees_fen, change_policy, warranty_days, completed_at, created_at, updated_at, version)
     select $1, u.id, u.order_no, u.status, u.channel, u.customer_id, u.address_id, u.address_masked, u.project_id,
       u.lat, u.lng, u.item_id, u.service_name, u.price_version, u.quantity_milli, u.addons::jsonb, u.window_start,
       u.window_end, false, u.worker_id, u.planned_arrival, u.planned_end, u.duration_minutes, u.pay_on_site,
       u.notes, u.price::jsonb, 0, u.change_policy::jsonb, u.warranty_days, u.completed_at, u.created_at,
       u.updated_at, u.version
     from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::uuid[],
       $10::float8[], $11::float8[], $12::uuid[], $13::text[], $14::int[], $15::int[], $16::text[],
       $17::timestamptz[], $18::timestamptz[], $19::uuid[], $20::timestamptz[], $21::timestamptz[], $22::int[],
       $23::bool[], $24::text[], $25::text[], $26::text[], $27::int[], $28::timestamptz[], $29::timestamptz[],
       $30::timestamptz[], $31::int[])
     as u(id, order_no, status, channel, customer_id, address_id, address_masked, project_id, lat, lng, item_id,
       service_name, price_version, quantity_milli, addons, window_start, window_end, worker_id, planned_arrival,
       planned_end, duration_minutes, pay_on_site, notes, price, change_policy, warranty_days, completed_at,
       created_at, updated_at, version)`,
    [
      tenantId,
      col((o) => o.id),
      col((o) => o.orderNo),
      col((o) => o.status),
      col((o) => o.channel),
      col((o) => o.customer.id),
      col((o) => o.customer.addressId),
      col((o) => o.customer.addressMasked),
      col((o) => o.projectId),
      col((o) => o.customer.lat),
      col((o) => o.customer.lng),
      col((o) => o.item.id),
      col((o) => o.item.name),
      col((o) => o.item.priceVersion),
      col((o) => o.quantityMilli),
      col((o) => JSON.stringify(o.addons)),
      col((o) => iso(o.windowStart)),
      col((o) => iso(o.windowEnd)),
      col((o) => o.worker?.id ?? null),
      col((o) => iso(o.arrival)),
      col((o) => iso(o.end)),
      col((o) => o.durationMinutes),
      col((o) => o.payOnSite),
      col((o) => o.notes),
      col((o) => JSON.stringify(o.price)),
      col((o) => JSON.stringify(o.item.changePolicy)),
      col((o) => o.item.warrantyDays),
      col((o) => iso(o.completedAt)),
      col((o) => iso(o.createdAt)),
      col((o) => iso(o.updatedAt)),
      col((o) => o.version),
    ],
  )
}

async function insertEvents(client: pg.Client, tenantId: string, events: EventDraft[]) {
  const col = <T>(f: (e: EventDraft) => T) => events.map(f)
  await client.query(
    `insert into order_event (tenant_id, id, order_id, at, event, from_status, to_status, actor_id, actor_name,
       actor_type, reason)
     select $1, u.id, u.order_id, u.at, u.event, u.from_status, u.to_status, u.actor_id, u.actor_name,
       u.actor_type, u.reason
     from unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::uuid[],
       $9::text[], $10::text[], $11::text[])
       as u(id, order_id, at, event, from_status, to_status, actor_id, actor_name, actor_type, reason)`,
    [
      tenantId,
      col((e) => e.id),
      col((e) => e.orderId),
      col((e) => new Date(e.at).toISOString()),
      col((e) => e.event),
      col((e) => e.from),
      col((e) => e.to),
      col((e) => e.actorId),
      col((e) => e.actorName),
      col((e) => e.actorType),
      col((e) => e.reason),
    ],
  )
}

// ---------------------------------------------------------------------------------------------------------

/** Checks that the app reads what was bulk-loaded: decrypts a customer, finds them by phone, shows an order. */
async function verify(core: Core, t: Tenant) {
  const ctx = systemContext(t.id, 'bench verify')
  const found = await core.customers.service.list(ctx, { q: phoneOf(t.index, 7), limit: 5 })
  const customer = found.items[0]
  if (!customer) throw new Error('blind index: customer 7 not found by phone')
  const revealed = await core.customers.service.reveal(ctx, customer.id)
  if (revealed.phone !== phoneOf(t.index, 7) || !revealed.addresses[0]?.detail)
    throw new Error('decryption of a seeded customer failed')
  const orders = await core.orders.service.list(ctx, { customerId: customer.id, limit: 1 })
  const first = orders.items[0]
  if (first) {
    const order = await core.orders.service.get(ctx, first.id)
    if (order.timeline.length === 0) throw new Error('seeded order has no timeline')
  }
}

/** Seeds what is missing, resuming where an interrupted run stopped; returns the counts in the database. */
export async function seed(url: string, scale: Scale) {
  const core = await buildCore(benchConfig(url))
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  // The loader writes rows the services would have written; their foreign keys hold by construction, so the
  // per-row foreign-key triggers are skipped (superuser only), and commits need not wait for the disk.
  await client.query(`set session_replication_role = replica`)
  await client.query(`set synchronous_commit = off`)
  const started = performance.now()
  let touched = false
  try {
    for (const [index, plan] of plans(scale).entries()) {
      const state = await progress(client, plan.slug)
      if (state.done) continue
      touched = true
      console.log(`seeding ${plan.slug}: ${plan.customers} customers, ~${plan.orders} orders`)
      const t = await setUpTenant(core, plan, index, scale)
      if (state.customers < plan.customers) await seedCustomers(core, client, t, state.customers)
      await seedOrders(client, t, scale, state.last_day)
      await verify(core, t)
      await client.query('update bench_seed_state set done = true where slug = $1', [plan.slug])
    }
    if (touched) {
      console.log('vacuum analyze …')
      for (const table of [
        'customer',
        'customer_address',
        'service_order',
        'order_event',
        'order_counter',
      ])
        await client.query(`vacuum (analyze) ${table}`)
      console.log(`seeded in ${Math.round((performance.now() - started) / 1000)} s`)
    }
    const { rows } = await client.query<{ slug: string; customers: string; orders: string }>(
      `select t.slug, (select count(*) from customer c where c.tenant_id = t.id) as customers,
         (select count(*) from service_order o where o.tenant_id = t.id) as orders
       from tenant t order by t.slug`,
    )
    return rows.map((r) => ({
      slug: r.slug,
      customers: Number(r.customers),
      orders: Number(r.orders),
    }))
  } finally {
    await client.end()
    await core.database.close()
  }
}
