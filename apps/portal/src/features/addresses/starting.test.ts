import { describe, expect, it, vi } from 'vitest'

vi.mock('../../api/client.ts', () => ({ api: {} }))
const { startingAddressId } = await import('./api.ts')

const address = (id: string, isDefault: boolean, projectActive = true, projectId = 'p1') =>
  ({ id, isDefault, projectActive, projectId }) as Parameters<typeof startingAddressId>[0][number]

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

  it('should start a service where it is offered, keeping a choice only where it is', () => {
    // Home is in a project that does not offer cat feeding; the office's does.
    const home = address('home', true, true, 'xuhui')
    const office = address('office', false, true, 'pudong')
    const inPudong = (projectId: string) => projectId === 'pudong'
    expect(startingAddressId([home, office], null, inPudong)).toBe('office')
    // Home was chosen for another service: cat feeding starts at the office instead.
    expect(startingAddressId([home, office], 'home', inPudong)).toBe('office')
    expect(startingAddressId([home, office], 'office', inPudong)).toBe('office')
    // Offered nowhere: the choice (or the default) stays, and the step says why it cannot be booked.
    const nowhere = () => false
    expect(startingAddressId([home, office], 'office', nowhere)).toBe('office')
    expect(startingAddressId([home, office], null, nowhere)).toBe('home')
    // Offered only where the area takes no bookings: there, saying so, rather than where it is not offered.
    const closedOffice = address('office', false, false, 'pudong')
    expect(startingAddressId([home, closedOffice], null, inPudong)).toBe('office')
  })
})
