import type { RouteRecordRaw } from 'vue-router'

export const auditRoutes: RouteRecordRaw[] = [
  {
    path: 'audit',
    name: 'audit',
    component: () => import('./AuditPage.vue'),
    meta: { titleKey: 'menu.audit', permission: 'audit:read' },
  },
]
