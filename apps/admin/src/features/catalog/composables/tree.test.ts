import { describe, expect, it } from 'vitest'
import { categoryPath, categoryTree } from './tree.ts'

const id = (n: number) => `0194f0a1-0000-7000-8000-00000000000${n}`
const categories = [
  { id: id(2), parentId: id(1), name: '深度保洁', sort: 2 },
  { id: id(1), parentId: null, name: '保洁', sort: 1 },
  { id: id(3), parentId: id(1), name: '日常保洁', sort: 1 },
  { id: id(4), parentId: null, name: '维修', sort: 2 },
  { id: id(5), parentId: id(9), name: '孤儿', sort: 0 },
]

describe('category tree', () => {
  it('should nest by parent and sort by sort order', () => {
    const tree = categoryTree(categories)
    expect(tree.map((n) => n.label)).toEqual(['孤儿', '保洁', '维修'])
    expect(tree[1]?.children.map((n) => n.label)).toEqual(['日常保洁', '深度保洁'])
  })

  it('should name a category by its path', () => {
    expect(categoryPath(categories, id(2))).toBe('保洁 / 深度保洁')
    expect(categoryPath(categories, 'missing')).toBe('')
  })
})
