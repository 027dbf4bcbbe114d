import { describe, expect, it } from 'vitest'
import { BUILTIN_ROLES } from '@doorstep/domain'
import type { Permission } from '@doorstep/domain'
import { activeMenuPath, visibleMenu } from './menu.ts'

const holding = (permissions: Permission[]) => (p: Permission) => permissions.includes(p)
const paths = (permissions: Permission[]) => visibleMenu(holding(permissions)).map((m) => m.path)

describe('menu', () => {
  it('should show customer service minus users:read projects but not staff', () => {
    const cs = BUILTIN_ROLES.find((r) => r.key === 'customer_service')?.grants.map((g) => g.permission) ?? []
    const minus = cs.filter((p) => p !== 'users:read')
    const ordering = ['/orders', '/phone-order', '/plans', '/complaints', '/reviews', '/customers', '/catalog', '/workers']
    expect(paths(cs)).toEqual(['/', ...ordering, '/users', '/projects', '/profile'])
    expect(paths(minus)).toEqual(['/', ...ordering, '/projects', '/profile'])
  })

  it('should show the complaint report to those who read reports, and reviews without complaints:manage', () => {
    const hq = BUILTIN_ROLES.find((r) => r.key === 'hq_manager')?.grants.map((g) => g.permission) ?? []
    expect(paths(hq)).toEqual(expect.arrayContaining(['/reviews', '/reports/complaints']))
    expect(paths(hq)).not.toContain('/complaints')
  })

  it('should show recurring plans with orders:read and the notification log with audit:read', () => {
    expect(paths(['orders:read'])).toContain('/plans')
    expect(paths(['audit:read'])).toEqual(['/', '/audit', '/ops/deliveries', '/profile'])
    expect(activeMenuPath('/plans/new')).toBe('/plans')
  })

  it('should give everyone home and profile', () => {
    expect(paths([])).toEqual(['/', '/profile'])
  })

  it('should highlight the section of nested pages', () => {
    expect(activeMenuPath('/roles/0194-abc')).toBe('/roles')
    expect(activeMenuPath('/')).toBe('/')
    expect(activeMenuPath('/nowhere')).toBe('/')
    expect(activeMenuPath('/orders/0194-abc')).toBe('/orders')
    expect(activeMenuPath('/catalog/items/new')).toBe('/catalog')
    expect(activeMenuPath('/complaints/0194-abc')).toBe('/complaints')
  })
})
