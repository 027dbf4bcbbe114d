import { describe, expect, it } from 'vitest'
import { CITIES, cascaderOptions, findDistrict } from './areas.ts'

describe('district presets', () => {
  it('should find a district centre by city and district', () => {
    expect(findDistrict('上海', '浦东新区')).toEqual({ name: '浦东新区', lat: 31.2304, lng: 121.544 })
    expect(findDistrict('上海', '朝阳区')).toBeNull()
  })
  it('should offer every district in the cascader', () => {
    expect(cascaderOptions.flatMap((c) => c.children)).toHaveLength(CITIES.flatMap((c) => c.districts).length)
  })
})
