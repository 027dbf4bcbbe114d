import type { RouteRecordRaw } from 'vue-router'

export const apiTokensRoutes: RouteRecordRaw[] = [
  {
    path: 'api-tokens',
    name: 'api-tokens',
    component: () => import('./ApiTokensPage.vue'),
    meta: { titleKey: 'menu.apiTokens', permission: 'api-tokens:manage' },
  },
]
