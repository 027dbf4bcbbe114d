import { describe, expect, it } from 'vitest'
import { deliveryTag, isUuid } from './deliveries.ts'

describe('deliveries', () => {
  it('should mark a failed delivery red and one being retried orange', () => {
    expect(deliveryTag('failed')).toBe('danger')
    expect(deliveryTag('pending')).toBe('warning')
    expect(deliveryTag('sent')).toBe('success')
  })
  it('should filter by customer only once a whole id is typed', () => {
    expect(isUuid('0194f2a0-1b2c-7d3e-8f40-123456789abc')).toBe(true)
    expect(isUuid('0194f2a0')).toBe(false)
  })
})
