import { createRouter, createWebHistory } from 'vue-router'
import type { RouteRecordRaw } from 'vue-router'
import { useSessionStore } from '../stores/session.ts'
import { safeRedirect } from '../features/auth/otp.ts'

declare module 'vue-router' {
  interface RouteMeta {
    /** The page needs a signed-in customer; guests go to sign-in and come back. */
    auth?: boolean
    /** Shows the bottom tab bar. */
    tab?: 'home' | 'orders' | 'me'
  }
}

const routes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'home',
    component: () => import('../features/catalog/HomePage.vue'),
    meta: { tab: 'home' },
  },
  {
    path: '/services/:id',
    name: 'service',
    component: () => import('../features/catalog/ServicePage.vue'),
  },
  { path: '/sign-in', name: 'sign-in', component: () => import('../features/auth/SignInPage.vue') },
  {
    path: '/booking/:itemId',
    name: 'booking',
    component: () => import('../features/booking/BookingPage.vue'),
    meta: { auth: true },
  },
  {
    path: '/booked/:id',
    name: 'booked',
    component: () => import('../features/booking/BookedPage.vue'),
    meta: { auth: true },
  },
  {
    path: '/orders',
    name: 'orders',
    component: () => import('../features/orders/OrdersPage.vue'),
    meta: { auth: true, tab: 'orders' },
  },
  {
    path: '/orders/:id',
    name: 'order',
    component: () => import('../features/orders/OrderDetailPage.vue'),
    meta: { auth: true },
  },
  {
    path: '/orders/:id/review',
    name: 'order-review',
    component: () => import('../features/aftersales/ReviewPage.vue'),
    meta: { auth: true },
  },
  {
    path: '/orders/:id/complain',
    name: 'order-complain',
    component: () => import('../features/aftersales/ComplaintFormPage.vue'),
    meta: { auth: true },
  },
  {
    path: '/complaints',
    name: 'complaints',
    component: () => import('../features/aftersales/ComplaintsPage.vue'),
    meta: { auth: true },
  },
  {
    path: '/complaints/:id',
    name: 'complaint',
    component: () => import('../features/aftersales/ComplaintDetailPage.vue'),
    meta: { auth: true },
  },
  {
    path: '/plans',
    name: 'plans',
    component: () => import('../features/plans/PlansPage.vue'),
    meta: { auth: true },
  },
  {
    path: '/plans/new/:itemId',
    name: 'plan-new',
    component: () => import('../features/plans/PlanFormPage.vue'),
    meta: { auth: true },
  },
  {
    path: '/plans/:id',
    name: 'plan',
    component: () => import('../features/plans/PlanDetailPage.vue'),
    meta: { auth: true },
  },
  {
    path: '/notices',
    name: 'notices',
    component: () => import('../features/notifications/NoticesPage.vue'),
    meta: { auth: true },
  },
  {
    path: '/notices/settings',
    name: 'notice-settings',
    component: () => import('../features/notifications/NotificationSettingsPage.vue'),
    meta: { auth: true },
  },
  {
    path: '/privacy',
    name: 'privacy',
    component: () => import('../features/privacy/PrivacyPage.vue'),
  },
  {
    path: '/me',
    name: 'me',
    component: () => import('../features/profile/ProfilePage.vue'),
    meta: { tab: 'me' },
  },
  {
    path: '/addresses',
    name: 'addresses',
    component: () => import('../features/addresses/AddressesPage.vue'),
    meta: { auth: true },
  },
  {
    path: '/addresses/new',
    name: 'address-new',
    component: () => import('../features/addresses/AddressFormPage.vue'),
    meta: { auth: true },
  },
  {
    path: '/addresses/:id/edit',
    name: 'address-edit',
    component: () => import('../features/addresses/AddressFormPage.vue'),
    props: true,
    meta: { auth: true },
  },
  { path: '/:rest(.*)*', redirect: '/' },
]

export function createPortalRouter() {
  const router = createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })
  router.beforeEach(async (to) => {
    const session = useSessionStore()
    await session.ensureChecked()
    if (to.meta.auth && !session.signedIn)
      return { name: 'sign-in', query: { redirect: to.fullPath } }
    if (to.name === 'sign-in' && session.signedIn) return safeRedirect(to.query.redirect)
    return true
  })
  return router
}
