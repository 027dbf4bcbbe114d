import { describe, expect, it } from 'vitest'
import { deliveryTag } from './deliveries.ts'

describe('deliveries', () => {
  it('should mark a failed delivery red and one being retried orange', () => {
    expect(deliveryTag('failed')).toBe('danger')
    expect(deliveryTag('pending')).toBe('warning')
    expect(deliveryTag('sent')).toBe('success')
  })
})
