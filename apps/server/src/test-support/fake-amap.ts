import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** Where the fake finds every address (GCJ-02, in Pudong), and the one address it cannot find. */
export const AMAP_FOUND = { lat: 31.221461, lng: 121.544346 }
export const AMAP_NOT_FOUND = '无此地址'

/**
 * A local stand-in for Amap's geocoding Web Service (`/v3/geocode/geo`), answering in its format: any address is
 * found at `AMAP_FOUND` as 上海市浦东新区 + the address, except `AMAP_NOT_FOUND`; with `key`, other keys are
 * refused as Amap refuses them. `asked` keeps each "city|address" it was asked.
 */
export async function startFakeAmap(options: { key?: string } = {}) {
  const asked: string[] = []
  const server = http.createServer((request, response) => {
    const q = new URL(request.url ?? '/', 'http://x').searchParams
    asked.push(`${q.get('city')}|${q.get('address')}`)
    response.setHeader('content-type', 'application/json')
    if (options.key && q.get('key') !== options.key) {
      response.end(JSON.stringify({ status: '0', info: 'INVALID_USER_KEY', infocode: '10001' }))
      return
    }
    if (q.get('address') === AMAP_NOT_FOUND) {
      response.end(JSON.stringify({ status: '1', info: 'OK', count: '0', geocodes: [] }))
      return
    }
    const geocode = {
      formatted_address: `上海市浦东新区${q.get('address')}`,
      location: `${AMAP_FOUND.lng},${AMAP_FOUND.lat}`,
      level: '门牌号',
    }
    response.end(JSON.stringify({ status: '1', info: 'OK', count: '1', geocodes: [geocode] }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
