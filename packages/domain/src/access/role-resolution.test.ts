import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { PERMISSIONS, DATA_SCOPES } from './permission-catalog.ts'
import type { RoleNode } from './role-resolution.ts'
import { resolveRole, resolveUser, RoleCycleError, wouldCycle } from './role-resolution.ts'
import { BUILTIN_ROLES } from './builtin-roles.ts'

const role = (id: string, partial: Partial<RoleNode> = {}): RoleNode => ({
  id,
  inherits: [],
  grants: [],
  denies: [],
  ...partial,
})
const graph = (...nodes: RoleNode[]) => new Map(nodes.map((n) => [n.id, n]))

describe('resolveRole', () => {
  it('should inherit a parent role minus the permissions it denies', () => {
    const cs = BUILTIN_ROLES.find((r) => r.key === 'customer_service')!
    const roles = graph(
      role('cs', { grants: cs.grants }),
      role('junior', { inherits: ['cs'], denies: ['users:read'] }),
    )
    const effective = resolveRole(roles, 'junior')
    expect(effective.has('users:read')).toBe(false)
    expect(effective.get('orders:read')).toBe('project')
    expect(effective.size).toBe(cs.grants.length - 1)
  })

  it('should keep the widest scope when two parents grant the same permission', () => {
    const roles = graph(
      role('a', { grants: [{ permission: 'orders:read', scope: 'own' }] }),
      role('b', { grants: [{ permission: 'orders:read', scope: 'tenant' }] }),
      role('c', { inherits: ['a', 'b'] }),
    )
    expect(resolveRole(roles, 'c').get('orders:read')).toBe('tenant')
  })

  it('should refuse a cycle when one is stored', () => {
    const roles = graph(role('a', { inherits: ['b'] }), role('b', { inherits: ['a'] }))
    expect(() => resolveRole(roles, 'a')).toThrow(RoleCycleError)
    expect(wouldCycle(graph(role('a'), role('b', { inherits: ['a'] })), 'a', ['b'])).toBe(true)
    expect(wouldCycle(graph(role('a'), role('b')), 'a', ['b'])).toBe(false)
  })

  it('should never grant a permission that no role in the chain grants (deny by default)', () => {
    const grant = fc.record({
      permission: fc.constantFrom(...PERMISSIONS),
      scope: fc.constantFrom(...DATA_SCOPES),
    })
    const chain = fc.array(
      fc.record({
        grants: fc.array(grant, { maxLength: 5 }),
        denies: fc.array(fc.constantFrom(...PERMISSIONS), { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 6 },
    )
    fc.assert(
      fc.property(chain, (links) => {
        // A linear chain: role i inherits role i-1.
        const roles = graph(
          ...links.map((l, i) => role(`r${i}`, { ...l, inherits: i ? [`r${i - 1}`] : [] })),
        )
        const effective = resolveUser(roles, [`r${links.length - 1}`])
        const grantedAnywhere = new Set(links.flatMap((l) => l.grants.map((g) => g.permission)))
        for (const permission of effective.keys())
          expect(grantedAnywhere.has(permission)).toBe(true)
        // A permission the last role denies and does not grant itself is never effective.
        const last = links[links.length - 1]!
        for (const denied of last.denies) {
          if (!last.grants.some((g) => g.permission === denied))
            expect(effective.has(denied)).toBe(false)
        }
      }),
    )
  })
})
