import { describe, expect, it } from 'vitest'
import type { DataScope, Permission } from '@doorstep/domain'
import { grantableGroups, isExpired, startingScope, toGrants } from './grants.ts'

describe('API token grants', () => {
  it('should offer only what the creator holds, at most as wide', () => {
    const held = new Map<Permission, DataScope>([
      ['orders:read', 'project'],
      ['audit:read', 'tenant'],
    ])
    const groups = grantableGroups(held)
    const rows = groups.flatMap((g) => g.rows)
    expect(rows.map((r) => r.permission).sort()).toEqual(['audit:read', 'orders:read'])
    const orders = rows.find((r) => r.permission === 'orders:read')!
    expect(orders.scopes).not.toContain('tenant')
    expect(startingScope(orders)).toBe('project')
  })

  it('should send the picked grants in catalogue order and leave unpicked ones out', () => {
    expect(toGrants({ 'orders:read': 'project', 'audit:read': 'tenant' })).toEqual([
      { permission: 'audit:read', scope: 'tenant' },
      { permission: 'orders:read', scope: 'project' },
    ])
    expect(toGrants({})).toEqual([])
  })

  it('should tell an expired token from a live or never-expiring one', () => {
    const now = Date.parse('2026-12-06T00:00:00Z')
    expect(isExpired('2026-12-05T00:00:00Z', now)).toBe(true)
    expect(isExpired('2026-12-07T00:00:00Z', now)).toBe(false)
    expect(isExpired(null, now)).toBe(false)
  })
})
