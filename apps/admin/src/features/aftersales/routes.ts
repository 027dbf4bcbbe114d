import type { RouteRecordRaw } from 'vue-router'

export const aftersalesRoutes: RouteRecordRaw[] = [
  {
    path: 'complaints',
    name: 'complaints',
    component: () => import('./ComplaintsPage.vue'),
    meta: { titleKey: 'menu.complaints', permission: 'complaints:manage' },
  },
  {
    path: 'complaints/:id',
    name: 'complaint',
    component: () => import('./ComplaintDetailPage.vue'),
    props: true,
    meta: { titleKey: 'menu.complaints', permission: 'complaints:manage' },
  },
  {
    path: 'reports/complaints',
    name: 'complaint-report',
    component: () => import('./ComplaintReportPage.vue'),
    meta: { titleKey: 'menu.complaintReport', permission: 'reports:read' },
  },
]
