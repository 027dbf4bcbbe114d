import { describe, expect, it } from 'vitest'
import { timeCursor, timeCursorOf } from './paging.ts'

const id = '01a24c00-9b9f-720f-955e-060684f0fe7c'

describe('time cursors', () => {
  it('should read back what it writes', () => {
    const at = new Date('2026-12-06T08:00:00Z')
    expect(timeCursor(timeCursorOf(at, id))).toEqual({ at, id })
  })

  it('should refuse a time no list holds (before 1970, after 9999), or not a whole number, as an invalid cursor', () => {
    const after9999 = String(Date.UTC(10_000, 0, 1))
    for (const ms of [
      '8640000000000000',
      '-99999999999999',
      '-1',
      after9999,
      '1.5',
      '1e3',
      '',
      'abc',
    ])
      expect(() => timeCursor(`${ms}_${id}`), ms).toThrow(
        expect.objectContaining({ code: 'INVALID_CURSOR' }),
      )
  })
})
