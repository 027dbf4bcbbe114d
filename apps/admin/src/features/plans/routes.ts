import type { RouteRecordRaw } from 'vue-router'

export const plansRoutes: RouteRecordRaw[] = [
  {
    path: 'plans',
    name: 'plans',
    component: () => import('./PlansPage.vue'),
    meta: { titleKey: 'menu.plans', permission: 'orders:read' },
  },
  {
    path: 'plans/new',
    name: 'plan-new',
    component: () => import('./PlanFormPage.vue'),
    meta: { titleKey: 'plans.newTitle', permission: 'orders:create' },
  },
  {
    path: 'plans/:id',
    name: 'plan',
    component: () => import('./PlanDetailPage.vue'),
    props: true,
    meta: { titleKey: 'menu.plans', permission: 'orders:read' },
  },
]
