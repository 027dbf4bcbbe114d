import type { RouteRecordRaw } from 'vue-router'

export const notificationsRoutes: RouteRecordRaw[] = [
  {
    path: 'ops/deliveries',
    name: 'deliveries',
    component: () => import('./DeliveriesPage.vue'),
    meta: { titleKey: 'menu.deliveries', permission: 'audit:read' },
  },
]
