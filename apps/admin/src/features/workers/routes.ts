import type { RouteRecordRaw } from 'vue-router'

export const workersRoutes: RouteRecordRaw[] = [
  {
    path: 'workers',
    name: 'workers',
    component: () => import('./WorkersPage.vue'),
    meta: { titleKey: 'menu.workers', permission: 'workers:read' },
  },
]
