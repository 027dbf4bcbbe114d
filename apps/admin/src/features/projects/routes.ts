import type { RouteRecordRaw } from 'vue-router'

export const projectsRoutes: RouteRecordRaw[] = [
  {
    path: 'projects',
    name: 'projects',
    component: () => import('./ProjectsPage.vue'),
    meta: { titleKey: 'menu.projects', permission: 'projects:read' },
  },
]
