import { describe, expect, it } from 'vitest'
import { photoFileProblem } from './photos.ts'

describe('complaint photo uploads', () => {
  it('should take JPEG, PNG and WebP up to 5 MB, and nothing else', () => {
    expect(photoFileProblem({ type: 'image/jpeg', size: 5 * 1024 * 1024 })).toBeNull()
    expect(photoFileProblem({ type: 'image/gif', size: 100 })).toBe('complaints.photoWrongType')
    expect(photoFileProblem({ type: 'image/png', size: 5 * 1024 * 1024 + 1 })).toBe(
      'complaints.photoTooLarge',
    )
  })
})
