import type { Category } from '../api.ts'

export interface CategoryNode {
  id: string
  label: string
  children: CategoryNode[]
}

/** Categories (flat, by parentId) → a sorted tree; orphans (parent missing) are shown at the top level. */
export function categoryTree(categories: readonly Category[]): CategoryNode[] {
  const ids = new Set(categories.map((c) => c.id))
  const sorted = [...categories].sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name))
  const build = (parentId: string | null): CategoryNode[] =>
    sorted
      .filter((c) => (parentId === null ? c.parentId === null || !ids.has(c.parentId) : c.parentId === parentId))
      .map((c) => ({ id: c.id, label: c.name, children: build(c.id) }))
  return build(null)
}

/** 保洁 / 日常保洁: a category's path, for list columns. */
export function categoryPath(categories: readonly Category[], id: string): string {
  const byId = new Map(categories.map((c) => [c.id, c]))
  const names: string[] = []
  let current = byId.get(id)
  while (current && names.length < 10) {
    names.unshift(current.name)
    current = current.parentId ? byId.get(current.parentId) : undefined
  }
  return names.join(' / ')
}

/** A node and everything under it: where a category may not be moved (it would sit under itself). */
export function subtreeIds(nodes: readonly CategoryNode[], id: string): Set<string> {
  const out = new Set<string>()
  const collect = (node: CategoryNode) => {
    out.add(node.id)
    node.children.forEach(collect)
  }
  const find = (list: readonly CategoryNode[]): void => {
    for (const node of list) {
      if (node.id === id) collect(node)
      else find(node.children)
    }
  }
  find(nodes)
  return out
}

/** The tree with the given ids disabled (for a parent picker). */
export function disableIn(nodes: readonly CategoryNode[], ids: ReadonlySet<string>): Array<CategoryNode & { disabled: boolean }> {
  return nodes.map((n) => ({ ...n, disabled: ids.has(n.id), children: disableIn(n.children, ids) }))
}
