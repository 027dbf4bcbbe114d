import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { haversineMeters } from './haversine.ts'
import type { LatLon } from './haversine.ts'
import { amapProvider, haversineProvider, osrmProvider } from './providers.ts'

// Fake services on 127.0.0.1 answering in the real OSRM / Amap formats; "travel" = 1 s per 10 m.
const meters = (a: LatLon, b: LatLon) => Math.round(haversineMeters(a, b))
const parse = (s: string): LatLon => {
  const [lon = 0, lat = 0] = s.split(',').map(Number)
  return { lat, lon }
}
const seen: { osrm: string[]; amap: string[] } = { osrm: [], amap: [] }
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  res.setHeader('content-type', 'application/json')
  if (url.pathname.startsWith('/table/v1/driving/')) {
    seen.osrm.push(url.pathname)
    const coords = decodeURIComponent(url.pathname.slice('/table/v1/driving/'.length))
      .split(';')
      .map(parse)
    if (coords.length > 10) {
      res.statusCode = 400
      res.end(JSON.stringify({ code: 'TooBig', message: 'Too many table coordinates' }))
      return
    }
    const sources = (url.searchParams.get('sources') ?? '').split(';').map(Number)
    const destinations = (url.searchParams.get('destinations') ?? '').split(';').map(Number)
    const d = sources.map((s) => destinations.map((t) => meters(coords[s]!, coords[t]!)))
    res.end(
      JSON.stringify({
        code: 'Ok',
        durations: d.map((row) => row.map((m) => m / 10)),
        distances: d,
        sources: sources.map((s) => ({ location: [coords[s]!.lon, coords[s]!.lat] })),
        destinations: destinations.map((t) => ({ location: [coords[t]!.lon, coords[t]!.lat] })),
      }),
    )
    return
  }
  if (url.pathname === '/v3/distance') {
    seen.amap.push(url.search)
    if (url.searchParams.get('key') !== 'test-key') {
      res.end(JSON.stringify({ status: '0', info: 'INVALID_USER_KEY', infocode: '10001' }))
      return
    }
    const origins = (url.searchParams.get('origins') ?? '').split('|').map(parse)
    const dest = parse(url.searchParams.get('destination') ?? '')
    res.end(
      JSON.stringify({
        status: '1',
        info: 'OK',
        infocode: '10000',
        count: String(origins.length),
        results: origins.map((o, k) => ({
          origin_id: String(k + 1),
          dest_id: '1',
          distance: String(meters(o, dest)),
          duration: String(Math.round(meters(o, dest) / 10)),
        })),
      }),
    )
    return
  }
  res.statusCode = 404
  res.end('{}')
})
let base = ''
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const points: LatLon[] = Array.from({ length: 13 }, (_, k) => ({
  lat: 31.2 + (k % 5) * 0.01,
  lon: 121.4 + Math.floor(k / 5) * 0.013 + k * 0.001,
}))

describe('travel-time providers', () => {
  it('should estimate haversine × road factor ÷ speed', async () => {
    const m = await haversineProvider({ roadFactor: 1.5, speedKmh: 36 }).matrix(points.slice(0, 2))
    const straight = haversineMeters(points[0]!, points[1]!)
    expect(m.distances[1]).toBe(Math.round(straight * 1.5))
    expect(m.durations[1]).toBe(Math.round((straight * 1.5) / 10))
  })

  it('should batch OSRM table requests under the size limit and cache pairs', async () => {
    seen.osrm.length = 0
    const osrm = osrmProvider({ baseUrl: base, maxLocations: 10 })
    const m = await osrm.matrix(points)
    expect(seen.osrm.length).toBe(9) // 3 × 3 blocks of ≤ 5 points
    expect(m.distances[1 * 13 + 7]).toBe(meters(points[1]!, points[7]!))
    expect(m.durations[12 * 13 + 0]).toBe(meters(points[12]!, points[0]!) / 10)
    await osrm.matrix(points.slice(0, 6))
    expect(osrm.stats().requests).toBe(9) // all from cache
  })

  it('should split Amap requests per destination and by 100 origins', async () => {
    seen.amap.length = 0
    const amap = amapProvider({ key: 'test-key', baseUrl: base, maxOrigins: 5 })
    const m = await amap.matrix(points)
    expect(seen.amap.length).toBe(13 * 3) // 12 origins per destination in chunks of 5
    expect(m.distances[3 * 13 + 9]).toBe(meters(points[3]!, points[9]!))
    await amap.matrix(points)
    expect(amap.stats().requests).toBe(39)
  })

  it('should surface Amap errors with their info code', async () => {
    const amap = amapProvider({ key: 'wrong', baseUrl: base })
    await expect(amap.matrix(points.slice(0, 2))).rejects.toThrow(/INVALID_USER_KEY \(10001\)/)
  })
})
