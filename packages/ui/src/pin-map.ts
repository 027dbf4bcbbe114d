import 'leaflet/dist/leaflet.css'
import type { PropType } from 'vue'
import { defineComponent, h, onBeforeUnmount, onMounted, ref, watch } from 'vue'
import { circle, control, divIcon, map as leafletMap, marker, tileLayer } from 'leaflet'
import gcoord from 'gcoord'

export interface LatLng {
  lat: number
  lng: number
}

/** A tile server as the company configured it (`GET …/places/settings`); its maps are in GCJ-02, as China's are. */
export interface MapTiles {
  url: string
  subdomains: string
  maxZoom: number
  attribution: string
}

export interface PinMap {
  /** Moves the pin (and the view) to a place found another way: a district's centre, a geocoded address. */
  moveTo(point: LatLng): void
  /** The area drawn around the pin (a project's service area), in metres; null for none. */
  setRadius(metres: number | null): void
  /** Takes the pin (and its area) off: the form's place was cleared, as for a new record. */
  clear(): void
  /** Redraws for the element's size now (it was laid out while hidden, or changed size). */
  resize(): void
  destroy(): void
}

/**
 * Moves made by the form (a district's centre, a project's area) jump rather than animate: Leaflet ends a zoom
 * animation on a timer that outlives `remove()` (Leaflet#9575), so a form that closes right after moving the map
 * (a customer saved with a project's centre) threw "Cannot read properties of undefined (reading '_leaflet_pos')".
 */
const STILL = { animate: false } as const

/** Coordinates are kept to six decimals (about 10 cm), as the address forms send them. */
const round6 = (n: number) => Math.round(n * 1e6) / 1e6

// An inline pin, so the marker needs no image files resolved by the bundler.
const PIN_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="28" height="36" viewBox="0 0 28 36" aria-hidden="true">' +
  '<path d="M14 0C6.3 0 0 6.2 0 13.9 0 24.3 14 36 14 36s14-11.7 14-22.1C28 6.2 21.7 0 14 0z" fill="#ee0a24"/>' +
  '<circle cx="14" cy="14" r="5.5" fill="#fff"/></svg>'

/**
 * A map with one pin for an exact place: tap the map or drag the pin to move it. Without a pin yet (a new record)
 * it opens on `center` and the first tap sets one. Each move is reported once, in the map's datum (GCJ-02),
 * rounded as the forms send coordinates.
 */
export function createPinMap(
  element: HTMLElement,
  options: {
    tiles: MapTiles
    pin: LatLng | null
    center: LatLng
    onPin: (point: LatLng) => void
    title: string
  },
): PinMap {
  const view = leafletMap(element, { attributionControl: true }).setView(
    options.pin ?? options.center,
    options.pin ? 16 : 13,
  )
  // The tiles' owner is credited; Leaflet's own credit (a flag and a link) is optional under its licence.
  view.attributionControl.setPrefix(false)
  // Distances matter here (a door's place, a service area's radius): a metric scale reads them off the map.
  control.scale({ imperial: false, position: 'bottomleft' }).addTo(view)
  tileLayer(options.tiles.url, {
    subdomains: options.tiles.subdomains,
    maxZoom: options.tiles.maxZoom,
    attribution: options.tiles.attribution,
  }).addTo(view)
  let pin: ReturnType<typeof marker> | null = null
  let area: ReturnType<typeof circle> | null = null
  const report = (at: LatLng) => options.onPin({ lat: round6(at.lat), lng: round6(at.lng) })
  const place = (at: LatLng) => {
    if (pin) pin.setLatLng(at)
    else {
      const placed = marker(at, {
        draggable: true,
        autoPan: true,
        title: options.title,
        icon: divIcon({
          html: PIN_SVG,
          className: 'ds-map-pin',
          iconSize: [28, 36],
          iconAnchor: [14, 36],
        }),
      }).addTo(view)
      placed.on('drag', () => area?.setLatLng(placed.getLatLng()))
      placed.on('dragend', () => report(placed.getLatLng()))
      pin = placed
    }
    area?.setLatLng(at)
  }
  if (options.pin) place(options.pin)
  view.on('click', (event) => {
    place(event.latlng)
    report(event.latlng)
  })
  return {
    moveTo(point) {
      // The pin's own place, as reported, is already where it is: moving there again would only re-centre.
      const at = pin?.getLatLng()
      if (at && round6(at.lat) === point.lat && round6(at.lng) === point.lng) return
      place(point)
      if (area) view.fitBounds(area.getBounds(), STILL)
      else view.setView(point, Math.max(view.getZoom(), 15), STILL)
    },
    setRadius(metres) {
      area?.remove()
      area =
        metres && pin
          ? circle(pin.getLatLng(), {
              radius: metres,
              color: '#1677ff',
              weight: 2,
              fillOpacity: 0.08,
            }).addTo(view)
          : null
      if (area) view.fitBounds(area.getBounds(), STILL)
    },
    clear() {
      pin?.remove()
      pin = null
      area?.remove()
      area = null
    },
    resize() {
      view.invalidateSize()
    },
    destroy() {
      view.remove()
    },
  }
}

/**
 * A phone's own location (WGS-84, as browsers give it) in the datum Doorstep keeps and China's maps draw (GCJ-02):
 * unconverted, a located pin lands a few hundred metres off on the map.
 */
export function fromDevice(point: LatLng): LatLng {
  const [lng, lat] = gcoord.transform<[number, number]>(
    [point.lng, point.lat],
    gcoord.WGS84,
    gcoord.GCJ02,
  )
  return { lat: round6(lat), lng: round6(lng) }
}

/**
 * The pin map as a component for both apps' forms: `v-model` is the pin (a place set from outside moves it; a tap
 * or drag sets it). Mounted once its element exists, removed with it.
 */
export const PinMapView = defineComponent({
  name: 'PinMapView',
  props: {
    /** The pin; null for none yet (the map opens on `center`, the first tap sets it). */
    modelValue: { type: Object as PropType<LatLng | null>, default: null },
    center: { type: Object as PropType<LatLng>, required: true },
    tiles: { type: Object as PropType<MapTiles>, required: true },
    title: { type: String, required: true },
    /** An area to draw around the pin, in km (a project's service area). */
    radiusKm: { type: Number as PropType<number | null>, default: null },
  },
  emits: { 'update:modelValue': (point: LatLng) => typeof point.lat === 'number' },
  setup(props, { emit }) {
    const element = ref<HTMLElement>()
    let view: PinMap | null = null
    // Leaflet measures its element once; a map laid out while hidden (a form section opened later) drew one tile.
    const sized = new ResizeObserver(() => view?.resize())
    const radius = () => (props.radiusKm ? props.radiusKm * 1000 : null)
    onMounted(() => {
      if (!element.value) return
      sized.observe(element.value)
      view = createPinMap(element.value, {
        tiles: props.tiles,
        pin: props.modelValue,
        center: props.center,
        title: props.title,
        onPin: (point) => emit('update:modelValue', point),
      })
      view.setRadius(radius())
    })
    watch(
      () => props.modelValue,
      (point) => {
        if (!point) return void view?.clear()
        view?.moveTo(point)
        view?.setRadius(radius())
      },
    )
    watch(radius, (metres) => view?.setRadius(metres))
    onBeforeUnmount(() => {
      sized.disconnect()
      view?.destroy()
    })
    return () =>
      h('div', {
        ref: element,
        class: 'ds-pin-map',
        style: 'height: 220px; border-radius: 8px; z-index: 0',
        'data-testid': 'pin-map',
      })
  },
})
