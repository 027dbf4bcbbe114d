import { z } from 'zod'
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_EVENTS,
  COMPLAINT_STATUSES,
  ORDER_EVENTS,
  ORDER_STATUSES,
  DEFAULT_UNIT_WORD,
  RESOLUTION_KINDS,
  UNIT_WORDS,
} from '@doorstep/domain'
import {
  CreatedDayRange,
  IdList,
  IsoDateTime,
  IsoMoment,
  LocalDate,
  MobilePhone,
  PageQuery,
  Uuid,
  page,
  queryDecimal,
  queryInt,
  trimmedText,
  patchOf,
} from './common.ts'
import { PhotoIds, PhotoLinks } from './files.ts'

const Fen = z
  .number()
  .int()
  .min(0)
  .max(100_000_000)
  .meta({ description: 'Amount in fen (1/100 yuan)' })
const QuantityMilli = z
  .number()
  .int()
  .min(0)
  .max(100_000_000)
  .meta({ description: 'Quantity ×1000 (1.5 h = 1500)' })
const Code = trimmedText().regex(/^[A-Za-z0-9_-]{1,40}$/, { message: 'invalid_item_code' })
/** Addresses a customer keeps at most: homes, parents', a holiday flat — more is a list nobody picks from. */
export const MAX_CUSTOMER_ADDRESSES = 10

/** Each code once in a list, in any case (codes are kept upper case): the second names the field. */
const eachCodeOnce = (items: ReadonlyArray<{ code: string }>, ctx: z.RefinementCtx) => {
  const seen = new Set<string>()
  items.forEach((item, i) => {
    const code = item.code.toUpperCase()
    if (seen.has(code))
      ctx.addIssue({ code: 'custom', message: 'duplicate_code', path: [i, 'code'] })
    seen.add(code)
  })
}
/** Each entry of a list once, by `keyOf` in any case (an id may come in upper case): the second names the field. */
const eachOnceBy =
  <T>(keyOf: (item: T) => string, field?: string) =>
  (items: readonly T[], ctx: z.RefinementCtx) => {
    const keys = items.map((item) => keyOf(item).toLowerCase())
    keys.forEach((key, i) => {
      if (keys.indexOf(key) !== i)
        ctx.addIssue({ code: 'custom', message: 'listed_twice', path: field ? [i, field] : [i] })
    })
  }
const eachOnce = eachOnceBy((item: string) => item)
const Skill = trimmedText().min(1).max(30)
const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'invalid_time' })

/**
 * What a search box sends, in the width its data is kept: an IME in full-width mode types ＤＳ２６１２… and
 * １３９…, which are the order number and the phone (NFKC folds them, and nothing a name is searched by).
 */
const searchText = () => trimmedText().overwrite((text) => text.normalize('NFKC'))

// ---- catalog ----
export const PricingModel = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), priceFen: Fen }),
  z.object({ kind: z.literal('per_hour'), unitFen: Fen, minQuantityMilli: QuantityMilli }),
  z.object({ kind: z.literal('per_sqm'), unitFen: Fen, minQuantityMilli: QuantityMilli }),
  z.object({
    kind: z.literal('per_unit'),
    // Before units had words (ADR 0057) a per-unit price had none: sent or kept without one, it counts in items.
    unit: z.enum(UNIT_WORDS).default(DEFAULT_UNIT_WORD).meta({
      description:
        'What one unit is (件 item, 台 appliance, 只 pet …); each app says it in its language',
    }),
    unitFen: Fen,
    minQuantityMilli: QuantityMilli,
  }),
])
export const DepositRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('fixed'), amountFen: Fen }),
  z.object({ kind: z.literal('percent'), basisPoints: z.number().int().min(0).max(10_000) }),
])
export const ChangePolicy = z.object({
  freeUntilHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 14),
  fee: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('fixed'), amountFen: Fen }),
    z.object({ kind: z.literal('percent'), basisPoints: z.number().int().min(0).max(10_000) }),
  ]),
})
export const Addon = z.object({
  code: Code,
  name: trimmedText().min(1).max(40),
  // As a per-unit price's (ADR 0057): sent or kept without one, an add-on counts items.
  unit: z.enum(UNIT_WORDS).default(DEFAULT_UNIT_WORD).meta({
    description:
      'What one of the add-on is (扇 window, 台 appliance …); each app says it in its language',
  }),
  unitFen: Fen,
})

export const Category = z.object({
  id: Uuid,
  parentId: Uuid.nullable(),
  name: z.string(),
  sort: z.number().int(),
})
export const CategoryList = z.object({ items: z.array(Category) })
export const CreateCategoryRequest = z.object({
  parentId: Uuid.nullable().default(null),
  name: trimmedText().min(1).max(40),
  sort: z.number().int().min(0).max(10_000).default(0),
})
/** Rename, reorder or move a category (not under itself or one of its own subcategories). */
export const UpdateCategoryRequest = patchOf(CreateCategoryRequest)

const ServiceItemFields = {
  categoryId: Uuid,
  code: Code,
  name: trimmedText().min(1).max(60),
  description: trimmedText().max(2000).default(''),
  // Web addresses only: a `javascript:` or `data:` link is not a photo, and pages render these as links.
  photos: z
    .array(z.url({ protocol: /^https?$/, message: 'invalid_photo_url' }).max(500))
    .max(9)
    .default([]),
  pricing: PricingModel,
  addons: z.array(Addon).max(20).superRefine(eachCodeOnce).default([]),
  durationMinutes: z
    .number()
    .int()
    .min(15)
    .max(24 * 60),
  durationPerUnitSeconds: z
    .number()
    .int()
    .min(0)
    .max(4 * 3600)
    .default(0)
    .meta({
      description:
        'Per-m² and per-unit items: the time each m² or unit beyond the minimum quantity adds to durationMinutes (0: the size does not matter). Per-hour and fixed-price items take 0',
    }),
  skills: z.array(Skill).max(10).default([]),
  tools: z.array(trimmedText().min(1).max(40)).max(20).default([]),
  deposit: DepositRule.default({ kind: 'none' }),
  changePolicy: ChangePolicy.default({
    freeUntilHours: 24,
    fee: { kind: 'percent', basisPoints: 2000 },
  }),
  urgentFeeFen: Fen.default(0),
  warrantyDays: z.number().int().min(0).max(365).default(0),
  status: z.enum(['draft', 'published']).default('draft'),
  /** Per project, once each: not offered there, or offered at another price. */
  projectOverrides: z
    .array(
      z.object({
        projectId: Uuid,
        available: z.boolean(),
        pricing: PricingModel.nullable().default(null),
      }),
    )
    .max(200)
    .superRefine(eachOnceBy((o: { projectId: string }) => o.projectId, 'projectId'))
    .default([]),
}
export const CreateServiceItemRequest = z.object(ServiceItemFields)
export const UpdateServiceItemRequest = patchOf(z.object(ServiceItemFields))
export const ServiceItem = z.object({
  ...ServiceItemFields,
  // As kept: a row saved before a rule was added is still read (the rules are the requests').
  photos: z.array(z.string()),
  projectOverrides: z.array(
    z.object({ projectId: Uuid, available: z.boolean(), pricing: PricingModel.nullable() }),
  ),
  id: Uuid,
  /** Bumped whenever the price changes; orders keep the version they were booked at. */
  priceVersion: z.number().int(),
  version: z.number().int(),
  updatedAt: IsoDateTime,
})
export type ServiceItem = z.infer<typeof ServiceItem>
export const ServiceItemList = page(ServiceItem)
export const ServiceItemQuery = PageQuery.extend({
  q: trimmedText().max(60).optional(),
  ids: IdList.optional(),
  categoryId: Uuid.optional(),
  status: z.enum(['draft', 'published']).optional(),
  projectId: Uuid.optional().meta({ description: 'Only items offered in this project' }),
})

// ---- customers ----
export const Coordinates = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
})
export const AddressInput = z.object({
  label: trimmedText().max(20).default(''),
  contactName: trimmedText().min(1).max(40),
  contactPhone: MobilePhone,
  city: trimmedText().min(1).max(40),
  district: trimmedText().min(1).max(40),
  /** Street, building, unit, floor, door: the exact address (personal data). */
  detail: trimmedText().min(2).max(200),
  location: Coordinates,
  isDefault: z.boolean().default(false),
})
export const Address = z.object({
  id: Uuid,
  label: z.string(),
  contactName: z.string(),
  contactPhoneMasked: z.string(),
  city: z.string(),
  district: z.string(),
  /** The detail with the door number hidden, e.g. 浦东新区 张杨路**** */
  detailMasked: z.string(),
  location: Coordinates,
  projectId: Uuid,
  projectActive: z.boolean().meta({
    description:
      'False once its project is deactivated: no new orders or plans there (409 PROJECT_CLOSED)',
  }),
  isDefault: z.boolean(),
})
export const Gender = z.enum(['female', 'male', 'unknown'])
export const CustomerSource = z.enum([
  'portal',
  'phone',
  'walk_in',
  'referral',
  'wechat',
  'api',
  'import',
])
/** Preferences as kept and read back; what a request may set is checked by `CustomerPreferences`. */
const StoredPreferences = z.object({
  usualServiceIds: z.array(z.string()),
  preferredTimes: z.array(z.string()),
  preferredWorkerIds: z.array(z.string()),
  blockedWorkerIds: z.array(z.string()),
})
export const CustomerPreferences = z
  .object({
    usualServiceIds: z.array(Uuid).max(20).superRefine(eachOnce).default([]),
    preferredTimes: z.array(trimmedText().min(1).max(40)).max(10).superRefine(eachOnce).default([]),
    preferredWorkerIds: z.array(Uuid).max(20).superRefine(eachOnce).default([]),
    blockedWorkerIds: z.array(Uuid).max(20).superRefine(eachOnce).default([]),
  })
  .superRefine((p, ctx) => {
    // Booking sends a preferred worker first and a blocked one never: one worker cannot be both.
    p.blockedWorkerIds.forEach((id, i) => {
      if (p.preferredWorkerIds.includes(id))
        ctx.addIssue({
          code: 'custom',
          message: 'preferred_and_blocked',
          path: ['blockedWorkerIds', i],
        })
    })
  })
export const CreateCustomerRequest = z.object({
  name: trimmedText().min(1).max(40),
  phone: MobilePhone,
  gender: Gender.default('unknown'),
  tags: z.array(trimmedText().min(1).max(20)).max(20).default([]),
  source: CustomerSource.default('phone'),
  notes: trimmedText().max(1000).default(''),
  preferences: CustomerPreferences.default({
    usualServiceIds: [],
    preferredTimes: [],
    preferredWorkerIds: [],
    blockedWorkerIds: [],
  }),
  addresses: z.array(AddressInput).max(MAX_CUSTOMER_ADDRESSES).default([]),
})
export const UpdateCustomerRequest = patchOf(CreateCustomerRequest.omit({ addresses: true }))
export const Customer = z.object({
  id: Uuid,
  name: z.string(),
  phoneMasked: z.string(),
  gender: Gender,
  tags: z.array(z.string()),
  source: CustomerSource,
  notes: z.string(),
  preferences: StoredPreferences,
  addresses: z.array(Address),
  createdAt: IsoDateTime,
  version: z.number().int(),
})
export type Customer = z.infer<typeof Customer>
export const CustomerList = page(Customer.omit({ addresses: true, preferences: true }))
export const CustomerQuery = PageQuery.extend({
  q: searchText()
    .max(40)
    .optional()
    .meta({ description: 'Name contains, or an exact 11-digit phone' }),
  ids: IdList.optional(),
  tag: trimmedText().max(20).optional(),
  projectId: Uuid.optional(),
  source: CustomerSource.optional().meta({ description: 'Where the customer came from' }),
})
export const RevealedCustomer = z.object({
  phone: z.string(),
  addresses: z.array(z.object({ id: Uuid, contactPhone: z.string(), detail: z.string() })),
})
export const AddressIdParams = z.object({ id: Uuid, addressId: Uuid })
/**
 * Change an address: only the fields sent. A new `location` must still be inside a service area. An address
 * becomes the default by being made so (`isDefault: true`); there is no un-defaulting without a successor.
 */
export const UpdateAddressRequest = patchOf(AddressInput.omit({ isDefault: true })).extend({
  isDefault: z.literal(true).optional(),
})

// ---- workers (minimal: grows in the workforce issue) ----
export const WeeklyShift = z.object({
  weekday: z.number().int().min(1).max(7),
  start: Hhmm,
  end: Hhmm,
})
export const CreateWorkerRequest = z.object({
  name: trimmedText().min(1).max(40),
  phone: MobilePhone,
  userId: Uuid.nullable()
    .default(null)
    .meta({ description: 'The staff account the worker signs in with' }),
  skills: z.array(Skill).max(30).default([]),
  projectIds: z.array(Uuid).min(1).max(50),
  home: Coordinates,
  weeklyShifts: z.array(WeeklyShift).max(21).default([]),
  active: z.boolean().default(true),
})
export const UpdateWorkerRequest = patchOf(CreateWorkerRequest)
export const Worker = z.object({
  id: Uuid,
  name: z.string(),
  phoneMasked: z.string(),
  userId: Uuid.nullable(),
  skills: z.array(z.string()),
  projectIds: z.array(Uuid),
  home: Coordinates,
  weeklyShifts: z.array(WeeklyShift),
  active: z.boolean(),
  /** Damped average of review scores (1–5). */
  rating: z.number(),
  version: z.number().int(),
})
export const WorkerList = page(Worker)
export const WorkerQuery = PageQuery.extend({
  q: trimmedText().max(40).optional(),
  ids: IdList.optional(),
  projectId: Uuid.optional(),
  skill: trimmedText().max(30).optional(),
  active: z.stringbool().optional(),
})

// ---- availability and orders ----
export const AvailabilityQuery = z.object({
  serviceItemId: Uuid,
  addressId: Uuid,
  date: LocalDate,
  quantityMilli: queryInt(0, 100_000_000).optional(),
  orderId: Uuid.optional().meta({
    description:
      'Where this order could move to (a reschedule): measured by the length it was booked with, not as a new booking of quantityMilli',
  }),
})
export const ArrivalWindow = z.object({
  start: IsoDateTime,
  end: IsoDateTime,
  available: z.boolean(),
  /** How many qualified workers could still take it. */
  capacity: z.number().int(),
})
export const Availability = z.object({
  date: LocalDate,
  timeZone: z.string(),
  projectId: Uuid,
  windows: z.array(ArrivalWindow),
  asap: z.object({ available: z.boolean(), earliestArrival: IsoDateTime.nullable() }),
})

export const OrderStatus = z.enum(ORDER_STATUSES)
export const OrderEvent = z.enum(ORDER_EVENTS)
export const OrderChannel = z.enum(['portal', 'phone', 'api'])
export const PriceLine = z.object({
  kind: z.enum(['item', 'addon', 'fee', 'discount']),
  code: z.string(),
  label: z.string(),
  quantityMilli: z.number().int(),
  unitFen: z.number().int(),
  amountFen: z.number().int(),
  measure: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('per_hour') }),
      z.object({ kind: z.literal('per_sqm') }),
      z.object({ kind: z.literal('per_unit'), unit: z.enum(UNIT_WORDS) }),
    ])
    .optional()
    .meta({
      description:
        "What an item or add-on line's quantity counts, as booked (hours, m², or the item's or add-on's unit word); none for a fixed price, on fees and discounts, and on orders booked before lines carried it",
    }),
})
export const PriceBreakdown = z.object({
  lines: z.array(PriceLine),
  subtotalFen: z.number().int(),
  discountFen: z.number().int(),
  totalFen: z.number().int(),
  depositFen: z.number().int(),
  balanceFen: z.number().int(),
  feesFen: z.number().int().meta({ description: 'Cancellation or reschedule fees charged so far' }),
})
/**
 * Who took a step: the customer, the order's own worker (through their staff account), other staff (the office,
 * an API client) or the system (a plan's pass).
 */
export const TimelineActor = z.enum(['customer', 'worker', 'staff', 'system'])
export type TimelineActor = z.infer<typeof TimelineActor>
/** What a step changed besides the status: a reschedule's windows, a late change's fee. */
export const TimelineChange = z.object({
  window: z
    .object({
      from: z.object({ start: IsoDateTime, end: IsoDateTime }),
      to: z.object({ start: IsoDateTime, end: IsoDateTime }),
    })
    .optional(),
  /** The fee this step charged, in fen (a reschedule or cancellation inside the policy's notice). */
  feeFen: z.number().int().optional(),
})
export type TimelineChange = z.infer<typeof TimelineChange>
export const TimelineEntry = z.object({
  at: IsoDateTime,
  event: z.string(),
  from: OrderStatus.nullable(),
  to: OrderStatus,
  /** The person's name; to the customer only their own (null for staff and the system's steps). */
  actorName: z.string().nullable(),
  actor: TimelineActor,
  reason: z.string().nullable(),
  change: TimelineChange.nullable(),
})
export const Order = z.object({
  id: Uuid,
  orderNo: z.string(),
  status: OrderStatus,
  channel: OrderChannel,
  customerId: Uuid,
  customerName: z.string(),
  customerPhoneMasked: z.string(),
  addressId: Uuid,
  addressMasked: z.string(),
  projectId: Uuid,
  serviceItemId: Uuid,
  serviceName: z.string(),
  priceVersion: z.number().int(),
  quantityMilli: z.number().int(),
  addons: z.array(z.object({ code: z.string(), quantity: z.number().int() })),
  windowStart: IsoDateTime,
  windowEnd: IsoDateTime,
  asap: z.boolean(),
  workerId: Uuid.nullable(),
  workerName: z.string().nullable(),
  /** The worker held for the booked window until dispatch confirms or changes it. */
  plannedArrival: IsoDateTime.nullable(),
  durationMinutes: z.number().int(),
  payOnSite: z.boolean(),
  notes: z.string(),
  price: PriceBreakdown,
  warrantyUntil: IsoDateTime.nullable().meta({
    description:
      'When the warranty ends: null before completion and for a service without warranty',
  }),
  allowedEvents: z.array(OrderEvent),
  timeline: z.array(TimelineEntry),
  createdAt: IsoDateTime,
  version: z.number().int(),
})
export type Order = z.infer<typeof Order>
export const OrderSummary = Order.omit({ timeline: true, addons: true, price: true }).extend({
  totalFen: z.number().int(),
  feesFen: z.number().int().meta({ description: 'Cancellation or reschedule fees charged so far' }),
})
export const OrderList = page(OrderSummary)
export const OverviewQuery = z.object({ projectId: Uuid.optional() })
/** The office's day at a glance (the console's home page), in the reader's scope. */
export const OrdersOverview = z.object({
  /** The company's today. */
  date: LocalDate,
  /** Today's visits (by their window) per status; statuses with none are left out. */
  today: z.partialRecord(OrderStatus, z.number().int()),
  /** Orders waiting for a worker whose window is still ahead. */
  pendingDispatch: z.number().int(),
  /** Open orders whose window is over: late, or not closed on the worker's phone. */
  overdue: z.number().int(),
})
export const ComplaintsOverview = z.object({
  /** Not yet resolved (open or in progress). */
  unresolved: z.number().int(),
  /** Past the first-response deadline with no response. */
  overdue: z.number().int(),
})
export const OrderQuery = PageQuery.extend({
  status: z
    .string()
    .max(200)
    .optional()
    .meta({ description: 'One status or several, comma-separated' }),
  from: LocalDate.optional(),
  to: LocalDate.optional(),
  projectId: Uuid.optional(),
  serviceItemId: Uuid.optional(),
  workerId: Uuid.optional(),
  customerId: Uuid.optional(),
  channel: OrderChannel.optional(),
  q: searchText().max(40).optional().meta({ description: 'Order number, or a customer phone' }),
})
/**
 * A customer's own orders (the portal's My orders): its tabs are status filters, and a service and a period
 * (service days from–to) narrow them; paged on the server.
 */
export const PortalOrderQuery = OrderQuery.pick({
  cursor: true,
  limit: true,
  status: true,
  from: true,
  to: true,
  serviceItemId: true,
})
/** The services a customer's orders were for, by the latest order's name: My orders' service filter. */
export const PortalOrderServices = z.object({
  items: z.array(z.object({ id: Uuid, name: z.string() })),
})
const OrderFields = z.object({
  customerId: Uuid,
  addressId: Uuid,
  serviceItemId: Uuid,
  quantityMilli: QuantityMilli.default(0),
  addons: z
    .array(z.object({ code: Code, quantity: z.number().int().min(1).max(100) }))
    .max(20)
    .superRefine(eachCodeOnce)
    .default([]),
  /** The chosen arrival window (from availability); or asap. */
  windowStart: IsoMoment.optional(),
  asap: z.boolean().default(false),
  channel: OrderChannel.default('phone'),
  payOnSite: z.boolean().default(false),
  discountFen: Fen.default(0),
  notes: trimmedText().max(1000).default(''),
})
export const CreateOrderRequest = OrderFields.refine((o) => o.asap || o.windowStart, {
  message: 'window_required',
  path: ['windowStart'],
})
/** What a customer books in the portal: no customer id, channel, discount or pay-on-site choice. */
export const PortalOrderRequest = OrderFields.omit({
  customerId: true,
  channel: true,
  discountFen: true,
}).refine((o) => o.asap || o.windowStart, { message: 'window_required', path: ['windowStart'] })
export const PortalOrderAction = z.object({
  action: z.enum(['cancel', 'reschedule']),
  reason: trimmedText().max(500).optional(),
  windowStart: IsoMoment.optional(),
})
export const OrderEventRequest = z.object({
  // An order becomes reviewed with the customer's review (POST …/review), never by an event alone.
  event: OrderEvent.exclude(['review']),
  reason: trimmedText().max(500).optional(),
  workerId: Uuid.optional().meta({ description: 'For assign' }),
  windowStart: IsoMoment.optional().meta({
    description: 'For reschedule: the new arrival window',
  }),
})
export const SlotTakenAlternatives = z.object({ alternatives: z.array(ArrivalWindow) })

// ---- reviews ----
const Score = z.number().int().min(1).max(5)
export const ReviewRequest = z.object({
  overall: Score,
  punctuality: Score,
  quality: Score,
  attitude: Score,
  text: trimmedText().max(1000).default(''),
  photos: PhotoIds,
})
export const Review = z.object({
  id: Uuid,
  orderId: Uuid,
  orderNo: z.string(),
  customerId: Uuid,
  workerId: Uuid.nullable(),
  overall: Score,
  punctuality: Score,
  quality: Score,
  attitude: Score,
  /** Empty when staff hid it as abusive (the scores still count). */
  text: z.string(),
  photos: PhotoLinks,
  hidden: z.boolean(),
  reply: z.string().nullable(),
  repliedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
})
/** What staff see: where and by whom; hidden text too, for moderators (others see it empty). */
export const StaffReview = Review.extend({
  workerName: z.string().nullable(),
  serviceName: z.string(),
  projectId: Uuid,
})
export const ReviewList = page(StaffReview)
export const ReviewQuery = PageQuery.extend({
  workerId: Uuid.optional(),
  projectId: Uuid.optional(),
  maxOverall: queryInt(1, 5).optional().meta({ description: 'Only reviews scored at most this' }),
  hidden: z.stringbool().optional(),
  replied: z
    .stringbool()
    .optional()
    .meta({ description: 'false: only reviews still waiting for the company’s reply' }),
  ...CreatedDayRange,
})
export const ReviewReplyRequest = z.object({ reply: trimmedText().min(1).max(1000) })
export const ReviewModerationRequest = z.object({
  hidden: z.boolean(),
  reason: trimmedText().min(1).max(200),
})

// ---- geocoding ----
export const GeocodeQuery = z.object({
  city: trimmedText().min(1).max(40),
  /** The district and the street address as the forms hold them (40 + 200 characters). */
  address: trimmedText().min(2).max(240),
})
/** A point asked about in a query string (`?lat=31.23&lng=121.47`), in the coordinates the forms save. */
export const CoordinatesQuery = z.object({
  lat: queryDecimal(-90, 90),
  lng: queryDecimal(-180, 180),
})
/** Whether a point is inside one of the company's service areas: the rule an address is saved by. */
export const ServiceAreaCoverage = z.object({ covered: z.boolean() })
/** How the address forms place a pin: the map's tiles (none: coordinates typed or found only), and a geocoder. */
export const PlacesSettings = z.object({
  geocoder: z.enum(['amap', 'none']),
  tiles: z
    .object({
      url: z
        .string()
        .meta({ description: 'Leaflet URL template: {s} subdomain, {z}/{x}/{y} tile' }),
      subdomains: z.string(),
      maxZoom: z.number().int(),
      attribution: z.string(),
    })
    .nullable()
    .meta({
      description: 'GCJ-02 tiles (as maps of China are); null when the company turned the map off',
    }),
})
export const GeocodeAnswer = z.object({
  /** `none` when no geocoding service is configured: drop a pin on the map instead. */
  provider: z.enum(['amap', 'none']),
  result: z.object({ location: Coordinates, formatted: z.string(), level: z.string() }).nullable(),
})

// ---- after-sales ----
export const ComplaintCategory = z.enum(COMPLAINT_CATEGORIES)
export const ComplaintRequest = z.object({
  category: ComplaintCategory,
  description: trimmedText().min(5).max(2000),
  photos: PhotoIds,
})
export const StaffComplaintRequest = ComplaintRequest.extend({ orderId: Uuid })
export const Resolution = z.object({
  kind: z.enum(RESOLUTION_KINDS),
  note: trimmedText().min(1).max(1000),
  /** For rework: the arrival window of the linked new order. */
  windowStart: IsoMoment.optional(),
  /** For a refund or a compensation coupon request: how much, in fen (a refund at most what the order charged). */
  amountFen: z.number().int().min(1).max(100_000_000).optional(),
})
export const ComplaintEventRequest = z.object({
  event: z.enum(COMPLAINT_EVENTS),
  note: trimmedText().max(1000).optional(),
  resolution: Resolution.optional(),
})
export const Complaint = z.object({
  id: Uuid,
  orderId: Uuid,
  orderNo: z.string(),
  customerId: Uuid,
  customerName: z.string(),
  customerPhoneMasked: z.string(),
  workerId: Uuid.nullable(),
  workerName: z.string().nullable(),
  projectId: Uuid,
  serviceItemId: Uuid,
  serviceName: z.string(),
  category: ComplaintCategory,
  description: z.string(),
  photos: PhotoLinks,
  status: z.enum(COMPLAINT_STATUSES),
  withinWarranty: z.boolean().meta({ description: 'Filed inside the order’s warranty' }),
  warrantyUntil: IsoDateTime.nullable().meta({
    description: 'When the order’s warranty ends; null for a service without one',
  }),
  firstResponseDue: IsoDateTime,
  firstRespondedAt: IsoDateTime.nullable(),
  overdue: z.boolean(),
  resolution: Resolution.extend({ reworkOrderId: Uuid.nullable() }).nullable(),
  allowedEvents: z.array(z.enum(COMPLAINT_EVENTS)),
  timeline: z.array(
    z.object({
      at: IsoDateTime,
      event: z.string(),
      to: z.enum(COMPLAINT_STATUSES),
      /** The person's name; to the customer only their own (null for staff's steps). */
      actorName: z.string().nullable(),
      actor: TimelineActor,
      note: z.string().nullable(),
    }),
  ),
  createdAt: IsoDateTime,
})
export const ComplaintList = page(Complaint.omit({ timeline: true }))
/** A customer's own complaints, all or one order's (the portal asks for the one in progress). */
export const PortalComplaintQuery = PageQuery.extend({ orderId: Uuid.optional() })
export const ComplaintQuery = PageQuery.extend({
  status: z.enum(COMPLAINT_STATUSES).optional(),
  category: ComplaintCategory.optional(),
  projectId: Uuid.optional(),
  serviceItemId: Uuid.optional(),
  orderId: Uuid.optional(),
  orderNo: trimmedText().max(40).optional(),
  customerId: Uuid.optional(),
  overdue: z
    .stringbool()
    .optional()
    .meta({ description: 'Past the first-response deadline with no response' }),
  ...CreatedDayRange,
})
export const ComplaintReportQuery = z.object({
  from: LocalDate,
  to: LocalDate,
  projectId: Uuid.optional(),
})
export const ComplaintReport = z.object({
  rows: z.array(
    z.object({
      category: ComplaintCategory,
      projectId: Uuid,
      serviceItemId: Uuid,
      serviceName: z.string(),
      count: z.number().int(),
    }),
  ),
})

// ---- recurring service plans ----
export const PLAN_STATUSES = ['active', 'paused', 'ended'] as const
export const VISIT_STATUSES = ['booked', 'skipped', 'unavailable', 'cancelled'] as const
/** A plan's arrival window starts at one of the standard windows' hours (08–10, 10–12, 13–15, …). */
export const PlanWindowHour = z.union(
  [8, 10, 13, 15, 17].map((h) => z.literal(h)),
  { message: 'invalid_window_hour' },
)
const PlanFields = z.object({
  customerId: Uuid,
  addressId: Uuid,
  serviceItemId: Uuid,
  quantityMilli: QuantityMilli.default(0),
  addons: OrderFields.shape.addons,
  rrule: trimmedText().min(1).max(200).meta({
    description:
      'RFC 5545 RRULE without DTSTART: FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL, BYDAY, BYMONTHDAY, COUNT (≤ 104) or UNTIL, e.g. FREQ=WEEKLY;BYDAY=MO;COUNT=12',
  }),
  startDate: LocalDate,
  windowHour: PlanWindowHour,
  discountPercent: z.number().int().min(0).max(50).default(0),
  payOnSite: z.boolean().default(true),
  notes: trimmedText().max(1000).default(''),
})
export const CreatePlanRequest = PlanFields
/** What a customer books in the portal: for themselves, at the list price. */
export const PortalPlanRequest = PlanFields.omit({ customerId: true, discountPercent: true })
export const PlanVisit = z.object({
  date: LocalDate,
  windowStart: IsoDateTime,
  status: z.enum(VISIT_STATUSES),
  orderId: Uuid.nullable(),
  orderNo: z.string().nullable(),
  orderStatus: OrderStatus.nullable().meta({
    description: 'Where the visit’s order is now (a completed visit cannot be skipped or moved)',
  }),
  reason: z.string().nullable(),
  attempts: z.number().int().meta({
    description:
      'Booking attempts of a visit no worker could take; the hourly pass retries it a bounded number of times',
  }),
})
/** What one visit costs at today's prices: the list price, the plan's series discount, and what is paid. */
export const PlanVisitPrice = z.object({
  subtotalFen: z.number().int(),
  seriesDiscountFen: z.number().int(),
  totalFen: z.number().int(),
})
export const Plan = z.object({
  id: Uuid,
  customerId: Uuid,
  customerName: z.string(),
  customerPhoneMasked: z.string(),
  addressId: Uuid,
  serviceItemId: Uuid,
  serviceName: z.string(),
  quantityMilli: z.number().int(),
  rrule: z.string(),
  startDate: LocalDate,
  windowHour: z.number().int(),
  discountPercent: z.number().int(),
  payOnSite: z.boolean(),
  status: z.enum(PLAN_STATUSES),
  preferredWorkerId: Uuid.nullable(),
  bookedUntil: LocalDate.nullable().meta({ description: 'Visits are booked this far ahead' }),
  previousPlanId: Uuid.nullable().meta({
    description: 'The plan this one carries on from (its recurrence was changed from startDate on)',
  }),
  nextPlanId: Uuid.nullable().meta({
    description: 'The plan that carries on after this one ended for a change of recurrence',
  }),
  visitPrice: PlanVisitPrice.nullable().meta({
    description:
      'Per visit, at the current price list (null when the service is no longer offered)',
  }),
  visits: z.array(PlanVisit),
  createdAt: IsoDateTime,
})
export const PlanList = page(Plan.omit({ visits: true }))
export const PlanQuery = PageQuery.extend({
  customerId: Uuid.optional(),
  status: z.enum(PLAN_STATUSES).optional(),
  projectId: Uuid.optional(),
  serviceItemId: Uuid.optional(),
  unavailable: z
    .stringbool()
    .optional()
    .meta({ description: 'true: only plans with a visit from today on that no worker could take' }),
})
export const PlanAction = z.object({
  action: z.enum(['pause', 'resume', 'end']),
  reason: trimmedText().max(500).optional(),
})
export const PlanSkip = z.object({ date: LocalDate, reason: trimmedText().max(500).optional() })
export const PlanRetry = z.object({
  date: LocalDate.meta({ description: 'A visit no worker could take: try to book it again now' }),
})
export const PlanChange = z
  .object({
    date: LocalDate.meta({
      description: 'The visit to change (and, for scope=future, every one after)',
    }),
    scope: z.enum(['this', 'future']),
    windowHour: PlanWindowHour,
    newDate: LocalDate.optional().meta({
      description: 'scope=this only: move the visit to this date',
    }),
    rrule: trimmedText()
      .min(1)
      .max(200)
      .optional()
      .meta({
        description:
          'scope=future only: the recurrence from `date` on (RRULE, `date` its first visit). The series splits: ' +
          'this plan ends the day before, a new plan carries on with the new rule and is returned ' +
          '(`previousPlanId` names this one)',
        example: 'FREQ=WEEKLY;BYDAY=WE;COUNT=8',
      }),
  })
  .refine((c) => c.rrule === undefined || c.scope === 'future', {
    message: 'rrule_only_for_future',
    path: ['rrule'],
  })
  .refine((c) => c.newDate === undefined || c.scope === 'this', {
    message: 'new_date_only_for_this',
    path: ['newDate'],
  })
