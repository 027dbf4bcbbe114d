import type { RouteRecordRaw } from 'vue-router'

export const authRoutes: RouteRecordRaw[] = [
  {
    path: '/sign-in',
    name: 'sign-in',
    component: () => import('./SignInPage.vue'),
    meta: { public: true, titleKey: 'auth.signIn' },
  },
  {
    path: '/password',
    name: 'must-change-password',
    component: () => import('./MustChangePasswordPage.vue'),
    meta: { titleKey: 'profile.changePassword', allowWithPendingPasswordChange: true },
  },
]

export const profileRoutes: RouteRecordRaw[] = [
  {
    path: 'profile',
    name: 'profile',
    component: () => import('./ProfilePage.vue'),
    meta: { titleKey: 'menu.profile' },
  },
]
