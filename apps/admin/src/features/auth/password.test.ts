import { describe, expect, it } from 'vitest'
import { ResetPasswordRequest } from '@doorstep/contracts'
import { generatePassword, passwordChecks } from './password.ts'

describe('passwords', () => {
  it('should generate passwords the API accepts, every time', () => {
    for (let i = 0; i < 500; i++) {
      const password = generatePassword()
      expect(ResetPasswordRequest.safeParse({ newPassword: password }).success).toBe(true)
    }
  })

  it('should still meet the rules when the random source is as unlucky as it can be', () => {
    expect(ResetPasswordRequest.safeParse({ newPassword: generatePassword(() => 0) }).success).toBe(true)
    expect(ResetPasswordRequest.safeParse({ newPassword: generatePassword((n) => n - 1) }).success).toBe(true)
  })

  it('should tick the checklist item by item', () => {
    expect(passwordChecks('abc').map((c) => c.met)).toEqual([false, true, false])
    expect(passwordChecks('abcdefghij1').every((c) => c.met)).toBe(true)
  })
})
