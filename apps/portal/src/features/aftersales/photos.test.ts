import { describe, expect, it } from 'vitest'
import { isPhotoUrl, photoProblem } from './photos.ts'

describe('photo links', () => {
  it('should take http and https links only', () => {
    expect(isPhotoUrl('https://img.example.com/a.jpg')).toBe(true)
    expect(isPhotoUrl(' http://img.example.com/a.jpg ')).toBe(true)
    expect(isPhotoUrl('data:image/png;base64,AAAA')).toBe(false)
    expect(isPhotoUrl('not a link')).toBe(false)
    expect(isPhotoUrl(`https://x.example/${'a'.repeat(500)}`)).toBe(false)
  })

  it('should refuse a tenth photo and the same link twice', () => {
    const nine = Array.from({ length: 9 }, (_, i) => `https://x.example/${i}.jpg`)
    expect(photoProblem(nine, 'https://x.example/new.jpg')).toBe('aftersales.photos.tooMany')
    expect(photoProblem(['https://x.example/1.jpg'], 'https://x.example/1.jpg')).toBe(
      'aftersales.photos.duplicate',
    )
    expect(photoProblem([], 'https://x.example/1.jpg')).toBeNull()
  })
})
