/**
 * The permission catalog: every action a staff member can be granted. Deny by default — a permission that is
 * not granted to any of a user's roles is refused. Labels are the words shown in the role editor.
 */
export const PERMISSION_GROUPS = [
  'system',
  'organization',
  'customers',
  'orders',
  'dispatch',
  'finance',
] as const
export type PermissionGroup = (typeof PERMISSION_GROUPS)[number]

interface PermissionDefinition {
  group: PermissionGroup
  zh: string
  en: string
  /** The scopes that mean something for this permission (tenant-wide settings have no "own" records). */
  scopes: readonly DataScope[]
}

export const DATA_SCOPES = ['own', 'project', 'tenant'] as const
/** own: records the user is responsible for; project: records of the user's projects; tenant: everything. */
export type DataScope = (typeof DATA_SCOPES)[number]

const ALL: readonly DataScope[] = DATA_SCOPES
const TENANT_ONLY: readonly DataScope[] = ['tenant']
const PROJECT_OR_TENANT: readonly DataScope[] = ['project', 'tenant']

export const PERMISSION_CATALOG = {
  'users:read': {
    group: 'organization',
    zh: '查看员工',
    en: 'View staff',
    scopes: PROJECT_OR_TENANT,
  },
  'users:manage': {
    group: 'organization',
    zh: '管理员工',
    en: 'Manage staff',
    scopes: PROJECT_OR_TENANT,
  },
  'users.pii:reveal': {
    group: 'organization',
    zh: '查看员工完整个人信息',
    en: "Reveal staff's personal data",
    scopes: PROJECT_OR_TENANT,
  },
  'roles:read': { group: 'system', zh: '查看角色', en: 'View roles', scopes: TENANT_ONLY },
  'roles:manage': {
    group: 'system',
    zh: '管理角色与权限',
    en: 'Manage roles',
    scopes: TENANT_ONLY,
  },
  'projects:read': {
    group: 'organization',
    zh: '查看项目',
    en: 'View projects',
    scopes: PROJECT_OR_TENANT,
  },
  'projects:manage': {
    group: 'organization',
    zh: '管理项目',
    en: 'Manage projects',
    scopes: TENANT_ONLY,
  },
  'audit:read': {
    group: 'system',
    zh: '查看审计日志',
    en: 'View the audit log',
    scopes: TENANT_ONLY,
  },
  'api-tokens:manage': {
    group: 'system',
    zh: '管理接口令牌',
    en: 'Manage API tokens',
    scopes: TENANT_ONLY,
  },
  'settings:manage': {
    group: 'system',
    zh: '管理系统设置',
    en: 'Manage settings',
    scopes: TENANT_ONLY,
  },
  'platform:tenants': {
    group: 'system',
    zh: '管理平台租户（公司）',
    en: 'Manage tenants of the platform',
    scopes: TENANT_ONLY,
  },
  'customers:read': { group: 'customers', zh: '查看客户', en: 'View customers', scopes: ALL },
  'customers:manage': { group: 'customers', zh: '管理客户', en: 'Manage customers', scopes: ALL },
  'customers.pii:reveal': {
    group: 'customers',
    zh: '查看客户完整个人信息',
    en: "Reveal customers' personal data",
    scopes: ALL,
  },
  'orders:read': { group: 'orders', zh: '查看订单', en: 'View orders', scopes: ALL },
  'orders:create': {
    group: 'orders',
    zh: '录入订单',
    en: 'Enter orders',
    scopes: PROJECT_OR_TENANT,
  },
  'orders:manage': {
    group: 'orders',
    zh: '修改、改约、取消订单',
    en: 'Change orders',
    scopes: ALL,
  },
  'complaints:manage': {
    group: 'orders',
    zh: '处理投诉与售后',
    en: 'Handle complaints',
    scopes: ALL,
  },
  'catalog:read': {
    group: 'orders',
    zh: '查看服务目录',
    en: 'View the service catalog',
    scopes: TENANT_ONLY,
  },
  'catalog:manage': {
    group: 'orders',
    zh: '管理服务目录',
    en: 'Manage the service catalog',
    scopes: TENANT_ONLY,
  },
  'dispatch:manage': {
    group: 'dispatch',
    zh: '派单与调度',
    en: 'Dispatch jobs',
    scopes: PROJECT_OR_TENANT,
  },
  'workers:read': {
    group: 'dispatch',
    zh: '查看服务人员',
    en: 'View workers',
    scopes: PROJECT_OR_TENANT,
  },
  'workers:manage': {
    group: 'dispatch',
    zh: '管理服务人员与排班',
    en: 'Manage workers and shifts',
    scopes: PROJECT_OR_TENANT,
  },
  'jobs:work': { group: 'dispatch', zh: '接单与上门服务', en: 'Work own jobs', scopes: ['own'] },
  'finance:read': {
    group: 'finance',
    zh: '查看财务',
    en: 'View finance',
    scopes: PROJECT_OR_TENANT,
  },
  'finance:manage': {
    group: 'finance',
    zh: '收款、退款与结算',
    en: 'Payments and refunds',
    scopes: PROJECT_OR_TENANT,
  },
  'reports:read': {
    group: 'finance',
    zh: '查看报表',
    en: 'View reports',
    scopes: PROJECT_OR_TENANT,
  },
} as const satisfies Record<string, PermissionDefinition>

export type Permission = keyof typeof PERMISSION_CATALOG
export const PERMISSIONS = Object.keys(PERMISSION_CATALOG) as Permission[]

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSION_CATALOG, value)
}

export function permissionScopes(permission: Permission): readonly DataScope[] {
  return PERMISSION_CATALOG[permission].scopes
}

const SCOPE_RANK: Record<DataScope, number> = { own: 0, project: 1, tenant: 2 }

export function widerScope(a: DataScope, b: DataScope): DataScope {
  return SCOPE_RANK[a] >= SCOPE_RANK[b] ? a : b
}

export function scopeCovers(granted: DataScope, needed: DataScope): boolean {
  return SCOPE_RANK[granted] >= SCOPE_RANK[needed]
}
