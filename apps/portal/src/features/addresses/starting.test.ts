import { describe, expect, it, vi } from 'vitest'

vi.mock('../../api/client.ts', () => ({ api: {} }))
const { startingAddressId } = await import('./api.ts')

const address = (id: string, isDefault: boolean, projectActive = true) =>
  ({ id, isDefault, projectActive }) as Parameters<typeof startingAddressId>[0][number]

describe('the address a booking starts from', () => {
  it('should keep the one chosen, else take the default, preferring an area that still takes bookings', () => {
    const home = address('home', true)
    const parents = address('parents', false)
    expect(startingAddressId([home, parents], 'parents')).toBe('parents')
    expect(startingAddressId([home, parents], 'gone')).toBe('home')
    expect(startingAddressId([address('closed', true, false), parents], null)).toBe('parents')
    // Every area closed: the default still shows, saying why it cannot be booked.
    expect(startingAddressId([address('a', false, false), address('b', true, false)], null)).toBe('b')
    expect(startingAddressId([], null)).toBeNull()
  })
})
