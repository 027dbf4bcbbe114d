import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { imageTypeOf } from './image-type.ts'
import {
  DamagedImageError,
  exifOrientation,
  orientationOnlyTiff,
  stripMetadata,
} from './image-metadata.ts'

// Real images, drawn by Chromium on a 2×1 canvas (red, blue) and cut to their essentials.
/** JPEG: SOI, APP0 JFIF, then DQT ×2, SOF0, DHT ×4, SOS, the scan and EOI. */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAABAAIDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAZEAEAAgMAAAAAAAAAAAAAAAAAAQIDM3L/xAAVAQEBAAAAAAAAAAAAAAAAAAADBv/EABoRAAICAwAAAAAAAAAAAAAAAAABA3ECMjP/2gAMAwEAAhEDEQA/AI3Ltv1ICsi540gpd3Z//9k=',
  'base64',
)
const JFIF_END = 20 // SOI (2) + APP0 (18)
/** PNG: signature, IHDR, IDAT, IEND. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEklEQVR4AWI6w8Dwn4HhzH8AAAAA//+B1Cg5AAAABklEQVQDAA4NA5n8m/ctAAAAAElFTkSuQmCC',
  'base64',
)
/** The lossy bitstream of a 2×1 WebP (the payload of its `VP8 ` chunk). */
const VP8 = Buffer.from(
  'kAEAnQEqAgABAALATCWgAnS6AAOYAP71BQMbr/lyOOBrS5HHA1vqRhi7H/amCSMdAAA=',
  'base64',
)

const ascii = (s: string) => Buffer.from(s, 'latin1')

/** A GPS position as EXIF rationals (degrees, minutes, seconds × 100): 31°13'43.21" N, 121°28'29.87" E. */
const LATITUDE = [31, 1, 13, 1, 4321, 100]
const LONGITUDE = [121, 1, 28, 1, 2987, 100]

/**
 * EXIF as a phone writes it (little-endian TIFF): IFD0 with Make, Orientation and a pointer to the GPS IFD,
 * which holds both references and both positions.
 */
function phoneExif(orientation: number): Buffer {
  const t = Buffer.alloc(200)
  t.write('II', 0, 'latin1')
  t.writeUInt16LE(42, 2)
  t.writeUInt32LE(8, 4)
  let at = 8
  const entry = (tag: number, type: number, count: number, value: (field: number) => void) => {
    t.writeUInt16LE(tag, at)
    t.writeUInt16LE(type, at + 2)
    t.writeUInt32LE(count, at + 4)
    value(at + 8)
    at += 12
  }
  // IFD0: 3 entries, then next-IFD 0; data area from 8 + 2 + 36 + 4 = 50.
  t.writeUInt16LE(3, at)
  at += 2
  entry(0x010f, 2, 6, (f) => t.writeUInt32LE(50, f)) // Make → "Apple\0" at 50
  entry(0x0112, 3, 1, (f) => t.writeUInt16LE(orientation, f))
  entry(0x8825, 4, 1, (f) => t.writeUInt32LE(56, f)) // GPS IFD at 56
  t.writeUInt32LE(0, at)
  t.write('Apple\0', 50, 'latin1')
  // GPS IFD at 56: 4 entries (2 + 48 + 4 = 54 bytes), rationals from 110.
  at = 56
  t.writeUInt16LE(4, at)
  at += 2
  entry(0x0001, 2, 2, (f) => t.write('N\0', f, 'latin1'))
  entry(0x0002, 5, 3, (f) => t.writeUInt32LE(110, f))
  entry(0x0003, 2, 2, (f) => t.write('E\0', f, 'latin1'))
  entry(0x0004, 5, 3, (f) => t.writeUInt32LE(134, f))
  t.writeUInt32LE(0, at)
  LATITUDE.forEach((v, k) => t.writeUInt32LE(v, 110 + k * 4))
  LONGITUDE.forEach((v, k) => t.writeUInt32LE(v, 134 + k * 4))
  return t.subarray(0, 158)
}
const latitudeBytes = () => {
  const b = Buffer.alloc(24)
  LATITUDE.forEach((v, k) => b.writeUInt32LE(v, k * 4))
  return b
}
const XMP = ascii(
  'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description exif:GPSLatitude="31,13.72N" exif:GPSLongitude="121,28.5E"/></x:xmpmeta>',
)

/** A JPEG segment: FF marker, length, payload. */
function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4)
  head.writeUInt16BE(0xff00 | marker, 0)
  head.writeUInt16BE(payload.length + 2, 2)
  return Buffer.concat([head, payload])
}
const ICC_SEGMENT = segment(
  0xe2,
  Buffer.concat([ascii('ICC_PROFILE\0'), Buffer.of(1, 1), ascii('fake profile')]),
)

/** A PNG chunk with its CRC. */
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}
/** The chunks of a PNG, checking every CRC. */
function pngChunks(png: Buffer): Array<{ type: string; data: Buffer }> {
  const out = []
  for (let i = 8; i < png.length;) {
    const length = png.readUInt32BE(i)
    const type = png.toString('latin1', i + 4, i + 8)
    const data = png.subarray(i + 8, i + 8 + length)
    expect(png.readUInt32BE(i + 8 + length), `CRC of ${type}`).toBe(
      crc32(png.subarray(i + 4, i + 8 + length)),
    )
    out.push({ type, data })
    i += 12 + length
  }
  return out
}
const pngPart = (type: string) => {
  const found = pngChunks(PNG).find((c) => c.type === type)!
  return chunk(type, found.data)
}

/** A RIFF chunk, padded to an even length. */
function riff(fourcc: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.write(fourcc, 0, 'latin1')
  head.writeUInt32LE(data.length, 4)
  return Buffer.concat([head, data, Buffer.alloc(data.length % 2)])
}
function webp(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat(chunks)
  const head = Buffer.alloc(12)
  head.write('RIFF', 0, 'latin1')
  head.writeUInt32LE(body.length + 4, 4)
  head.write('WEBP', 8, 'latin1')
  return Buffer.concat([head, body])
}
/** VP8X for a 2×1 canvas with these flags (ICC 0x20, EXIF 0x08, XMP 0x04). */
const vp8x = (flags: number) => {
  const data = Buffer.alloc(10)
  data[0] = flags
  data.writeUIntLE(1, 4, 3) // width - 1
  data.writeUIntLE(0, 7, 3) // height - 1
  return riff('VP8X', data)
}
function webpChunks(file: Buffer): Array<{ fourcc: string; data: Buffer }> {
  expect(file.readUInt32LE(4)).toBe(file.length - 8)
  const out = []
  for (let i = 12; i < file.length;) {
    const length = file.readUInt32LE(i + 4)
    out.push({
      fourcc: file.toString('latin1', i, i + 4),
      data: file.subarray(i + 8, i + 8 + length),
    })
    i += 8 + length + (length % 2)
  }
  return out
}

describe('photo metadata', () => {
  it('should drop EXIF with its GPS, XMP, IPTC, comments, MPF and a trailer from a JPEG, keeping its orientation', () => {
    const rest = JPEG.subarray(JFIF_END)
    const uploaded = Buffer.concat([
      JPEG.subarray(0, JFIF_END),
      segment(0xe1, Buffer.concat([ascii('Exif\0\0'), phoneExif(6)])),
      segment(0xe1, XMP),
      ICC_SEGMENT,
      segment(0xe2, Buffer.concat([ascii('MPF\0'), Buffer.alloc(16)])),
      segment(0xed, ascii('Photoshop 3.0\x008BIM\x04\x04 Sublocation: Room 1201')),
      segment(0xfe, ascii('taken at home')),
      rest,
      // A secondary image after EOI, with EXIF of its own (what MPF points to).
      JPEG.subarray(0, 2),
      segment(0xe1, Buffer.concat([ascii('Exif\0\0'), phoneExif(1)])),
    ])
    const stripped = stripMetadata(uploaded, 'image/jpeg')

    const orientationOnly = segment(
      0xe1,
      Buffer.concat([ascii('Exif\0\0'), orientationOnlyTiff(6)]),
    )
    expect(
      stripped.equals(
        Buffer.concat([JPEG.subarray(0, JFIF_END), orientationOnly, ICC_SEGMENT, rest]),
      ),
    ).toBe(true)
    expect(stripped.includes(latitudeBytes())).toBe(false)
    for (const word of ['Apple', 'GPS', 'Photoshop', 'Room', 'MPF', 'home'])
      expect(stripped.includes(ascii(word)), word).toBe(false)
    expect(exifOrientation(orientationOnly.subarray(4))).toBe(6)
    expect(imageTypeOf(stripped)).toBe('image/jpeg')
  })

  it('should leave a JPEG without metadata as it was, and write no EXIF for an upright photo', () => {
    expect(stripMetadata(JPEG, 'image/jpeg').equals(JPEG)).toBe(true)
    const upright = Buffer.concat([
      JPEG.subarray(0, 2),
      segment(0xe1, Buffer.concat([ascii('Exif\0\0'), phoneExif(1)])),
      JPEG.subarray(2),
    ])
    expect(stripMetadata(upright, 'image/jpeg').equals(JPEG)).toBe(true)
  })

  it('should keep stuffed bytes and restarts of the scan, and drop metadata between scans', () => {
    const sos = JPEG.indexOf(Buffer.of(0xff, 0xda))
    const scanStart = sos + 2 + JPEG.readUInt16BE(sos + 2)
    const headers = JPEG.subarray(0, scanStart)
    const scan = Buffer.of(0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0x78)
    const secondScan = Buffer.concat([JPEG.subarray(sos, scanStart), Buffer.of(0x9a)])
    const between = segment(0xe1, Buffer.concat([ascii('Exif\0\0'), phoneExif(3)]))
    const uploaded = Buffer.concat([headers, scan, between, secondScan, Buffer.of(0xff, 0xd9)])
    expect(
      stripMetadata(uploaded, 'image/jpeg').equals(
        Buffer.concat([
          headers.subarray(0, JFIF_END),
          segment(0xe1, Buffer.concat([ascii('Exif\0\0'), orientationOnlyTiff(3)])),
          headers.subarray(JFIF_END),
          scan,
          secondScan,
          Buffer.of(0xff, 0xd9),
        ]),
      ),
    ).toBe(true)
  })

  it('should drop text, eXIf, tIME and private chunks from a PNG, keeping colour, pixel size and orientation', () => {
    const uploaded = Buffer.concat([
      PNG.subarray(0, 8),
      pngPart('IHDR'),
      chunk('tEXt', ascii('Comment\0shot at 31.2286N 121.4750E')),
      chunk(
        'zTXt',
        Buffer.concat([ascii('Raw profile type exif\0'), Buffer.of(0), Buffer.alloc(8)]),
      ),
      chunk('iTXt', Buffer.concat([ascii('XML:com.adobe.xmp\0\0\0\0\0'), XMP])),
      chunk('eXIf', phoneExif(8)),
      chunk('tIME', Buffer.of(0x07, 0xea, 5, 1, 12, 0, 0)),
      chunk('sRGB', Buffer.of(0)),
      chunk('pHYs', Buffer.of(0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1)),
      chunk('vpAg', Buffer.alloc(9)),
      pngPart('IDAT'),
      pngPart('IEND'),
      ascii('trailing bytes: 31.2286N'),
    ])
    const stripped = stripMetadata(uploaded, 'image/png')
    expect(pngChunks(stripped).map((c) => c.type)).toEqual([
      'IHDR',
      'sRGB',
      'pHYs',
      'eXIf',
      'IDAT',
      'IEND',
    ])
    expect(exifOrientation(pngChunks(stripped).find((c) => c.type === 'eXIf')!.data)).toBe(8)
    expect(stripped.includes(latitudeBytes())).toBe(false)
    for (const word of ['Comment', 'xmp', 'Apple', '31.2286'])
      expect(stripped.includes(ascii(word)), word).toBe(false)
    expect(stripMetadata(PNG, 'image/png').equals(PNG)).toBe(true)
  })

  it('should drop EXIF and XMP from a WebP, clearing their flags, keeping the ICC profile and orientation', () => {
    const icc = riff('ICCP', ascii('fake profile'))
    const image = riff('VP8 ', VP8)
    const xmp = riff('XMP ', Buffer.concat([XMP, ascii('!')])) // odd length: padded
    const uploaded = webp(vp8x(0x2c), icc, image, riff('EXIF', phoneExif(6)), xmp)

    const stripped = stripMetadata(uploaded, 'image/webp')
    const chunks = webpChunks(stripped)
    expect(chunks.map((c) => c.fourcc)).toEqual(['VP8X', 'ICCP', 'VP8 ', 'EXIF'])
    expect(chunks[0]!.data[0]).toBe(0x28) // ICC and EXIF, no XMP
    expect(chunks[2]!.data.equals(VP8)).toBe(true)
    expect(exifOrientation(chunks[3]!.data)).toBe(6)
    expect(stripped.includes(latitudeBytes())).toBe(false)
    expect(stripped.includes(ascii('Apple'))).toBe(false)
    expect(stripped.includes(ascii('GPS'))).toBe(false)

    const upright = stripMetadata(
      webp(vp8x(0x0c), image, riff('EXIF', phoneExif(1)), xmp),
      'image/webp',
    )
    expect(upright.equals(webp(vp8x(0), image))).toBe(true)
    const simple = webp(image)
    expect(
      stripMetadata(Buffer.concat([simple, ascii('trailer')]), 'image/webp').equals(simple),
    ).toBe(true)
  })

  it('should refuse an image whose structure does not add up rather than keep its metadata', () => {
    const cut = Buffer.concat([JPEG.subarray(0, 2), segment(0xe1, phoneExif(6)).subarray(0, 40)])
    expect(() => stripMetadata(cut, 'image/jpeg')).toThrow(DamagedImageError)
    expect(() => stripMetadata(Buffer.of(0xff, 0xd8, 0x00), 'image/jpeg')).toThrow(
      DamagedImageError,
    )
    expect(() => stripMetadata(PNG.subarray(0, 40), 'image/png')).toThrow(DamagedImageError)
    const long = webp(riff('VP8 ', VP8))
    long.writeUInt32LE(long.length + 100, 4)
    expect(() => stripMetadata(long, 'image/webp')).toThrow(DamagedImageError)
  })

  it('should refuse headers with no picture: a JPEG without a scan, a PNG without IDAT, a WebP without a bitstream', () => {
    expect(() => stripMetadata(Buffer.of(0xff, 0xd8, 0xff, 0xd9), 'image/jpeg')).toThrow(
      'JPEG without a scan',
    )
    const app0 = segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'))
    expect(() =>
      stripMetadata(
        Buffer.concat([JPEG.subarray(0, 2), app0, Buffer.of(0xff, 0xd9)]),
        'image/jpeg',
      ),
    ).toThrow('JPEG without a scan')
    const noIdat = Buffer.concat([PNG.subarray(0, 8), pngPart('IHDR'), pngPart('IEND')])
    expect(() => stripMetadata(noIdat, 'image/png')).toThrow('PNG without IDAT')
    expect(() => stripMetadata(webp(), 'image/webp')).toThrow('WebP without image data')
    expect(() =>
      stripMetadata(webp(vp8x(0x20), riff('ICCP', Buffer.alloc(4))), 'image/webp'),
    ).toThrow('WebP without image data')
    expect(stripMetadata(webp(riff('VP8 ', VP8)), 'image/webp').length).toBeGreaterThan(12)
  })

  it('should read the orientation of either byte order and ignore a malformed one', () => {
    expect(exifOrientation(phoneExif(7))).toBe(7)
    expect(exifOrientation(orientationOnlyTiff(5))).toBe(5)
    expect(exifOrientation(Buffer.concat([ascii('Exif\0\0'), phoneExif(2)]))).toBe(2)
    expect(exifOrientation(phoneExif(9))).toBeNull()
    expect(exifOrientation(phoneExif(6).subarray(0, 20))).toBeNull()
    expect(exifOrientation(ascii('not a tiff at all'))).toBeNull()
  })
})
