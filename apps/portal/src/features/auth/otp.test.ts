import { describe, expect, it } from 'vitest'
import { CODE_RE, PHONE_RE, attemptsLeft, retryAfter, safeRedirect } from './otp.ts'

describe('sign-in helpers', () => {
  it('should accept mainland mobile numbers and 6-digit codes', () => {
    expect(PHONE_RE.test('13912345678')).toBe(true)
    expect(PHONE_RE.test('12912345678')).toBe(false)
    expect(CODE_RE.test('012345')).toBe(true)
    expect(CODE_RE.test('12345')).toBe(false)
  })
  it('should read attemptsLeft wherever the problem carries it', () => {
    expect(attemptsLeft({ problem: { type: 'x', title: 't', status: 422, code: 'OTP_INVALID', attemptsLeft: 3 } })).toBe(3)
    expect(attemptsLeft({ problem: null })).toBeNull()
    expect(retryAfter({ problem: { type: 'x', title: 't', status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 42 } })).toBe(42)
  })
  it('should only redirect inside the portal', () => {
    expect(safeRedirect('/booking/1')).toBe('/booking/1')
    expect(safeRedirect('//evil.example')).toBe('/')
    expect(safeRedirect(undefined)).toBe('/')
  })
})
