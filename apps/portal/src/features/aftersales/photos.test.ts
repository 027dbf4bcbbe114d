import { describe, expect, it } from 'vitest'
import { photoFileProblem, photosNotReady, uploadedIds } from './photos.ts'

describe('photo uploads', () => {
  it('should refuse a file of another type, an empty one or one over 5 MB before sending it', () => {
    expect(photoFileProblem({ type: 'image/heic', size: 1000 })).toBe('aftersales.photos.wrongType')
    expect(photoFileProblem({ type: 'application/pdf', size: 1000 })).toBe(
      'aftersales.photos.wrongType',
    )
    expect(photoFileProblem({ type: 'image/png', size: 0 })).toBe('aftersales.photos.empty')
    expect(photoFileProblem({ type: 'image/jpeg', size: 5 * 1024 * 1024 + 1 })).toBe(
      'aftersales.photos.tooLarge',
    )
    expect(photoFileProblem({ type: 'image/webp', size: 5 * 1024 * 1024 })).toBeNull()
  })

  it('should send only the uploaded photos, in order, and know when one is still going or failed', () => {
    const items = [
      { status: 'done' as const, fileId: 'a' },
      { status: 'failed' as const, message: 'x' },
      { status: 'uploading' as const },
      { status: 'done' as const, fileId: 'b' },
    ]
    expect(uploadedIds(items)).toEqual(['a', 'b'])
    expect(photosNotReady(items)).toBe('aftersales.photos.stillUploading')
    const settled = items.filter((i) => i.status !== 'uploading')
    expect(photosNotReady(settled)).toBe('aftersales.photos.failedRemain')
    expect(photosNotReady(settled.filter((i) => i.status === 'done'))).toBeNull()
  })
})
