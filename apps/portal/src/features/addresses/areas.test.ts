import { describe, expect, it } from 'vitest'
import { CITIES, cascaderOptions, farFromDistrict, findDistrict, locatedFix } from './areas.ts'

describe('district presets', () => {
  it('should find a district centre by city and district', () => {
    expect(findDistrict('上海', '浦东新区')).toEqual({ name: '浦东新区', lat: 31.2304, lng: 121.544 })
    expect(findDistrict('上海', '朝阳区')).toBeNull()
  })
  it('should offer every district in the cascader', () => {
    expect(cascaderOptions.flatMap((c) => c.children)).toHaveLength(CITIES.flatMap((c) => c.districts).length)
  })
})

describe('a located point against the chosen district', () => {
  const pudong = findDistrict('上海', '浦东新区')!
  it('should keep a point anywhere in the district, also its far edge, as not far', () => {
    expect(farFromDistrict(pudong, { lat: 31.2397, lng: 121.4998 })).toBe(false) // 陆家嘴
    expect(farFromDistrict(pudong, { lat: 30.8988, lng: 121.9299 })).toBe(false) // 临港, ~52 km out
    expect(farFromDistrict(pudong, pudong)).toBe(false)
  })
  it('should call a point in another city far', () => {
    expect(farFromDistrict(pudong, { lat: 39.9219, lng: 116.4436 })).toBe(true) // 北京
    expect(farFromDistrict(pudong, { lat: 30.2741, lng: 120.1551 })).toBe(true) // 杭州
    expect(farFromDistrict(findDistrict('北京', '朝阳区')!, pudong)).toBe(true)
  })
})

describe('the fix offered for a located point', () => {
  it("should offer the chosen district's centre, and the map when there is one, once a district is chosen", () => {
    expect(locatedFix({ districtChosen: true, map: true })).toEqual({
      hint: 'address.locatedFixOnMap',
      offerCentre: true,
    })
    expect(locatedFix({ districtChosen: true, map: false })).toEqual({
      hint: 'address.locatedFix',
      offerCentre: true,
    })
  })
  it('should offer no district centre and speak of no chosen district when none is chosen', () => {
    expect(locatedFix({ districtChosen: false, map: true })).toEqual({
      hint: 'address.locatedFixPin',
      offerCentre: false,
    })
    expect(locatedFix({ districtChosen: false, map: false })).toEqual({
      hint: null,
      offerCentre: false,
    })
  })
})
