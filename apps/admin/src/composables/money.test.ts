import { describe, expect, it } from 'vitest'
import { bpToPercent, formatFen, fromMilli, percentToBp, toMilli, yuanToFen } from './money.ts'

describe('money in the console', () => {
  it('should show fen as yuan with two decimals and grouping', () => {
    expect(formatFen(12345)).toBe('¥123.45')
    expect(formatFen(0)).toBe('¥0.00')
    expect(formatFen(123456789)).toBe('¥1,234,567.89')
    expect(formatFen(-500)).toBe('-¥5.00')
    expect(formatFen(null)).toBe('—')
  })

  it('should turn typed yuan into whole fen without float drift', () => {
    expect(yuanToFen(0.29)).toBe(29)
    expect(yuanToFen(1.005)).toBe(101)
    expect(yuanToFen('88')).toBe(8800)
    expect(yuanToFen('')).toBeNull()
    expect(yuanToFen('abc')).toBeNull()
  })

  it('should convert quantities and percentages both ways', () => {
    expect(toMilli(1.5)).toBe(1500)
    expect(toMilli(0.1 + 0.2)).toBe(300)
    expect(fromMilli(2500)).toBe(2.5)
    expect(percentToBp(12.5)).toBe(1250)
    expect(bpToPercent(2000)).toBe(20)
  })
})
