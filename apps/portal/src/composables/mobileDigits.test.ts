import { describe, expect, it } from 'vitest'
import { mobileDigits } from './mobileDigits.ts'

describe('mobileDigits', () => {
  it.each([
    ['13912345678', '13912345678'],
    ['139 1234 5678', '13912345678'],
    ['+86 139-1234-5678', '13912345678'],
    ['0086 13912345678', '13912345678'],
    ['1391234', '1391234'],
    ['139123456789', '13912345678'],
  ])('%s → %s', (typed, digits) => {
    expect(mobileDigits(typed)).toBe(digits)
  })
})
