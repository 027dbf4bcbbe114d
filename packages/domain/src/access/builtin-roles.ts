import type { DataScope, Permission } from './permission-catalog.ts'
import { PERMISSIONS } from './permission-catalog.ts'

export const BUILTIN_ROLE_KEYS = [
  'admin',
  'hq_manager',
  'project_manager',
  'dispatcher',
  'customer_service',
  'finance',
  'worker',
] as const
export type BuiltinRoleKey = (typeof BUILTIN_ROLE_KEYS)[number]

export interface BuiltinRole {
  key: BuiltinRoleKey
  zh: string
  en: string
  grants: ReadonlyArray<{ permission: Permission; scope: DataScope }>
}

const tenant = (...permissions: Permission[]) =>
  permissions.map((permission) => ({ permission, scope: 'tenant' as const }))
const project = (...permissions: Permission[]) =>
  permissions.map((permission) => ({ permission, scope: 'project' as const }))

/**
 * Roles every new tenant starts with. `platform:tenants` is left out of admin on purpose: only the operator
 * tenant of an installation is given it, when the installation is first set up.
 */
export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  {
    key: 'admin',
    zh: '系统管理员',
    en: 'Administrator',
    // jobs:work has only the "own" scope: an administrator works no jobs unless linked to a worker, but holds
    // it so that they can hand the worker role out (create, disable, reset worker accounts).
    grants: [
      ...tenant(...PERMISSIONS.filter((p) => p !== 'platform:tenants' && p !== 'jobs:work')),
      { permission: 'jobs:work', scope: 'own' },
    ],
  },
  {
    key: 'hq_manager',
    zh: '总部管理层',
    en: 'HQ manager',
    grants: [
      ...tenant('catalog:read', 'workers:read'),
      ...tenant(
        'users:read',
        'roles:read',
        'projects:read',
        'audit:read',
        'customers:read',
        'orders:read',
        'finance:read',
        'reports:read',
      ),
    ],
  },
  {
    key: 'project_manager',
    zh: '项目经理',
    en: 'Project manager',
    // Reading role names lets them pick roles for their staff; it grants nothing by itself. They staff their own
    // projects (a property's front desk and handymen answer to its manager): holding what customer service and
    // workers hold (orders:create; jobs:work as the administrator holds it, "own") lets them hand those roles out.
    grants: [
      ...tenant('catalog:read'),
      ...project('workers:read', 'workers:manage'),
      ...tenant('roles:read'),
      ...project(
        'users:read',
        'users:manage',
        'projects:read',
        'customers:read',
        'customers:manage',
        'orders:read',
        'orders:create',
        'orders:manage',
        'complaints:manage',
        'dispatch:manage',
        'finance:read',
        'reports:read',
      ),
      { permission: 'jobs:work', scope: 'own' },
    ],
  },
  {
    key: 'dispatcher',
    zh: '调度员',
    en: 'Dispatcher',
    grants: [
      ...tenant('catalog:read'),
      ...project('workers:read', 'workers:manage'),
      ...project(
        'users:read',
        'projects:read',
        'customers:read',
        'orders:read',
        'orders:manage',
        'dispatch:manage',
      ),
    ],
  },
  {
    key: 'customer_service',
    zh: '客服',
    en: 'Customer service',
    grants: [
      ...tenant('catalog:read'),
      ...project('workers:read'),
      ...project(
        'users:read',
        'projects:read',
        'customers:read',
        'customers:manage',
        'orders:read',
        'orders:create',
        'orders:manage',
        'complaints:manage',
      ),
    ],
  },
  {
    key: 'finance',
    zh: '财务',
    en: 'Finance',
    grants: [
      ...tenant('catalog:read'),
      ...project(
        'projects:read',
        'customers:read',
        'orders:read',
        'finance:read',
        'finance:manage',
        'reports:read',
      ),
    ],
  },
  {
    key: 'worker',
    zh: '服务人员',
    en: 'Worker',
    grants: [{ permission: 'jobs:work', scope: 'own' }],
  },
]
