import { watch } from 'vue'
import type { Router } from 'vue-router'
import { createRouter, createWebHistory } from 'vue-router'
import './meta.ts'
import { authRoutes, profileRoutes } from '../features/auth/routes.ts'
import { dashboardRoutes } from '../features/dashboard/routes.ts'
import { usersRoutes } from '../features/users/routes.ts'
import { rolesRoutes } from '../features/roles/routes.ts'
import { auditRoutes } from '../features/audit/routes.ts'
import { projectsRoutes } from '../features/projects/routes.ts'
import { ordersRoutes } from '../features/orders/routes.ts'
import { customersRoutes } from '../features/customers/routes.ts'
import { catalogRoutes } from '../features/catalog/routes.ts'
import { workersRoutes } from '../features/workers/routes.ts'
import { aftersalesRoutes } from '../features/aftersales/routes.ts'
import { reviewsRoutes } from '../features/reviews/routes.ts'
import { plansRoutes } from '../features/plans/routes.ts'
import { notificationsRoutes } from '../features/notifications/routes.ts'
import { apiTokensRoutes } from '../features/apiTokens/routes.ts'
import { useSessionStore } from '../stores/session.ts'
import { i18n } from '../i18n/index.ts'

export function createAdminRouter(): Router {
  const router = createRouter({
    history: createWebHistory('/admin/'),
    routes: [
      ...authRoutes,
      {
        path: '/',
        component: () => import('../components/AppLayout.vue'),
        children: [
          ...dashboardRoutes,
          ...ordersRoutes,
          ...plansRoutes,
          ...aftersalesRoutes,
          ...reviewsRoutes,
          ...customersRoutes,
          ...catalogRoutes,
          ...workersRoutes,
          ...usersRoutes,
          ...rolesRoutes,
          ...auditRoutes,
          ...notificationsRoutes,
          ...projectsRoutes,
          ...apiTokensRoutes,
          ...profileRoutes,
          {
            path: ':pathMatch(.*)*',
            name: 'not-found',
            component: () => import('../components/NotFoundPage.vue'),
            meta: { titleKey: 'errors.notFoundTitle' },
          },
        ],
      },
    ],
  })

  router.beforeEach(async (to) => {
    const session = useSessionStore()
    if (!session.checked) {
      try {
        await session.load()
      } catch {
        // Server unreachable: treat as signed out; the sign-in page will show the network error on submit.
      }
    }
    if (to.meta.public) {
      return session.user && to.name === 'sign-in' ? { path: '/' } : true
    }
    if (!session.user) {
      return { name: 'sign-in', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
    }
    if (session.user.mustChangePassword && !to.meta.allowWithPendingPasswordChange) {
      return { name: 'must-change-password' }
    }
    // Permission checks happen in AppLayout so that a forbidden URL stays in the address bar.
    return true
  })

  const setTitle = () => {
    const t = i18n.global.t
    const key = router.currentRoute.value.meta.titleKey
    const page = key ? t(key) : ''
    document.title = page ? `${page} · ${t('app.title')}` : t('app.title')
  }
  router.afterEach(setTitle)
  // A language switch retitles the page it happens on, not only the next one.
  watch(i18n.global.locale, setTitle)

  return router
}

/** Only same-app paths are followed after sign-in (no open redirect to another site). */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/'
}
