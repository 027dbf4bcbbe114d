import { describe, expect, it } from 'vitest'
import { coarse, maskDetail, maskPhone } from './masking.ts'

describe('masking', () => {
  it('should keep the first three and last four digits of a phone', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
  })
  it('should hide the numbers of an address, cutting whole characters', () => {
    expect(maskDetail('张杨路 500 弄 3 号 1201')).toBe('张杨路****')
    expect(maskDetail('世纪大道100号')).toBe('世纪大道****')
    expect(maskDetail('张杨路５００弄３号')).toBe('张杨路****')
    expect(maskDetail('a𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀1')).toBe('a𠀀𠀀𠀀𠀀𠀀𠀀𠀀****')
    expect(maskDetail('3号楼1201室')).toBe('*号楼*室****')
    expect(maskDetail('12 号')).toBe('*号****')
  })
  it('should round a coordinate to about 100 m', () => {
    expect(coarse(31.231476)).toBe(31.231)
    expect(coarse(121.4715)).toBe(121.472)
  })
})
