import { describe, expect, it } from 'vitest'
import { completedAt, warrantyState } from './warranty.ts'

const done = '2026-03-01T10:00:00.000Z'
const now = new Date('2026-03-10T10:00:00.000Z')

describe('warrantyState', () => {
  it('should be active until the end date, then ended', () => {
    expect(warrantyState('2026-03-31T10:00:00.000Z', now)).toBe('active')
    expect(warrantyState('2026-03-05T10:00:00.000Z', now)).toBe('ended')
  })

  it('should say none for a service without warranty (no end)', () => {
    expect(warrantyState(null, now)).toBe('none')
  })

  it('should take the completion time from the last complete event', () => {
    expect(
      completedAt([
        { event: 'create', at: '2026-02-28T10:00:00.000Z' },
        { event: 'complete', at: done },
      ]),
    ).toBe(done)
    expect(completedAt([{ event: 'create', at: done }])).toBeNull()
  })
})
