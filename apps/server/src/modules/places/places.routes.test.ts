/**
 * The address forms' map and geocoder: the settings they read, and a written address turned into coordinates
 * through Amap (a local fake of its Web Service here) or, without a key, left to the map's pin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seeded, Session, TestEnv } from '../../test-support/harness.ts'
import {
  call,
  createTestEnv,
  login,
  loginCustomer,
  seedTenant,
} from '../../test-support/harness.ts'
import { AMAP_NOT_FOUND, startFakeAmap } from '../../test-support/fake-amap.ts'

let amap: Awaited<ReturnType<typeof startFakeAmap>>
let plain: TestEnv
let withAmap: TestEnv
let t: Seeded
let staff: Session
beforeAll(async () => {
  amap = await startFakeAmap()
  const endpoint = amap.endpoint
  plain = await createTestEnv({ env: { DOORSTEP_MAP_TILES: 'off' } })
  withAmap = await createTestEnv({
    env: { DOORSTEP_AMAP_KEY: 'test-key', DOORSTEP_AMAP_ENDPOINT: endpoint },
  })
  t = await seedTenant(withAmap)
  staff = await login(withAmap, t.adminLogin)
})
afterAll(async () => {
  await plain?.close()
  await withAmap?.close()
  await amap?.close()
})

describe('places', () => {
  it('should tell the forms which map and geocoder to use', async () => {
    const settings = (await call(withAmap, staff, 'GET', '/api/v1/places/settings')).json()
    expect(settings).toEqual({
      geocoder: 'amap',
      tiles: {
        url: expect.stringContaining('{x}') as unknown,
        subdomains: '1234',
        maxZoom: 18,
        attribution: '© 高德地图 AutoNavi',
      },
    })
    const customer = await loginCustomer(withAmap, t, '13700002222')
    expect(
      (await call(withAmap, customer, 'GET', '/api/v1/portal/places/settings')).json(),
    ).toEqual(settings)
    const p = await seedTenant(plain)
    const admin = await login(plain, p.adminLogin)
    expect((await call(plain, admin, 'GET', '/api/v1/places/settings')).json()).toEqual({
      geocoder: 'none',
      tiles: null,
    })
    expect(
      (await call(plain, admin, 'GET', '/api/v1/geocode?city=上海&address=张杨路 500 号')).json(),
    ).toEqual({ provider: 'none', result: null })
  })

  it('should find a written address through Amap, and say when it finds nothing', async () => {
    const found = await call(
      withAmap,
      staff,
      'GET',
      `/api/v1/geocode?city=${encodeURIComponent('上海')}&address=${encodeURIComponent('张杨路 500 号')}`,
    )
    expect(found.json()).toEqual({
      provider: 'amap',
      result: {
        location: { lat: 31.221461, lng: 121.544346 },
        formatted: '上海市浦东新区张杨路 500 号',
        level: '门牌号',
      },
    })
    const none = await call(
      withAmap,
      staff,
      'GET',
      `/api/v1/geocode?city=${encodeURIComponent('上海')}&address=${encodeURIComponent(AMAP_NOT_FOUND)}`,
    )
    expect(none.json()).toEqual({ provider: 'amap', result: null })
    const bad = await call(withAmap, staff, 'GET', '/api/v1/geocode?city=&address=x')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'query.city',
      'query.address',
    ])
  })
})
