import type { Permission } from '@doorstep/domain'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title (browser tab and breadcrumb). */
    titleKey?: string
    /** Shown without signing in (the sign-in page). */
    public?: boolean
    /** The permission needed to see the page; without it the page shows "forbidden" at the same URL. */
    permission?: Permission
    /** Open even while the user must change their password. */
    allowWithPendingPasswordChange?: boolean
  }
}

export {}
