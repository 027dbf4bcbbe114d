import { describe, expect, it } from 'vitest'
import { codeDigits, mobileDigits } from './mobileDigits.ts'

describe('mobileDigits', () => {
  it.each([
    ['13912345678', '13912345678'],
    ['139 1234 5678', '13912345678'],
    ['+86 139-1234-5678', '13912345678'],
    ['0086 13912345678', '13912345678'],
    ['1391234', '1391234'],
    ['139123456789', '13912345678'],
    ['１３９００００２２２２', '13900002222'],
    ['＋８６ １３９００００２２２２', '13900002222'],
    ['139００００2222', '13900002222'],
  ])('%s → %s', (typed, digits) => {
    expect(mobileDigits(typed)).toBe(digits)
  })
})

describe('codeDigits', () => {
  it.each([
    ['123456', '123456'],
    ['１２３４５６', '123456'],
    ['123 456', '123456'],
    ['1234567', '123456'],
  ])('%s → %s', (typed, digits) => {
    expect(codeDigits(typed)).toBe(digits)
  })
})
