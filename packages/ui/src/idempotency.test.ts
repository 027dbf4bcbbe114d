import { afterEach, describe, expect, it, vi } from 'vitest'
import { createIdempotency, randomUuid } from './idempotency.ts'

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const realCrypto = globalThis.crypto

/** What `crypto` is on a plain-http page that is not localhost: getRandomValues, no randomUUID. */
const insecureCrypto = (): Pick<Crypto, 'getRandomValues'> => ({
  getRandomValues: (array) => realCrypto.getRandomValues(array),
})

describe('randomUuid', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('should make distinct v4 UUIDs from getRandomValues when randomUUID is missing', () => {
    const keys = Array.from({ length: 200 }, () => randomUuid(insecureCrypto()))
    for (const key of keys) expect(key).toMatch(V4)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('should set the version and variant bits whatever the random bytes are', () => {
    const fill = (value: number): Pick<Crypto, 'getRandomValues'> => ({
      getRandomValues: (array) => {
        ;(array as unknown as Uint8Array).fill(value)
        return array
      },
    })
    expect(randomUuid(fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff')
    expect(randomUuid(fill(0x00))).toBe('00000000-0000-4000-8000-000000000000')
  })

  it('should use randomUUID where the page has it', () => {
    expect(randomUuid({ ...insecureCrypto(), randomUUID: () => 'from-randomUUID' })).toBe(
      'from-randomUUID',
    )
  })

  it('should give a booking form its keys on a page without randomUUID', () => {
    vi.stubGlobal('crypto', insecureCrypto())
    const form = createIdempotency()
    const first = form.keyFor({ windowStart: 'a' })
    expect(first).toMatch(V4)
    const second = form.keyFor({ windowStart: 'b' })
    expect(second).toMatch(V4)
    expect(second).not.toBe(first)
  })
})

describe('createIdempotency', () => {
  it('should reuse the key for a retry and renew it for a changed request or the next order', () => {
    let n = 0
    const keys = createIdempotency(() => `k${++n}`)
    expect(keys.keyFor({ windowStart: 'a' })).toBe('k1')
    expect(keys.keyFor({ windowStart: 'a' })).toBe('k1')
    expect(keys.keyFor({ windowStart: 'b' })).toBe('k2')
    keys.renew()
    expect(keys.keyFor({ windowStart: 'b' })).toBe('k3')
  })
})
