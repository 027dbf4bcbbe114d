import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GeocoderError, createAmapGeocoder } from './geocoder.ts'

/** A local stand-in for restapi.amap.com answering in its format. */
const fake = http.createServer((request, response) => {
  const q = new URL(request.url ?? '/', 'http://x').searchParams
  response.setHeader('content-type', 'application/json')
  if (q.get('key') !== 'good-key') {
    response.end(JSON.stringify({ status: '0', info: 'INVALID_USER_KEY', infocode: '10001' }))
    return
  }
  if (q.get('address') === '火星') {
    response.end(JSON.stringify({ status: '1', info: 'OK', count: '0', geocodes: [] }))
    return
  }
  response.end(
    JSON.stringify({
      status: '1',
      info: 'OK',
      count: '1',
      geocodes: [
        {
          formatted_address: `上海市浦东新区${q.get('address')}`,
          city: '上海市',
          location: '121.544346,31.221461',
          level: '门牌号',
        },
      ],
    }),
  )
})

let endpoint = ''
beforeAll(async () => {
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())))

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
      await createAmapGeocoder({ key: 'good-key', endpoint }).geocode('上海', '火星'),
    ).toBeNull()
    await expect(
      createAmapGeocoder({ key: 'bad', endpoint }).geocode('上海', 'x'),
    ).rejects.toBeInstanceOf(GeocoderError)
  })
})
