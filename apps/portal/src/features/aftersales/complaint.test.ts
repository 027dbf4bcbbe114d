import { describe, expect, it } from 'vitest'
import { COMPLAINT_STATUSES, complaintEvents } from '@doorstep/domain'
import { canConfirm, complaintStage, complaintTag, validateComplaint } from './complaint.ts'

describe('validateComplaint', () => {
  it('should ask for a category and a description of at least 5 characters', () => {
    expect(validateComplaint({ category: null, description: ' 太差 ', photos: [] })).toEqual({
      category: 'aftersales.complaint.errors.category',
      description: 'aftersales.complaint.errors.descriptionShort',
    })
  })

  it('should accept a category, a description and uploaded photos', () => {
    expect(
      validateComplaint({
        category: 'damage',
        description: '擦坏了茶几的漆面',
        photos: ['01900000-0000-7000-8000-000000000001'],
      }),
    ).toEqual({})
  })

  it('should refuse a description over 2000 characters', () => {
    expect(
      validateComplaint({ category: 'other', description: '字'.repeat(2001), photos: [] })
        .description,
    ).toBe('aftersales.complaint.errors.descriptionLong')
  })
})

describe('complaint progress', () => {
  it('should never go back as the complaint moves forward', () => {
    const stages = COMPLAINT_STATUSES.map(complaintStage)
    expect(stages).toEqual([...stages].sort((a, b) => a - b))
    for (const s of COMPLAINT_STATUSES) expect(complaintTag(s)).toBeTruthy()
  })

  it('should offer confirmation exactly where the state machine takes it', () => {
    for (const s of COMPLAINT_STATUSES)
      expect(canConfirm({ allowedEvents: complaintEvents(s) })).toBe(
        s === 'resolved' || s === 'followed_up',
      )
  })
})
