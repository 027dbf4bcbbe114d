import { describe, expect, it } from 'vitest'
import { formatFen, fromMilli, toMilli } from './money.ts'

describe('formatFen', () => {
  it('should show yuan with two decimals and thousands separators', () => {
    expect(formatFen(123456)).toBe('¥1,234.56')
    expect(formatFen(-500)).toBe('-¥5.00')
    expect(formatFen(null)).toBe('—')
  })
  it('should drop the decimals of whole yuan when compact', () => {
    expect(formatFen(8000, { compact: true })).toBe('¥80')
    expect(formatFen(8050, { compact: true })).toBe('¥80.50')
  })
  it('should convert quantities to thousandths exactly', () => {
    expect(toMilli(1.5)).toBe(1500)
    expect(toMilli(0.29)).toBe(290)
    expect(fromMilli(2500)).toBe(2.5)
  })
})
