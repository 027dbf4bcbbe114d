import { haversineKm } from '@doorstep/domain'

/**
 * Where a customer can say they are without a map: the districts of the demo cities with their centre
 * coordinates. A limitation until a map picker exists — the server judges the service area.
 */
export interface District {
  name: string
  lat: number
  lng: number
}
export interface City {
  name: string
  districts: District[]
}

export const CITIES: City[] = [
  {
    name: '上海',
    districts: [
      { name: '浦东新区', lat: 31.2304, lng: 121.544 },
      { name: '徐汇区', lat: 31.1884, lng: 121.4365 },
      { name: '黄浦区', lat: 31.2317, lng: 121.4846 },
      { name: '静安区', lat: 31.2286, lng: 121.459 },
      { name: '长宁区', lat: 31.2204, lng: 121.4244 },
      { name: '闵行区', lat: 31.1128, lng: 121.3817 },
    ],
  },
  {
    name: '北京',
    districts: [
      { name: '朝阳区', lat: 39.9219, lng: 116.4436 },
      { name: '海淀区', lat: 39.9593, lng: 116.2981 },
    ],
  },
]

export function findDistrict(city: string, district: string): District | null {
  return CITIES.find((c) => c.name === city)?.districts.find((d) => d.name === district) ?? null
}

/** Vant Cascader options: city → district. */
export const cascaderOptions = CITIES.map((c) => ({
  text: c.name,
  value: c.name,
  children: c.districts.map((d) => ({ text: d.name, value: d.name })),
}))

/**
 * How far from a district's centre a point may be and still be in it. The presets know centres, not borders, so
 * this is generous: the largest district (浦东新区) reaches about 55 km from its centre. A point beyond it is
 * in another district for certain — usually another city — so the pin and the written area disagree.
 */
export const DISTRICT_REACH_KM = 60

/** Whether a point (the phone's location) is too far from a district to be in it. */
export function farFromDistrict(d: District, point: { lat: number; lng: number }): boolean {
  return haversineKm(d, point) > DISTRICT_REACH_KM
}

/**
 * How the customer can mend a pin "use my location" put in the wrong place (outside every service area, or far
 * from the chosen district): by moving it on the map when there is one, or by the chosen district's centre. With
 * no district chosen yet there is no centre to offer, and nothing to say of a chosen district: the warning only
 * says where the pin is (the map, when there is one, can still move it).
 */
export function locatedFix(p: { districtChosen: boolean; map: boolean }): {
  hint: 'address.locatedFixOnMap' | 'address.locatedFixPin' | 'address.locatedFix' | null
  offerCentre: boolean
} {
  if (p.districtChosen)
    return { hint: p.map ? 'address.locatedFixOnMap' : 'address.locatedFix', offerCentre: true }
  return { hint: p.map ? 'address.locatedFixPin' : null, offerCentre: false }
}
