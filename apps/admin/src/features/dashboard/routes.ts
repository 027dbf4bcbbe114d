import type { RouteRecordRaw } from 'vue-router'

export const dashboardRoutes: RouteRecordRaw[] = [
  {
    path: '',
    name: 'dashboard',
    component: () => import('./DashboardPage.vue'),
    meta: { titleKey: 'menu.dashboard' },
  },
]
