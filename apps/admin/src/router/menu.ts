import type { Component } from 'vue'
import type { Permission } from '@doorstep/domain'
import { Bell, Calendar, Connection, DataAnalysis, Document, Goods, HomeFilled, Key, Lock, OfficeBuilding, Phone, Service, Star, Tickets, User, UserFilled, Van } from '@element-plus/icons-vue'

export interface MenuItem {
  path: string
  titleKey: string
  icon: Component
  /** Shown only to users holding this permission (any scope). */
  permission?: Permission
}

export const MENU: readonly MenuItem[] = [
  { path: '/', titleKey: 'menu.dashboard', icon: HomeFilled },
  { path: '/orders', titleKey: 'menu.orders', icon: Tickets, permission: 'orders:read' },
  { path: '/phone-order', titleKey: 'menu.phoneOrder', icon: Phone, permission: 'orders:create' },
  { path: '/plans', titleKey: 'menu.plans', icon: Calendar, permission: 'orders:read' },
  { path: '/complaints', titleKey: 'menu.complaints', icon: Service, permission: 'complaints:manage' },
  // Reading reviews needs only orders:read (the server shows the reviews of the orders one may read).
  { path: '/reviews', titleKey: 'menu.reviews', icon: Star, permission: 'orders:read' },
  { path: '/reports/complaints', titleKey: 'menu.complaintReport', icon: DataAnalysis, permission: 'reports:read' },
  { path: '/customers', titleKey: 'menu.customers', icon: UserFilled, permission: 'customers:read' },
  { path: '/catalog', titleKey: 'menu.catalog', icon: Goods, permission: 'catalog:read' },
  { path: '/workers', titleKey: 'menu.workers', icon: Van, permission: 'workers:read' },
  { path: '/users', titleKey: 'menu.users', icon: User, permission: 'users:read' },
  { path: '/roles', titleKey: 'menu.roles', icon: Key, permission: 'roles:read' },
  { path: '/projects', titleKey: 'menu.projects', icon: OfficeBuilding, permission: 'projects:read' },
  { path: '/audit', titleKey: 'menu.audit', icon: Document, permission: 'audit:read' },
  { path: '/ops/deliveries', titleKey: 'menu.deliveries', icon: Bell, permission: 'audit:read' },
  { path: '/api-tokens', titleKey: 'menu.apiTokens', icon: Connection, permission: 'api-tokens:manage' },
  { path: '/profile', titleKey: 'menu.profile', icon: Lock },
]

/** The menu a user sees: items without a permission, and those whose permission they hold. */
export function visibleMenu(can: (permission: Permission) => boolean): MenuItem[] {
  return MENU.filter((item) => !item.permission || can(item.permission))
}

/** The menu entry a route belongs to (so /roles/123 highlights "Roles"). */
export function activeMenuPath(path: string): string {
  const match = MENU.filter((item) => item.path !== '/' && (path === item.path || path.startsWith(`${item.path}/`)))
  return match[0]?.path ?? '/'
}
