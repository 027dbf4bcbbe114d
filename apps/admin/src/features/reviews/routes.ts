import type { RouteRecordRaw } from 'vue-router'

export const reviewsRoutes: RouteRecordRaw[] = [
  {
    path: 'reviews',
    name: 'reviews',
    component: () => import('./ReviewsPage.vue'),
    meta: { titleKey: 'menu.reviews', permission: 'orders:read' },
  },
]
