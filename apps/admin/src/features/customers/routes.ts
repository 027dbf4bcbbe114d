import type { RouteRecordRaw } from 'vue-router'

export const customersRoutes: RouteRecordRaw[] = [
  {
    path: 'customers',
    name: 'customers',
    component: () => import('./CustomersPage.vue'),
    meta: { titleKey: 'menu.customers', permission: 'customers:read' },
  },
  {
    path: 'customers/:id',
    name: 'customer',
    component: () => import('./CustomerDetailPage.vue'),
    props: true,
    meta: { titleKey: 'menu.customers', permission: 'customers:read' },
  },
]
