import type { ResponseOf } from '@doorstep/api-client'

export type PortalCatalog = ResponseOf<'portalCatalog'>
export type CatalogItem = PortalCatalog['items'][number]
export type CatalogCategory = PortalCatalog['categories'][number]
export type Pricing = CatalogItem['pricing']

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

/** Items in the chosen top category (null: all) whose name, description or category matches the search. */
export function filterItems(
  catalog: PortalCatalog,
  categoryIds: ReadonlySet<string> | null,
  search: string,
): CatalogItem[] {
  const q = search.trim().toLowerCase()
  const categoryName = new Map(catalog.categories.map((c) => [c.id, c.name]))
  return catalog.items.filter((item) => {
    if (categoryIds && !categoryIds.has(item.categoryId)) return false
    if (!q) return true
    return [item.name, item.description, categoryName.get(item.categoryId) ?? ''].some((text) => text.toLowerCase().includes(q))
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
