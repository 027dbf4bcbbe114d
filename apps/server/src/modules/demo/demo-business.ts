import type { OrderEvent } from '@doorstep/domain'
import { DEFAULT_WINDOW_HOURS, dayWindows } from '@doorstep/domain'
import type { Clock } from '../../platform/clock.ts'
import { fixedClock } from '../../platform/clock.ts'
import { AppError } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import type { CatalogService } from '../catalog/index.ts'
import type { CustomerService } from '../customers/index.ts'
import { customerActor } from '../../platform/auth/actor.ts'
import type { AftersalesService } from '../aftersales/index.ts'
import type { OrderService } from '../orders/index.ts'
import type { PlanService } from '../plans/index.ts'
import type { ReviewService } from '../reviews/index.ts'
import type { WorkforceService } from '../workforce/index.ts'

export interface BusinessDeps {
  catalog: CatalogService
  customers: CustomerService
  workforce: WorkforceService
  /** The order use cases on a given clock, so the demo can book orders in the past weeks as they happened. */
  ordersAt: (clock: Clock) => OrderService
  reviews: ReviewService
  aftersales: AftersalesService
  plans: PlanService
}

const REVIEW_TEXTS = [
  '师傅很准时，打扫得很干净，下次还约。',
  '态度很好，细节处理到位。',
  '整体满意，就是来晚了十分钟。',
  '厨房油污处理得不错，推荐。',
  '',
  '一般，卫生间角落没擦干净。',
]
const COMPLAINTS = [
  { category: 'quality', description: '卫生间镜子和地漏没有清洁，拍照给客服了。' },
  { category: 'lateness', description: '约的十点，十一点才到，也没有提前打电话。' },
  { category: 'damage', description: '擦窗时把窗台上的花盆碰碎了。' },
] as const

/** A small deterministic generator, so every demo looks the same. */
function random(seed: number) {
  let s = seed
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31
    return s / 2 ** 31
  }
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
/** How demo customers are addressed, with the gender the title implies (老师 says nothing of it). */
const GIVEN = [
  ['女士', 'female'],
  ['先生', 'male'],
  ['阿姨', 'female'],
  ['老师', 'unknown'],
  ['小姐', 'female'],
] as const
const STREETS: Record<string, { district: string; streets: string[] }> = {
  'SH-PD': {
    district: '浦东新区',
    streets: ['张杨路', '世纪大道', '浦东南路', '东方路', '崂山路', '源深路', '峨山路'],
  },
  'SH-XH': {
    district: '徐汇区',
    streets: ['漕溪北路', '天钥桥路', '肇嘉浜路', '宛平南路', '零陵路', '虹桥路'],
  },
  'BJ-CY-LJY': { district: '朝阳区', streets: ['丽景苑'] },
}

/**
 * The demo company's business: a catalog, workers with shifts, 200 customers, and three weeks of orders that
 * went through every status, booked on the clock of the day they were booked.
 */
export async function seedBusiness(
  deps: BusinessDeps,
  ctx: RequestContext,
  projects: Array<{
    id: string
    code: string
    serviceArea: { center: { lat: number; lng: number }; radiusKm: number }
  }>,
  now: Date,
) {
  const rnd = random(20261122)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!
  const cat = async (name: string, parentId: string | null = null, sort = 0) =>
    (await deps.catalog.createCategory(ctx, { parentId, name, sort })).id
  const cleaning = await cat('保洁', null, 1)
  const repair = await cat('维修', null, 2)
  const care = await cat('护理', null, 3)
  const pets = await cat('宠物', null, 4)
  const sub = {
    daily: await cat('日常保洁', cleaning, 1),
    deep: await cat('深度保洁', cleaning, 2),
    moveIn: await cat('开荒保洁', cleaning, 3),
    appliance: await cat('家电维修', repair, 1),
    plumbing: await cat('水电维修', repair, 2),
    elder: await cat('养老护理', care, 1),
    petFeed: await cat('上门喂养', pets, 1),
  }
  const policy = { freeUntilHours: 24, fee: { kind: 'percent' as const, basisPoints: 2000 } }
  const base = {
    photos: [],
    tools: [],
    projectOverrides: [],
    status: 'published' as const,
    changePolicy: policy,
    urgentFeeFen: 3000,
    warrantyDays: 0,
    description: '',
    durationPerUnitSeconds: 0,
  }
  const items = [
    await deps.catalog.createItem(ctx, {
      ...base,
      categoryId: sub.daily,
      code: 'CLEAN-DAILY',
      name: '日常保洁（按小时）',
      description: '厨房、卫生间、客厅、卧室日常清洁，自带工具与环保清洁剂。',
      pricing: { kind: 'per_hour', unitFen: 5000, minQuantityMilli: 3000 },
      addons: [
        { code: 'FRIDGE', name: '冰箱清洁', unit: 'appliance', unitFen: 6000 },
        { code: 'WINDOW', name: '擦窗', unit: 'window', unitFen: 1500 },
      ],
      durationMinutes: 180,
      skills: ['保洁'],
      tools: ['吸尘器', '清洁剂'],
      deposit: { kind: 'none' },
    }),
    await deps.catalog.createItem(ctx, {
      ...base,
      categoryId: sub.deep,
      code: 'CLEAN-DEEP',
      name: '深度保洁（按面积）',
      description: '全屋深度清洁，含厨房油污、卫生间除垢。',
      pricing: { kind: 'per_sqm', unitFen: 800, minQuantityMilli: 60_000 },
      addons: [{ code: 'FRIDGE', name: '冰箱清洁', unit: 'appliance', unitFen: 6000 }],
      // 5 h for the first 60 m², 1.5 min for each m² more (100 m²: 6 h).
      durationMinutes: 300,
      durationPerUnitSeconds: 90,
      skills: ['保洁', '深度保洁'],
      deposit: { kind: 'percent', basisPoints: 3000 },
    }),
    await deps.catalog.createItem(ctx, {
      ...base,
      categoryId: sub.moveIn,
      code: 'CLEAN-MOVEIN',
      name: '开荒保洁',
      description: '新房装修后首次清洁。',
      pricing: { kind: 'per_sqm', unitFen: 1200, minQuantityMilli: 80_000 },
      addons: [],
      durationMinutes: 420,
      durationPerUnitSeconds: 120,
      skills: ['保洁', '深度保洁'],
      deposit: { kind: 'fixed', amountFen: 20_000 },
    }),
    await deps.catalog.createItem(ctx, {
      ...base,
      categoryId: sub.appliance,
      code: 'REPAIR-AC',
      name: '空调维修',
      description: '上门检测，维修费另计。',
      pricing: { kind: 'fixed', priceFen: 8000 },
      addons: [{ code: 'GAS', name: '加氟', unit: 'visit', unitFen: 15_000 }],
      durationMinutes: 90,
      skills: ['家电维修'],
      deposit: { kind: 'none' },
      warrantyDays: 30,
    }),
    await deps.catalog.createItem(ctx, {
      ...base,
      categoryId: sub.plumbing,
      code: 'REPAIR-PIPE',
      name: '水管疏通',
      description: '下水道、马桶、地漏疏通。',
      pricing: { kind: 'fixed', priceFen: 12_000 },
      addons: [],
      durationMinutes: 60,
      skills: ['管道疏通'],
      deposit: { kind: 'none' },
      warrantyDays: 30,
    }),
    await deps.catalog.createItem(ctx, {
      ...base,
      categoryId: sub.elder,
      code: 'CARE-ELDER',
      name: '居家养老护理（按小时）',
      description: '陪护、助浴、助餐。',
      pricing: { kind: 'per_hour', unitFen: 6000, minQuantityMilli: 4000 },
      addons: [],
      durationMinutes: 240,
      skills: ['养老护理'],
      deposit: { kind: 'none' },
    }),
    await deps.catalog.createItem(ctx, {
      ...base,
      categoryId: sub.petFeed,
      code: 'PET-FEED',
      name: '上门喂猫',
      description: '喂食、换水、铲屎、陪玩。',
      pricing: { kind: 'per_unit', unit: 'pet', unitFen: 4000, minQuantityMilli: 1000 },
      addons: [],
      durationMinutes: 45,
      durationPerUnitSeconds: 15 * 60,
      skills: ['宠物照料'],
      deposit: { kind: 'none' },
    }),
    await deps.catalog.createItem(ctx, {
      ...base,
      status: 'draft',
      categoryId: sub.daily,
      code: 'CLEAN-SOFA',
      name: '布艺沙发清洗（草稿）',
      pricing: { kind: 'per_unit', unit: 'seat', unitFen: 15_000, minQuantityMilli: 1000 },
      addons: [],
      durationMinutes: 120,
      durationPerUnitSeconds: 45 * 60,
      skills: ['保洁'],
      deposit: { kind: 'none' },
    }),
  ]
  const skillsets = [
    ['保洁'],
    ['保洁', '深度保洁'],
    ['保洁', '深度保洁', '宠物照料'],
    ['家电维修', '管道疏通'],
    ['养老护理', '保洁'],
    ['管道疏通'],
  ]
  const everyDay = (start: string, end: string) =>
    [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end }))
  let n = 0
  for (const p of projects) {
    const count = p.code === 'BJ-CY-LJY' ? 3 : 8
    for (let i = 0; i < count; i++) {
      n++
      await deps.workforce.create(ctx, {
        name: `${pick(SURNAMES.split(''))}师傅`,
        phone: `1380000${String(2000 + n).padStart(4, '0')}`,
        userId: null,
        skills: skillsets[i % skillsets.length]!,
        projectIds: [p.id],
        home: {
          lat: p.serviceArea.center.lat + (rnd() - 0.5) * 0.05,
          lng: p.serviceArea.center.lng + (rnd() - 0.5) * 0.05,
        },
        weeklyShifts: i % 3 === 2 ? everyDay('12:00', '20:00') : everyDay('08:00', '18:00'),
        active: true,
      })
    }
  }
  const customers: Array<{ id: string; addressId: string }> = []
  for (let i = 0; i < 200; i++) {
    const p = projects[i % 3 === 2 ? (i % 9 === 8 ? 2 : 1) : 0]!
    const where = STREETS[p.code]!
    const radius = p.serviceArea.radiusKm / 111 / 2
    const surname = pick(SURNAMES.split(''))
    const [title, gender] = pick(GIVEN)
    const c = await deps.customers.create(ctx, {
      name: `${surname}${title}`,
      phone: `139${String(10_000_000 + i * 7919).slice(-8)}`,
      gender,
      tags: rnd() < 0.2 ? ['VIP'] : rnd() < 0.3 ? ['老客户'] : [],
      source: pick(['phone', 'portal', 'wechat', 'referral'] as const),
      notes: '',
      preferences: {
        usualServiceIds: [],
        preferredTimes: [],
        preferredWorkerIds: [],
        blockedWorkerIds: [],
      },
      addresses: [
        {
          label: '家',
          contactName: '本人',
          contactPhone: `139${String(10_000_000 + i * 7919).slice(-8)}`,
          city: p.code.startsWith('BJ') ? '北京' : '上海',
          district: where.district,
          detail: `${pick(where.streets)}${Math.floor(rnd() * 900) + 10}弄${Math.floor(rnd() * 30) + 1}号${Math.floor(rnd() * 20) + 1}0${Math.floor(rnd() * 4) + 1}室`,
          location: {
            lat: p.serviceArea.center.lat + (rnd() - 0.5) * radius,
            lng: p.serviceArea.center.lng + (rnd() - 0.5) * radius,
          },
          isDefault: true,
        },
      ],
    })
    customers.push({ id: c.id, addressId: c.addresses[0]!.id })
  }
  // Three weeks back and one ahead; past orders went further along their lives.
  const DAY = 86_400_000
  const lifecycle: OrderEvent[] = ['assign', 'accept', 'depart', 'check_in', 'complete']
  let orders = 0
  for (let d = -21; d <= 7; d++) {
    // Bookings and steps happen in the past: a demo timeline never shows a time after now.
    const bookedAt = fixedClock(
      new Date(Math.min(now.getTime() - 3_600_000, now.getTime() + (d - 2) * DAY)),
    )
    const service = deps.ordersAt(bookedAt)
    const date = new Date(now.getTime() + d * DAY).toISOString().slice(0, 10)
    const windows = dayWindows(date, 'Asia/Shanghai', DEFAULT_WINDOW_HOURS)
    for (let k = 0; k < 6; k++) {
      const customer = pick(customers)
      const item = pick(items.filter((it) => it.status === 'published'))
      const window = pick(windows)
      try {
        const order = await service.create(ctx, {
          customerId: customer.id,
          addressId: customer.addressId,
          serviceItemId: item.id,
          quantityMilli:
            item.pricing.kind === 'per_sqm'
              ? 90_000
              : item.pricing.kind === 'per_hour'
                ? 3000
                : 1000,
          addons: [],
          windowStart: new Date(window.start).toISOString(),
          asap: false,
          channel: pick(['phone', 'portal', 'api'] as const),
          payOnSite: rnd() < 0.8,
          discountFen: 0,
          notes: '',
        })
        orders++
        const atTime = fixedClock(
          new Date(Math.min(now.getTime() - 600_000, window.start - 3_600_000)),
        )
        const later = deps.ordersAt(atTime)
        if (rnd() < 0.07) {
          await later.apply(ctx, order.id, { event: 'cancel', reason: '客户临时有事' }, undefined)
          continue
        }
        if (order.status === 'pending_payment') {
          // Left unpaid until its day went by: the office cancelled it (a week of open past orders is no company).
          if (d < 0)
            await later.apply(ctx, order.id, { event: 'cancel', reason: '客户未付款' }, undefined)
          continue
        }
        if (order.status !== 'pending_dispatch') continue
        const steps =
          d < 0 ? lifecycle.length : d === 0 ? Math.floor(rnd() * 4) : Math.floor(rnd() * 2)
        for (const event of lifecycle.slice(0, steps)) {
          // A step that would come after now has not happened yet.
          if (atTime.now().getTime() > now.getTime()) break
          await later.apply(
            ctx,
            order.id,
            { event, ...(event === 'assign' ? { workerId: order.workerId! } : {}) },
            undefined,
          )
          atTime.advance(event === 'check_in' ? order.durationMinutes * 60_000 : 20 * 60_000)
        }
      } catch (error) {
        // A full window is what a real day looks like too; the demo simply books fewer orders there.
        if (!(error instanceof AppError && error.code === 'SLOT_TAKEN')) throw error
      }
    }
  }
  // What customers said afterwards: reviews on most finished orders, a few complaints in every state.
  let reviews = 0
  let complaints = 0
  const finished = await deps
    .ordersAt(fixedClock(now))
    .list(ctx, { status: 'completed', limit: 200 })
  for (const o of finished.items) {
    const customer = {
      ...ctx,
      actor: customerActor(ctx.actor.tenantId, o.customerId, o.customerName),
    }
    if (rnd() < 0.12 && complaints < 8) {
      const c = pick(COMPLAINTS)
      const filed = await deps.aftersales.create(ctx, o.id, { ...c, photos: [] })
      complaints++
      const progress = complaints % 4
      if (progress >= 1)
        await deps.aftersales.apply(ctx, filed.id, {
          event: 'respond',
          note: '已致电客户致歉，正在核实。',
        })
      if (progress >= 2)
        await deps.aftersales.apply(ctx, filed.id, {
          event: 'resolve',
          resolution:
            c.category === 'damage'
              ? { kind: 'coupon_request', note: '已致歉，补偿 50 元优惠券。', amountFen: 5000 }
              : { kind: 'worker_warning', note: '已与服务人员沟通并记录。' },
        })
      if (progress >= 3) await deps.aftersales.apply(customer, filed.id, { event: 'confirm' })
      continue
    }
    if (rnd() < 0.65) {
      const overall = rnd() < 0.8 ? 5 : rnd() < 0.5 ? 4 : 2
      await deps.reviews.create(customer, o.id, {
        overall,
        punctuality: Math.max(1, overall - (rnd() < 0.2 ? 1 : 0)),
        quality: overall,
        attitude: Math.min(5, overall + (rnd() < 0.3 ? 1 : 0)),
        text: overall <= 2 ? REVIEW_TEXTS[5]! : pick(REVIEW_TEXTS.slice(0, 5)),
        photos: [],
      })
      reviews++
    }
  }
  // Regular customers on recurring plans: weekly cleaning, a fortnightly deep clean.
  let plans = 0
  const weekly = items.find((it) => it.status === 'published' && it.pricing.kind === 'per_hour')
  const dayAfter = new Date(now.getTime() + 2 * DAY).toISOString().slice(0, 10)
  const weekday = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][
    new Date(`${dayAfter}T00:00:00Z`).getUTCDay()
  ]
  for (const [k, rule] of [
    `FREQ=WEEKLY;BYDAY=${weekday};COUNT=12`,
    `FREQ=WEEKLY;INTERVAL=2;BYDAY=${weekday}`,
    'FREQ=MONTHLY;COUNT=6',
  ].entries()) {
    if (!weekly) break
    const customer = customers[k * 7]!
    await deps.plans.create(ctx, {
      customerId: customer.id,
      addressId: customer.addressId,
      serviceItemId: weekly.id,
      quantityMilli: 3000,
      addons: [],
      rrule: rule,
      startDate: dayAfter,
      windowHour: ([10, 13, 15] as const)[k]!,
      discountPercent: k === 0 ? 10 : 5,
      payOnSite: true,
      notes: '',
      channel: 'phone',
    })
    plans++
  }
  return {
    items: items.length,
    workers: n,
    customers: customers.length,
    orders,
    reviews,
    complaints,
    plans,
  }
}
