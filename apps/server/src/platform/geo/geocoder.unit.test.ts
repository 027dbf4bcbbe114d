import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GeocoderError, createAmapGeocoder } from './geocoder.ts'
import { AMAP_NOT_FOUND, startFakeAmap } from '../../test-support/fake-amap.ts'

let amap: Awaited<ReturnType<typeof startFakeAmap>>
let endpoint = ''
beforeAll(async () => {
  amap = await startFakeAmap({ key: 'good-key' })
  endpoint = amap.endpoint
})
afterAll(() => amap.close())

describe('Amap geocoder', () => {
  it('should turn an address into coordinates (Amap answers "lng,lat")', async () => {
    const r = await createAmapGeocoder({ key: 'good-key', endpoint }).geocode('上海', '张杨路500号')
    expect(r).toEqual({
      location: { lat: 31.221461, lng: 121.544346 },
      formatted: '上海市浦东新区张杨路500号',
      level: '门牌号',
    })
  })
  it('should answer null for an address it cannot find, and fail on a bad key', async () => {
    expect(
      await createAmapGeocoder({ key: 'good-key', endpoint }).geocode('上海', AMAP_NOT_FOUND),
    ).toBeNull()
    await expect(
      createAmapGeocoder({ key: 'bad', endpoint }).geocode('上海', 'x'),
    ).rejects.toBeInstanceOf(GeocoderError)
  })
})
