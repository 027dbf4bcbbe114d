import { randomUUID } from 'node:crypto'
import type { Page, Route } from 'playwright-core'
import type { AddonPrice } from '@doorstep/domain'
import { quote } from '@doorstep/domain'

/**
 * A stand-in for the portal API, answering as the contracts say (same shapes, problem+json errors), so the
 * portal's screens and error states can be driven and looked at without the server — and before it exists.
 * The real end-to-end run is e2e/portal-booking.spec.ts.
 */
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const policy = { freeUntilHours: 24, fee: { kind: 'percent' as const, basisPoints: 2000 } }
const categories = [
  { id: uuid(1), parentId: null, name: '保洁', sort: 1 },
  { id: uuid(2), parentId: null, name: '维修', sort: 2 },
  { id: uuid(3), parentId: null, name: '护理', sort: 3 },
  { id: uuid(4), parentId: null, name: '宠物', sort: 4 },
  { id: uuid(11), parentId: uuid(1), name: '日常保洁', sort: 1 },
  { id: uuid(12), parentId: uuid(1), name: '深度保洁', sort: 2 },
  { id: uuid(21), parentId: uuid(2), name: '家电维修', sort: 1 },
]
const item = <E extends Record<string, unknown>>(n: number, categoryId: string, extra: E) => ({
  id: uuid(100 + n),
  categoryId,
  photos: [],
  addons: [],
  deposit: { kind: 'none' },
  changePolicy: policy,
  urgentFeeFen: 3000,
  warrantyDays: 0,
  description: '',
  projectPrices: [],
  notOfferedIn: [],
  ...extra,
})
export const FAKE_ITEMS = [
  item(1, uuid(11), {
    code: 'CLEAN-DAILY',
    name: '日常保洁（按小时）',
    description: '厨房、卫生间、客厅、卧室日常清洁，自带工具与环保清洁剂。',
    pricing: { kind: 'per_hour', unitFen: 5000, minQuantityMilli: 3000 },
    addons: [
      { code: 'FRIDGE', name: '冰箱清洁', unit: 'appliance', unitFen: 6000 },
      { code: 'WINDOW', name: '擦窗', unit: 'window', unitFen: 1500 },
    ],
    durationMinutes: 180,
  }),
  item(2, uuid(12), {
    code: 'CLEAN-DEEP',
    name: '深度保洁（按面积）',
    description: '全屋深度清洁，含厨房油污、卫生间除垢。',
    pricing: { kind: 'per_sqm', unitFen: 800, minQuantityMilli: 60_000 },
    addons: [{ code: 'FRIDGE', name: '冰箱清洁', unit: 'appliance', unitFen: 6000 }],
    durationMinutes: 300,
    deposit: { kind: 'percent', basisPoints: 3000 },
  }),
  item(3, uuid(21), {
    code: 'REPAIR-AC',
    name: '空调维修',
    description: '上门检测，维修费另计。',
    pricing: { kind: 'fixed', priceFen: 8000 },
    addons: [{ code: 'GAS', name: '加氟', unit: 'visit', unitFen: 15_000 }],
    durationMinutes: 90,
    warrantyDays: 30,
  }),
  item(4, uuid(3), {
    code: 'CARE-ELDER',
    name: '居家养老护理（按小时）',
    description: '陪护、助浴、助餐。',
    pricing: { kind: 'per_hour', unitFen: 6000, minQuantityMilli: 4000 },
    durationMinutes: 240,
  }),
  item(5, uuid(4), {
    code: 'PET-FEED',
    name: '上门喂猫',
    description: '喂食、换水、铲屎、陪玩。',
    pricing: { kind: 'per_unit', unit: 'pet', unitFen: 4000, minQuantityMilli: 1000 },
    durationMinutes: 45,
  }),
]

type Json = Record<string, unknown>
interface Options {
  /** The first booking answers 409 SLOT_TAKEN with alternatives. */
  slotTakenOnce?: boolean
  /** The first reschedule answers 409 SLOT_TAKEN with alternatives too. */
  rescheduleTakenOnce?: boolean
  /** The first wrong code answers OTP_INVALID with this many attempts left. */
  code?: string
}

export interface FakePortal {
  orders: Json[]
  addresses: Json[]
  signedIn: () => boolean
}

function problem(route: Route, status: number, code: string, title: string, extra: Json = {}) {
  return route.fulfill({
    status,
    contentType: 'application/problem+json',
    body: JSON.stringify({ type: 'about:blank', title, status, code, ...extra }),
  })
}
const ok = (route: Route, body: unknown, status = 200) =>
  route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) })

/** Shanghai wall-clock hour on a date → ISO instant. */
const at = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`).toISOString()

export async function fakePortalApi(page: Page, options: Options = {}): Promise<FakePortal> {
  const code = options.code ?? '246810'
  let session: Json | null = null
  let phone = ''
  let slotTaken = options.slotTakenOnce ?? false
  let rescheduleTaken = options.rescheduleTakenOnce ?? false
  let attempts = 5
  const addresses: Json[] = []
  const orders: Json[] = []
  const taken = new Set<string>()

  await page.route('**/api/v1/portal/**', async (route) => {
    const request = route.request()
    const url = new URL(request.url())
    const p = url.pathname.replace('/api/v1/portal', '')
    const method = request.method()
    const body = (request.postDataJSON() ?? {}) as Json
    if (method !== 'GET' && !['/otp', '/login'].includes(p) && request.headers()['x-csrf-token'] !== 'csrf-fake')
      return problem(route, 403, 'CSRF_FAILED', '安全校验失败')

    if (p === '/catalog')
      return ok(route, { company: { name: '家安到家（演示）' }, categories, items: FAKE_ITEMS })
    if (p === '/otp') return ok(route, { sent: true, resendAfterSeconds: 60, expiresInSeconds: 300 })
    if (p === '/login') {
      if (body.code !== code) {
        attempts -= 1
        return problem(route, 422, 'OTP_INVALID', '验证码错误', { attemptsLeft: attempts })
      }
      phone = String(body.phone)
      session = {
        customer: { id: uuid(900), name: `客户${phone.slice(-4)}`, phoneMasked: `${phone.slice(0, 3)}****${phone.slice(-4)}` },
        tenantName: '示范家政服务有限公司',
        tenantTimeZone: 'Asia/Shanghai',
        csrfToken: 'csrf-fake',
      }
      return ok(route, session)
    }
    if (p === '/session') return ok(route, session ? { signedIn: true, ...session } : { signedIn: false })
    if (!session) return problem(route, 401, 'UNAUTHENTICATED', '请先登录')
    if (p === '/me' && method === 'GET') return ok(route, session)
    if (p === '/me/contact') return ok(route, { name: (session.customer as Json).name, phone })
    if (p === '/me' && method === 'PATCH') {
      session = { ...session, customer: { ...(session.customer as Json), name: body.name } }
      return ok(route, session)
    }
    if (p === '/logout') {
      session = null
      return ok(route, { ok: true })
    }
    if (p === '/places/coverage') return ok(route, { covered: Number(url.searchParams.get('lat')) >= 31.15 })
    if (p === '/addresses' && method === 'GET') return ok(route, { items: addresses })
    if (p === '/addresses') {
      const loc = body.location as { lat: number; lng: number }
      if (loc.lat < 31.15)
        return problem(route, 422, 'OUTSIDE_SERVICE_AREA', '该地址不在服务范围内', {
          errors: [{ field: 'body.location', code: 'outside_service_area', message: '该位置不在任何服务区内' }],
        })
      if (body.isDefault) for (const a of addresses) a.isDefault = false
      addresses.push({
        id: randomUUID(),
        label: body.label ?? '',
        contactName: body.contactName,
        contactPhoneMasked: String(body.contactPhone).replace(/^(\d{3})\d{4}/, '$1****'),
        city: body.city,
        district: body.district,
        detailMasked: `${String(body.detail).slice(0, 6)}****`,
        location: loc,
        projectId: uuid(500),
        projectActive: true,
        isDefault: Boolean(body.isDefault) || addresses.length === 0,
      })
      return ok(route, { items: addresses }, 201)
    }
    if (p === '/availability') {
      const date = url.searchParams.get('date') ?? ''
      const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
      const windows = [8, 10, 12, 14, 16, 18].map((h) => {
        const start = at(date, h)
        const past = new Date(start).getTime() < Date.now() + 3_600_000
        const full = h === 12 || taken.has(start)
        return { start, end: at(date, h + 2), available: !past && !full, capacity: full || past ? 0 : h === 16 ? 1 : 4 }
      })
      const earliest = new Date(Date.now() + 90 * 60_000)
      earliest.setMinutes(earliest.getMinutes() < 30 ? 30 : 60, 0, 0)
      const asapOk = date === today && earliest.getHours() < 20
      return ok(route, {
        date,
        timeZone: 'Asia/Shanghai',
        projectId: uuid(500),
        windows,
        asap: { available: asapOk, earliestArrival: asapOk ? earliest.toISOString() : null },
      })
    }
    if (p === '/orders' && method === 'GET') {
      const statuses = url.searchParams.get('status')?.split(',')
      const items = [...orders].reverse().filter((o) => !statuses || statuses.includes(o.status as string)).map((o) => {
        const { timeline: _t, addons: _a, price, ...rest } = o
        const { totalFen, feesFen } = price as { totalFen: number; feesFen: number }
        return { ...rest, totalFen, feesFen }
      })
      return ok(route, { items, nextCursor: null })
    }
    if (p === '/orders' && method === 'POST') {
      const start = typeof body.windowStart === 'string' ? body.windowStart : ''
      if (slotTaken && !body.asap) {
        slotTaken = false
        taken.add(start)
        const s = new Date(start).getTime()
        const alt = (h: number) => ({ start: new Date(s + h * 3_600_000).toISOString(), end: new Date(s + (h + 2) * 3_600_000).toISOString(), available: true, capacity: 2 })
        return problem(route, 409, 'SLOT_TAKEN', '该时段刚刚被约满', { alternatives: [alt(2), alt(4)] })
      }
      const it = FAKE_ITEMS.find((i) => i.id === body.serviceItemId)!
      const chosen = (body.addons as Array<{ code: string; quantity: number }>) ?? []
      const price = quote({
        model: it.pricing as never,
        itemName: String(it.name),
        quantityMilli: Number(body.quantityMilli ?? 0),
        addons: (it.addons as AddonPrice[]).map((addon) => ({
          addon,
          quantity: chosen.find((c) => c.code === addon.code)?.quantity ?? 0,
        })),
        urgentFeeFen: body.asap ? Number(it.urgentFeeFen) : 0,
        discountFen: 0,
        deposit: it.deposit as never,
      })
      const windowStart = body.asap ? new Date(Date.now() + 2 * 3_600_000).toISOString() : start
      const address = addresses.find((a) => a.id === body.addressId)!
      const now = new Date().toISOString()
      const order = {
        id: randomUUID(),
        orderNo: `D${Date.now().toString().slice(-10)}`,
        status: 'pending_dispatch',
        channel: 'portal',
        customerId: uuid(900),
        customerName: (session.customer as Json).name,
        customerPhoneMasked: (session.customer as Json).phoneMasked,
        addressId: body.addressId,
        addressMasked: `${String(address.district)} ${String(address.detailMasked)}`,
        projectId: uuid(500),
        serviceItemId: it.id,
        serviceName: String(it.name),
        priceVersion: 1,
        quantityMilli: body.quantityMilli ?? 0,
        addons: chosen,
        windowStart,
        windowEnd: new Date(new Date(windowStart).getTime() + 2 * 3_600_000).toISOString(),
        asap: Boolean(body.asap),
        workerId: null,
        workerName: null,
        plannedArrival: null,
        durationMinutes: Number(it.durationMinutes),
        payOnSite: false,
        notes: body.notes ?? '',
        price: { ...price, feesFen: 0 },
        warrantyUntil: null,
        allowedEvents: ['cancel', 'reschedule'],
        timeline: [{ at: now, event: 'create', from: null, to: 'pending_dispatch', actorName: (session.customer as Json).name, actor: 'customer', reason: null }],
        createdAt: now,
        version: 1,
      }
      orders.push(order)
      return ok(route, order, 201)
    }
    const one = /^\/orders\/([0-9a-f-]+)(\/actions)?$/.exec(p)
    if (one) {
      const order = orders.find((o) => o.id === one[1])
      if (!order) return problem(route, 404, 'NOT_FOUND', '找不到该订单')
      if (!one[2]) return ok(route, order)
      const now = new Date().toISOString()
      const timeline = order.timeline as Json[]
      if (body.action === 'cancel') {
        timeline.push({ at: now, event: 'cancel', from: order.status, to: 'cancelled', actorName: (session.customer as Json).name, actor: 'customer', reason: body.reason ?? null })
        Object.assign(order, { status: 'cancelled', allowedEvents: [] })
      } else {
        const start = String(body.windowStart)
        if (rescheduleTaken) {
          rescheduleTaken = false
          const s0 = new Date(start).getTime()
          const alt = (h: number) => ({ start: new Date(s0 + h * 3_600_000).toISOString(), end: new Date(s0 + (h + 2) * 3_600_000).toISOString(), available: true, capacity: 1 })
          return problem(route, 409, 'SLOT_TAKEN', '该时段刚刚被约满', { alternatives: [alt(2), alt(4)] })
        }
        timeline.push({ at: now, event: 'reschedule', from: order.status, to: order.status, actorName: (session.customer as Json).name, actor: 'customer', reason: null })
        Object.assign(order, { windowStart: start, windowEnd: new Date(new Date(start).getTime() + 2 * 3_600_000).toISOString(), asap: false })
      }
      return ok(route, order)
    }
    return problem(route, 404, 'ROUTE_NOT_FOUND', 'not found')
  })
  return { orders, addresses, signedIn: () => session !== null }
}
