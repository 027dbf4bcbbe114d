import { describe, expect, it } from 'vitest'
import { coarse, maskPhone } from './masking.ts'

describe('masking', () => {
  it('should keep the first three and last four digits of a phone', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
  })
  it('should round a coordinate to about 100 m', () => {
    expect(coarse(31.231476)).toBe(31.231)
    expect(coarse(121.4715)).toBe(121.472)
  })
})
