import { crc32 } from 'node:zlib'
import type { ImageType } from '@doorstep/contracts'

/**
 * Removes what a photo says about where, when and with what it was taken (EXIF with its GPS position, XMP,
 * IPTC, comments, text chunks, maker notes, embedded thumbnails and secondary images), keeping only what a
 * viewer needs to draw it as the customer saw it: the image data, its colour profile, and the EXIF
 * orientation, rewritten as a new EXIF block that holds nothing else. Pure: bytes in, bytes out; no decoding,
 * so the pixels are exactly the ones uploaded.
 *
 * Whitelists rather than blacklists: a segment or chunk not known to be needed for display is dropped, so a
 * vendor's new metadata box cannot slip through. Bytes whose structure does not add up throw
 * `DamagedImageError` (the upload is refused, never stored with its metadata).
 */
export function stripMetadata(bytes: Buffer, type: ImageType): Buffer {
  switch (type) {
    case 'image/jpeg':
      return stripJpeg(bytes)
    case 'image/png':
      return stripPng(bytes)
    case 'image/webp':
      return stripWebp(bytes)
  }
}

export class DamagedImageError extends Error {
  constructor(what: string) {
    super(`damaged image: ${what}`)
  }
}

const ascii = (text: string) => Buffer.from(text, 'latin1')
const startsWith = (bytes: Buffer, prefix: Buffer) =>
  bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix)

// ---------------------------------------------------------------------------------------------- EXIF (TIFF)

const ORIENTATION_TAG = 0x0112
const SHORT = 3
const EXIF_HEADER = ascii('Exif\0\0')

/** The EXIF orientation (1–8) of a TIFF block (`II`/`MM` …), or null when it has none or is unreadable. */
export function exifOrientation(tiff: Buffer): number | null {
  if (startsWith(tiff, EXIF_HEADER)) tiff = tiff.subarray(EXIF_HEADER.length)
  if (tiff.length < 8) return null
  const order = tiff.toString('latin1', 0, 2)
  if (order !== 'II' && order !== 'MM') return null
  const little = order === 'II'
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at))
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at))
  if (u16(2) !== 42) return null
  const ifd = u32(4)
  if (ifd < 8 || ifd + 2 > tiff.length) return null
  const count = u16(ifd)
  for (let n = 0; n < count; n++) {
    const entry = ifd + 2 + n * 12
    if (entry + 12 > tiff.length) return null
    if (u16(entry) !== ORIENTATION_TAG) continue
    if (u16(entry + 2) !== SHORT || u32(entry + 4) < 1) return null
    const value = u16(entry + 8)
    return value >= 1 && value <= 8 ? value : null
  }
  return null
}

/** A TIFF block holding the orientation and nothing else: `MM`, one IFD of one SHORT entry. */
export function orientationOnlyTiff(orientation: number): Buffer {
  const tiff = Buffer.alloc(26)
  tiff.write('MM', 0, 'latin1')
  tiff.writeUInt16BE(42, 2)
  tiff.writeUInt32BE(8, 4) // IFD0 right after the header
  tiff.writeUInt16BE(1, 8) // one entry
  tiff.writeUInt16BE(ORIENTATION_TAG, 10)
  tiff.writeUInt16BE(SHORT, 12)
  tiff.writeUInt32BE(1, 14) // count
  tiff.writeUInt16BE(orientation, 18) // value, left-justified in the 4-byte field
  tiff.writeUInt32BE(0, 22) // no next IFD
  return tiff
}

/** The orientation worth keeping: a turn or mirror; 1 (as stored) needs no EXIF at all. */
const turned = (orientation: number | null): orientation is number =>
  orientation !== null && orientation !== 1

// ---------------------------------------------------------------------------------------------------- JPEG

const SOI = Buffer.of(0xff, 0xd8)
const EOI = Buffer.of(0xff, 0xd9)
const SOS = 0xda
const COM = 0xfe
const APP0 = 0xe0
const APP1 = 0xe1
const APP2 = 0xe2
const APP14 = 0xee
const APP15 = 0xef

/** APPn segments a decoder needs: JFIF (pixel density, YCbCr), the ICC profile, Adobe's colour transform. */
function keepApp(marker: number, data: Buffer): boolean {
  if (marker === APP0) return startsWith(data, ascii('JFIF\0'))
  if (marker === APP2) return startsWith(data, ascii('ICC_PROFILE\0'))
  if (marker === APP14) return startsWith(data, ascii('Adobe'))
  return false
}

const isRestart = (marker: number) => marker >= 0xd0 && marker <= 0xd7

function stripJpeg(b: Buffer): Buffer {
  if (!startsWith(b, SOI)) throw new DamagedImageError('JPEG without SOI')
  const kept: Buffer[] = [SOI]
  let orientation: number | null = null
  let exifSeen = false
  // Where the orientation goes: first after SOI, or after a JFIF APP0 there (JFIF wants to lead).
  let exifAt = 1
  let scanned = false
  let i = 2
  for (;;) {
    if (i >= b.length) {
      // The data ran out before EOI (a photo cut short): close it, as decoders would.
      kept.push(EOI)
      break
    }
    if (b[i] !== 0xff) throw new DamagedImageError(`JPEG: no marker at ${i}`)
    let m = i + 1
    while (m < b.length && b[m] === 0xff) m++ // fill bytes
    if (m >= b.length) throw new DamagedImageError('JPEG ends in fill bytes')
    const marker = b[m]!
    if (marker === 0xd9) {
      // EOI. Whatever follows (MPF secondary images, vendor trailers with their own EXIF) is dropped.
      kept.push(EOI)
      break
    }
    if (isRestart(marker) || marker === 0x01) {
      kept.push(Buffer.of(0xff, marker))
      i = m + 1
      continue
    }
    if (m + 3 > b.length) throw new DamagedImageError('JPEG segment header cut short')
    const length = b.readUInt16BE(m + 1)
    const end = m + 1 + length
    if (length < 2 || end > b.length) throw new DamagedImageError(`JPEG segment length at ${m}`)
    const data = b.subarray(m + 3, end)
    if (marker >= APP0 && marker <= APP15) {
      if (keepApp(marker, data)) {
        kept.push(Buffer.of(0xff, marker), b.subarray(m + 1, end))
        if (marker === APP0 && kept.length === 3) exifAt = 3
      } else if (marker === APP1 && !exifSeen && startsWith(data, EXIF_HEADER)) {
        orientation = exifOrientation(data)
        exifSeen = true
      }
    } else if (marker !== COM) {
      kept.push(Buffer.of(0xff, marker), b.subarray(m + 1, end))
    }
    i = end
    if (marker === SOS) {
      scanned = true
      // Entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a restart.
      let j = i
      while (j < b.length) {
        if (b[j] === 0xff && j + 1 < b.length && b[j + 1] !== 0x00 && !isRestart(b[j + 1]!)) break
        j++
      }
      kept.push(b.subarray(i, j))
      i = j
    }
  }
  // Headers alone would be stored and shown as a broken picture.
  if (!scanned) throw new DamagedImageError('JPEG without a scan')
  if (turned(orientation)) {
    const payload = Buffer.concat([EXIF_HEADER, orientationOnlyTiff(orientation)])
    const header = Buffer.alloc(4)
    header.writeUInt16BE(0xff00 | APP1, 0)
    header.writeUInt16BE(payload.length + 2, 2)
    kept.splice(exifAt, 0, header, payload)
  }
  return Buffer.concat(kept)
}

// ----------------------------------------------------------------------------------------------------- PNG

const PNG_SIGNATURE = Buffer.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)

/**
 * Chunks that change what is drawn: critical ones, transparency, colour (gamma, chromaticities, sRGB, ICC,
 * cICP and HDR mastering), significant bits, background, pixel size, and APNG animation. Not text (tEXt,
 * zTXt, iTXt), eXIf, tIME, sPLT or any private chunk.
 */
const PNG_DISPLAY_CHUNKS = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'cICP',
  'mDCv',
  'cLLi',
  'sBIT',
  'bKGD',
  'hIST',
  'pHYs',
  'acTL',
  'fcTL',
  'fdAT',
])

/** A PNG chunk: its length, type, data and CRC (also what tests build their images from). */
export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

function stripPng(b: Buffer): Buffer {
  if (!startsWith(b, PNG_SIGNATURE)) throw new DamagedImageError('PNG without signature')
  const kept: Buffer[] = [PNG_SIGNATURE]
  let orientation: number | null = null
  let firstIdat = -1
  let i = PNG_SIGNATURE.length
  for (;;) {
    if (i + 12 > b.length) throw new DamagedImageError('PNG without IEND')
    const length = b.readUInt32BE(i)
    const type = b.toString('latin1', i + 4, i + 8)
    const end = i + 12 + length
    if (end > b.length) throw new DamagedImageError(`PNG chunk ${type} cut short`)
    if (type === 'eXIf' && orientation === null) {
      orientation = exifOrientation(b.subarray(i + 8, i + 8 + length))
    }
    if (PNG_DISPLAY_CHUNKS.has(type)) {
      if (type === 'IDAT' && firstIdat < 0) firstIdat = kept.length
      kept.push(b.subarray(i, end))
    }
    i = end
    // Anything after IEND is not part of the image.
    if (type === 'IEND') break
  }
  if (firstIdat < 0) throw new DamagedImageError('PNG without IDAT')
  // eXIf is only honoured before the image data.
  if (turned(orientation))
    kept.splice(firstIdat, 0, pngChunk('eXIf', orientationOnlyTiff(orientation)))
  return Buffer.concat(kept)
}

// ---------------------------------------------------------------------------------------------------- WebP

/** The image itself, its alpha, animation and ICC profile; not EXIF, XMP or unknown chunks. */
const WEBP_DISPLAY_CHUNKS = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP'])
/** A still image's bitstream or an animation's frame: a WebP without one has nothing to show. */
const WEBP_IMAGE_CHUNKS = new Set(['VP8 ', 'VP8L', 'ANMF'])
const VP8X_EXIF = 0x08
const VP8X_XMP = 0x04

function riffChunk(fourcc: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.write(fourcc, 0, 'latin1')
  head.writeUInt32LE(data.length, 4)
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)])
}

function stripWebp(b: Buffer): Buffer {
  if (
    b.length < 12 ||
    b.toString('latin1', 0, 4) !== 'RIFF' ||
    b.toString('latin1', 8, 12) !== 'WEBP'
  )
    throw new DamagedImageError('WebP without RIFF header')
  // The RIFF size bounds the file; bytes past it are not part of the image.
  const riffEnd = 8 + b.readUInt32LE(4)
  if (riffEnd > b.length) throw new DamagedImageError('WebP cut short')
  const kept: Array<{ fourcc: string; data: Buffer }> = []
  let vp8x: Buffer | null = null
  let orientation: number | null = null
  let i = 12
  while (i < riffEnd) {
    if (i + 8 > riffEnd) throw new DamagedImageError('WebP chunk header cut short')
    const fourcc = b.toString('latin1', i, i + 4)
    const length = b.readUInt32LE(i + 4)
    const end = i + 8 + length
    if (end > riffEnd) throw new DamagedImageError(`WebP chunk ${fourcc} cut short`)
    const data = b.subarray(i + 8, end)
    if (fourcc === 'EXIF' && orientation === null) orientation = exifOrientation(data)
    if (fourcc === 'VP8X') {
      if (length < 10 || vp8x) throw new DamagedImageError('WebP VP8X')
      vp8x = Buffer.from(data) // a copy: its flags change below
      kept.push({ fourcc, data: vp8x })
    } else if (WEBP_DISPLAY_CHUNKS.has(fourcc)) {
      kept.push({ fourcc, data })
    }
    i = end + (length % 2)
  }
  if (!kept.some((c) => WEBP_IMAGE_CHUNKS.has(c.fourcc)))
    throw new DamagedImageError('WebP without image data')
  const keepExif = vp8x !== null && turned(orientation)
  if (vp8x) vp8x[0] = (vp8x[0]! & ~(VP8X_EXIF | VP8X_XMP)) | (keepExif ? VP8X_EXIF : 0)
  // EXIF comes after the image data, as the container specification orders it.
  if (keepExif) kept.push({ fourcc: 'EXIF', data: orientationOnlyTiff(orientation!) })
  const body = Buffer.concat(kept.map((c) => riffChunk(c.fourcc, c.data)))
  const head = Buffer.alloc(12)
  head.write('RIFF', 0, 'latin1')
  head.writeUInt32LE(body.length + 4, 4)
  head.write('WEBP', 8, 'latin1')
  return Buffer.concat([head, body])
}
