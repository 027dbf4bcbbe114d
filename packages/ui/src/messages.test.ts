import { describe, expect, it } from 'vitest'
import { commonMessages, mergeMessages } from './messages.ts'

type Tree = { [key: string]: string | Tree }

export function keyPaths(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keyPaths(value, `${prefix}${key}.`),
  )
}

function placeholders(tree: Tree): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  const walk = (node: Tree, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string')
        // The names used, once each: an English plural ("{n} row | {n} rows") names one twice.
        out[`${prefix}${key}`] = [
          ...new Set([...value.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '')),
        ].sort()
      else walk(value, `${prefix}${key}.`)
    }
  }
  walk(tree, '')
  return out
}

describe('shared messages', () => {
  it('should have the same keys and placeholders in Chinese and English', () => {
    expect(keyPaths(commonMessages.en).sort()).toEqual(keyPaths(commonMessages['zh-CN']).sort())
    expect(placeholders(commonMessages.en)).toEqual(placeholders(commonMessages['zh-CN']))
  })

  it('should let an app override and extend the shared words', () => {
    const merged = mergeMessages(
      { common: { save: 'Save', cancel: 'Cancel' } },
      { common: { save: 'Store' }, app: { title: 'X' } },
    )
    expect(merged).toEqual({ common: { save: 'Store', cancel: 'Cancel' }, app: { title: 'X' } })
  })
})
