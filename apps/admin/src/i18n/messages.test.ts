import { describe, expect, it } from 'vitest'
import { messages } from './messages.ts'

type Tree = { [key: string]: string | Tree }
const paths = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : paths(value, `${prefix}${key}.`),
  )

describe('console messages', () => {
  it('should translate every Chinese key into English and back', () => {
    expect(paths(messages.en).sort()).toEqual(paths(messages['zh-CN']).sort())
  })

  it('should leave no English message empty', () => {
    const empty = paths(messages.en).filter((p) => {
      const value = p.split('.').reduce<Tree | string | undefined>((node, k) => (typeof node === 'object' ? node[k] : undefined), messages.en)
      return typeof value !== 'string' || value.trim() === ''
    })
    expect(empty).toEqual([])
  })
})
