import type { RouteRecordRaw } from 'vue-router'

export const ordersRoutes: RouteRecordRaw[] = [
  {
    path: 'orders',
    name: 'orders',
    component: () => import('./OrdersPage.vue'),
    meta: { titleKey: 'menu.orders', permission: 'orders:read' },
  },
  {
    path: 'orders/:id',
    name: 'order',
    component: () => import('./OrderDetailPage.vue'),
    props: true,
    meta: { titleKey: 'menu.orders', permission: 'orders:read' },
  },
  {
    path: 'phone-order',
    name: 'phone-order',
    component: () => import('./PhoneOrderPage.vue'),
    meta: { titleKey: 'menu.phoneOrder', permission: 'orders:create' },
  },
]
