import { describe, expect, it } from 'vitest'
import { addressName, labelKey, storedLabel } from './labels.ts'

describe('address labels', () => {
  it('should keep a quick label in Chinese and know it in either language', () => {
    expect(storedLabel('home')).toBe('家')
    expect(labelKey('家')).toBe('home')
    expect(labelKey('Work')).toBe('company')
    expect(labelKey('外婆家')).toBeNull()
  })

  it("should name an address by its label in the reader's language and its street, or the street alone", () => {
    const english = (key: string) =>
      ({ home: 'Home', company: 'Work', parents: "Parents'" })[key] ?? key
    expect(addressName({ label: '家', detail: '张杨路 500 号' }, english)).toBe(
      'Home · 张杨路 500 号',
    )
    expect(addressName({ label: '外婆家', detail: '芳甸路 300 弄' }, english)).toBe(
      '外婆家 · 芳甸路 300 弄',
    )
    expect(addressName({ label: '', detail: '芳甸路 300 弄' }, english)).toBe('芳甸路 300 弄')
  })
})
