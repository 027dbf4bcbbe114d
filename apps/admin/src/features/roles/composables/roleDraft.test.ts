import { describe, expect, it } from 'vitest'
import { BUILTIN_ROLES } from '@doorstep/domain'
import type { RoleLike } from './roleDraft.ts'
import { defaultScope, emptyDraft, forbiddenParents, previewRole, setDenied, setGrant, summarize } from './roleDraft.ts'

const builtins: RoleLike[] = BUILTIN_ROLES.map((r) => ({ id: r.key, inherits: [], grants: r.grants, denies: [] }))
const row = (rows: ReturnType<typeof previewRole>, permission: string) => {
  const found = rows.find((r) => r.permission === permission)
  if (!found) throw new Error(`no row ${permission}`)
  return found
}

describe('role editor preview', () => {
  it('should show customer service minus users:read as everything but users:read', () => {
    let draft = emptyDraft(['customer_service'])
    draft = setDenied(draft, 'users:read', true)
    const rows = previewRole(draft, builtins, undefined)
    expect(row(rows, 'users:read')).toMatchObject({ inherited: 'project', denied: true, effective: null })
    expect(row(rows, 'projects:read')).toMatchObject({ inherited: 'project', effective: 'project' })
    expect(row(rows, 'audit:read').effective).toBeNull()
    expect(summarize(rows)).toEqual({ effective: 9, inherited: 10, denied: 1, added: 0 })
  })

  it('should take the widest scope over several parents and let an own grant widen further', () => {
    let draft = emptyDraft(['customer_service', 'hq_manager'])
    expect(row(previewRole(draft, builtins, undefined), 'users:read').effective).toBe('tenant')
    draft = setGrant(emptyDraft(['customer_service']), 'orders:read', 'tenant')
    expect(row(previewRole(draft, builtins, undefined), 'orders:read')).toMatchObject({
      inherited: 'project',
      granted: 'tenant',
      effective: 'tenant',
    })
  })

  it('should lift a denial when the same permission is granted, and drop the grant when denied', () => {
    let draft = setDenied(emptyDraft(['customer_service']), 'orders:manage', true)
    draft = setGrant(draft, 'orders:manage', 'own')
    expect(draft.denies).toEqual([])
    expect(draft.grants).toEqual([{ permission: 'orders:manage', scope: 'own' }])
    draft = setDenied(draft, 'orders:manage', true)
    expect(draft.grants).toEqual([])
    expect(row(previewRole(draft, builtins, undefined), 'orders:manage').effective).toBeNull()
  })

  it('should follow inheritance through custom roles', () => {
    const custom: RoleLike = { id: 'cs-lite', inherits: ['customer_service'], grants: [], denies: ['users:read'] }
    const rows = previewRole(emptyDraft(['cs-lite']), [...builtins, custom], undefined)
    expect(row(rows, 'users:read').inherited).toBeNull()
    expect(row(rows, 'complaints:manage').effective).toBe('project')
  })

  it('should refuse parents that would make a cycle', () => {
    const a: RoleLike = { id: 'a', inherits: [], grants: [], denies: [] }
    const b: RoleLike = { id: 'b', inherits: ['a'], grants: [], denies: [] }
    const c: RoleLike = { id: 'c', inherits: ['b'], grants: [], denies: [] }
    expect([...forbiddenParents([a, b, c], 'a')].sort()).toEqual(['a', 'b', 'c'])
    expect([...forbiddenParents([a, b, c], 'c')]).toEqual(['c'])
    expect(forbiddenParents([a, b, c], undefined).size).toBe(0)
  })

  it('should start a newly ticked permission at the inherited scope, else project, else the only one', () => {
    expect(defaultScope(['own', 'project', 'tenant'], 'tenant')).toBe('tenant')
    expect(defaultScope(['project', 'tenant'], null)).toBe('project')
    expect(defaultScope(['tenant'], null)).toBe('tenant')
    expect(defaultScope(['own'], null)).toBe('own')
  })
})
