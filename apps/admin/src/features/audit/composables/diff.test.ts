import { describe, expect, it } from 'vitest'
import { diffRows, showValue } from './diff.ts'

describe('audit diff rows', () => {
  it('should read pairs, from/to objects and plain values', () => {
    expect(
      diffRows({
        status: ['active', 'disabled'],
        name: { from: 'A', to: 'B' },
        phone: '[redacted]',
        roleIds: ['r1', 'r2', 'r3'],
      }),
    ).toEqual([
      { field: 'status', change: true, before: 'active', after: 'disabled' },
      { field: 'name', change: true, before: 'A', after: 'B' },
      { field: 'phone', change: false, before: undefined, after: '[redacted]' },
      { field: 'roleIds', change: false, before: undefined, after: ['r1', 'r2', 'r3'] },
    ])
  })

  it('should show nothing for no diff and render values compactly', () => {
    expect(diffRows(null)).toEqual([])
    expect(showValue(null)).toBe('∅')
    expect(showValue({ a: 1 })).toBe('{"a":1}')
    expect(showValue('x')).toBe('x')
  })
})
