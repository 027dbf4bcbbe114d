// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { BUILTIN_ROLES } from '@doorstep/domain'
import { i18n } from '../../../i18n/index.ts'
import PermissionGrid from './PermissionGrid.vue'
import type { RoleLike } from '../composables/roleDraft.ts'
import { emptyDraft, previewRole, setDenied } from '../composables/roleDraft.ts'

const builtins: RoleLike[] = BUILTIN_ROLES.map((r) => ({ id: r.key, inherits: [], grants: r.grants, denies: [] }))

function mountGrid(readonly = false, denied = false) {
  let draft = emptyDraft(['customer_service'])
  if (denied) draft = setDenied(draft, 'users:read', true)
  return mount(PermissionGrid, {
    props: { rows: previewRole(draft, builtins, undefined), readonly },
    global: { plugins: [i18n, ElementPlus] },
  })
}

describe('PermissionGrid', () => {
  it('should offer a deny switch only on inherited permissions', () => {
    const grid = mountGrid()
    expect(grid.find('[data-permission="users:read"] [data-role=deny]').exists()).toBe(true)
    expect(grid.find('[data-permission="audit:read"] [data-role=deny]').exists()).toBe(false)
  })

  it('should ask to deny an inherited permission when its switch is clicked', async () => {
    const grid = mountGrid()
    await grid.find('[data-permission="users:read"] [data-role=deny]').trigger('click')
    expect(grid.emitted('deny')).toEqual([['users:read', true]])
  })

  it('should ask to grant at the default scope when a box is ticked', async () => {
    const grid = mountGrid()
    await grid.find('[data-permission="audit:read"] [data-role=grant] input').setValue(true)
    expect(grid.emitted('grant')).toEqual([['audit:read', 'tenant']])
  })

  it('should mark a denied permission and show its effective state in Chinese', () => {
    const grid = mountGrid(false, true)
    const row = grid.find('[data-permission="users:read"]')
    expect(row.classes()).toContain('denied')
    expect(row.find('.col-effective').text()).toBe('已禁止')
    expect(grid.find('[data-permission="projects:read"] .col-effective').text()).toBe('所属项目')
  })

  it('should not emit anything when read-only', async () => {
    const grid = mountGrid(true)
    await grid.find('[data-permission="users:read"] [data-role=deny]').trigger('click')
    expect(grid.emitted('deny')).toBeUndefined()
  })
})
