import { describe, expect, it } from 'vitest'
import { labelKey, storedLabel } from './labels.ts'

describe('address labels', () => {
  it('should keep a quick label in Chinese and know it in either language', () => {
    expect(storedLabel('home')).toBe('家')
    expect(labelKey('家')).toBe('home')
    expect(labelKey('Work')).toBe('company')
    expect(labelKey('外婆家')).toBeNull()
  })
})
