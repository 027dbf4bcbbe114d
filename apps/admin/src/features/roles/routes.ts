import type { RouteRecordRaw } from 'vue-router'

export const rolesRoutes: RouteRecordRaw[] = [
  {
    path: 'roles',
    name: 'roles',
    component: () => import('./RolesPage.vue'),
    meta: { titleKey: 'menu.roles', permission: 'roles:read' },
  },
  {
    path: 'roles/new',
    name: 'role-new',
    component: () => import('./RoleEditorPage.vue'),
    meta: { titleKey: 'roles.newRole', permission: 'roles:manage' },
  },
  {
    path: 'roles/:id',
    name: 'role',
    component: () => import('./RoleEditorPage.vue'),
    props: true,
    meta: { titleKey: 'roles.role', permission: 'roles:read' },
  },
]
