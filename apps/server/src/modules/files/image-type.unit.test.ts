import { describe, expect, it } from 'vitest'
import { imageTypeOf } from './image-type.ts'

const bytes = (...b: number[]) => Uint8Array.from(b)

describe('imageTypeOf', () => {
  it('should know JPEG, PNG and WebP by their signatures', () => {
    expect(imageTypeOf(bytes(0xff, 0xd8, 0xff, 0xe0, 0))).toBe('image/jpeg')
    expect(imageTypeOf(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png')
    expect(imageTypeOf(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp')
  })

  it('should refuse other bytes when they claim to be a picture', () => {
    expect(imageTypeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull()
    expect(imageTypeOf(Buffer.from('GIF89a'))).toBeNull()
    expect(imageTypeOf(Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1'))).toBeNull()
    expect(imageTypeOf(bytes(0x89, 0x50))).toBeNull()
    expect(imageTypeOf(bytes())).toBeNull()
  })
})
