import type { ResponseOf } from '@doorstep/api-client'

export type PortalCatalog = ResponseOf<'portalCatalog'>
export type CatalogItem = PortalCatalog['items'][number]
export type CatalogCategory = PortalCatalog['categories'][number]
export type Pricing = CatalogItem['pricing']

/**
 * The item as a booking at an address in `projectId` is priced: that project's own price where it has one (the
 * server books by it), else the item's. Browsing without an address shows the item's own.
 */
export function pricedIn(item: CatalogItem, projectId: string | null): CatalogItem {
  const own = projectId ? item.projectPrices.find((p) => p.projectId === projectId) : undefined
  return own ? { ...item, pricing: own.pricing } : item
}

/** Whether a booking at an address in `projectId` is taken: a project may not offer the item (NOT_OFFERED). */
export function offeredIn(item: CatalogItem, projectId: string): boolean {
  return !item.notOfferedIn.includes(projectId)
}

/** Whether two prices read the same: kind, amount, minimum and word. */
export function samePricing(a: Pricing, b: Pricing): boolean {
  if (a.kind === 'fixed') return b.kind === 'fixed' && a.priceFen === b.priceFen
  if (b.kind === 'fixed') return false
  const word = (p: Pricing) => (p.kind === 'per_unit' ? p.unit : null)
  return (
    a.kind === b.kind &&
    a.unitFen === b.unitFen &&
    a.minQuantityMilli === b.minQuantityMilli &&
    word(a) === word(b)
  )
}

/** The address browsing is for: where the customer's booking would start (`startingAddressId`). */
export interface BrowsingAddress {
  projectId: string
  projectActive: boolean
}

/** Why a booking at an address is refused, as the booking step and the server refuse it. */
export type Refusal = 'not_offered' | 'closed'

export interface Browsed {
  /** The item priced as a booking at the address is charged; the item's own price without an address. */
  item: CatalogItem
  /** The address's project prices it otherwise than the item's own price: the service page names the address. */
  projectPrice: boolean
  /** Why it cannot be booked at the address; null when it can (or no address is known). */
  refused: Refusal | null
}

/**
 * An item as a signed-in customer browses it: priced by the project of the address a booking would start from,
 * and said to be unbookable there where that project does not offer it or takes no bookings. A guest, or a
 * customer with no address (`null`), sees the item's own price.
 */
export function browsedAt(item: CatalogItem, address: BrowsingAddress | null): Browsed {
  if (!address) return { item, projectPrice: false, refused: null }
  if (!offeredIn(item, address.projectId))
    return { item, projectPrice: false, refused: 'not_offered' }
  const priced = pricedIn(item, address.projectId)
  return {
    item: priced,
    projectPrice: !samePricing(priced.pricing, item.pricing),
    refused: address.projectActive ? null : 'closed',
  }
}

/** The top-level categories in their order, each with the ids of itself and all its descendants. */
export function topCategories(categories: readonly CatalogCategory[]) {
  const children = new Map<string | null, CatalogCategory[]>()
  for (const c of categories) {
    const list = children.get(c.parentId) ?? []
    list.push(c)
    children.set(c.parentId, list)
  }
  const sorted = (list: CatalogCategory[]) => [...list].sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name))
  const descendants = (id: string): string[] => [id, ...(children.get(id) ?? []).flatMap((c) => descendants(c.id))]
  const known = new Set(categories.map((c) => c.id))
  // A category whose parent is missing is shown at the top rather than lost.
  const roots = categories.filter((c) => c.parentId === null || !known.has(c.parentId))
  return sorted(roots).map((c) => ({ id: c.id, name: c.name, ids: new Set(descendants(c.id)) }))
}

/**
 * English words for the services a company names in Chinese: the catalog is written in one language (the
 * company's), and a customer reading the portal in English searches in English. Whole words only.
 */
const ENGLISH_TERMS: ReadonlyArray<[RegExp, string[]]> = [
  [/^clean(s|ing|er|ers)?$/, ['保洁', '清洁', '清洗']],
  [/^deep$/, ['深度']],
  [/^(repairs?|fix|fixing)$/, ['维修', '修']],
  [/^(install|installation|mount)$/, ['安装']],
  [/^(plumb(ing|er)?|pipes?|leaks?)$/, ['水电', '管道', '水管', '漏水']],
  [/^(electric(al|ian)?|wiring|sockets?)$/, ['电路', '水电', '插座']],
  [/^(aircon|ac|air-?conditioner|air-?conditioning)$/, ['空调']],
  [/^(appliances?|fridge|refrigerator|washer|washing)$/, ['家电', '冰箱', '洗衣机']],
  [/^(nanny|nannies|babysit(ter|ting)?|childcare)$/, ['保姆', '育儿', '月嫂']],
  [/^(elder(ly)?|care|carer|nursing)$/, ['护理', '养老', '陪护']],
  [/^(pets?|dogs?|cats?)$/, ['宠物']],
  [/^(move|moving|removals?)$/, ['搬家']],
  [/^(windows?|glass)$/, ['玻璃', '窗']],
  [/^(kitchen|hood)$/, ['厨房', '油烟机']],
]

/** Each word of a search, with the Chinese it may be written as in the catalog ("air con" is one word). */
function searchWords(q: string): string[][] {
  return q
    .replace(/\bair[\s-]+con(ditioner|ditioning)?\b/g, 'aircon')
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => [word, ...(ENGLISH_TERMS.find(([re]) => re.test(word))?.[1] ?? [])])
}

/** Items in the chosen top category (null: all) whose name, description or category holds every word searched. */
export function filterItems(
  catalog: PortalCatalog,
  categoryIds: ReadonlySet<string> | null,
  search: string,
): CatalogItem[] {
  const words = searchWords(search.trim().toLowerCase())
  const categoryName = new Map(catalog.categories.map((c) => [c.id, c.name]))
  return catalog.items.filter((item) => {
    if (categoryIds && !categoryIds.has(item.categoryId)) return false
    const texts = [item.name, item.description, categoryName.get(item.categoryId) ?? ''].map((text) => text.toLowerCase())
    return words.every((terms) => terms.some((term) => texts.some((text) => text.includes(term))))
  })
}

/** The amount a price starts at: the fixed price, or the unit price times the minimum quantity. */
export function fromPriceFen(pricing: Pricing): number {
  if (pricing.kind === 'fixed') return pricing.priceFen
  return Math.round((pricing.unitFen * Math.max(pricing.minQuantityMilli, 0)) / 1000) || pricing.unitFen
}

/** Minutes as "2 小时 30 分钟" parts. */
export function durationParts(minutes: number): { h: number; m: number } {
  return { h: Math.floor(minutes / 60), m: minutes % 60 }
}
