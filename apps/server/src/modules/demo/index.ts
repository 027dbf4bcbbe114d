import crypto from 'node:crypto'
import { systemContext } from '../../platform/auth/system-context.ts'
import type { IdentityModule } from '../identity/index.ts'
import type { TenancyService } from '../tenancy/index.ts'
import type { BusinessDeps } from './demo-business.ts'
import { seedBusiness } from './demo-business.ts'

export const DEMO_SLUG = 'demo'

/** A password a person can type, with letters and digits, for a first login printed on the console. */
export const readablePassword = () =>
  `Ds${crypto.randomBytes(6).toString('base64url').replace(/[-_]/g, 'x')}${crypto.randomInt(10, 99)}`

const PROJECTS = [
  {
    code: 'SH-PD',
    name: '上海浦东服务区',
    kind: 'service_area',
    city: '上海',
    serviceArea: { center: { lat: 31.2304, lng: 121.544 }, radiusKm: 12 },
    servicePhone: '400-820-6688',
  },
  {
    code: 'SH-XH',
    name: '上海徐汇服务区',
    kind: 'service_area',
    city: '上海',
    serviceArea: { center: { lat: 31.1884, lng: 121.4365 }, radiusKm: 8 },
    servicePhone: '400-820-6688',
  },
  {
    code: 'BJ-CY-LJY',
    name: '北京朝阳·丽景苑物业',
    kind: 'property',
    city: '北京',
    // The estate's own management office.
    serviceArea: { center: { lat: 39.9219, lng: 116.4436 }, radiusKm: 3 },
    servicePhone: '010-8588 3120',
  },
] as const

const STAFF = [
  { login: 'hq', displayName: '周总（总部）', role: 'hq_manager', projects: [] },
  { login: 'pm', displayName: '王经理（浦东项目）', role: 'project_manager', projects: ['SH-PD'] },
  { login: 'dispatcher', displayName: '李调度', role: 'dispatcher', projects: ['SH-PD', 'SH-XH'] },
  { login: 'cs', displayName: '陈客服', role: 'customer_service', projects: ['SH-PD', 'SH-XH'] },
  {
    login: 'finance',
    displayName: '赵财务',
    role: 'finance',
    projects: ['SH-PD', 'SH-XH', 'BJ-CY-LJY'],
  },
  { login: 'worker1', displayName: '张师傅', role: 'worker', projects: ['SH-PD'] },
  { login: 'worker2', displayName: '刘阿姨', role: 'worker', projects: ['SH-XH'] },
] as const

export interface DemoResult {
  tenantId: string
  password: string
  business: Awaited<ReturnType<typeof seedBusiness>> | null
  logins: Array<{ login: string; displayName: string; role: string }>
}

/**
 * The demo company: projects in two cities and one account per built-in role, all with the same password.
 * The installation's operator tenant, so its admin can create more companies.
 */
export async function seedDemo(
  deps: { tenancy: TenancyService; identity: IdentityModule; business?: BusinessDeps },
  password: string,
  now: Date = new Date(),
): Promise<DemoResult> {
  const tenant = await deps.tenancy.createTenant(
    {
      slug: DEMO_SLUG,
      name: '家安到家服务有限公司（演示）',
      timeZone: 'Asia/Shanghai',
      admin: { login: 'admin', displayName: '系统管理员', password },
    },
    { operator: true },
  )
  const ctx = systemContext(tenant.id, 'demo seed')
  const projectIds = new Map<string, string>()
  const projects = []
  for (const p of PROJECTS) {
    const created = await deps.tenancy.createProject(ctx, p)
    projectIds.set(p.code, created.id)
    projects.push({ id: created.id, code: p.code, serviceArea: p.serviceArea })
  }
  const roles = await deps.identity.access.list(ctx, undefined, undefined, 100)
  const roleId = (key: string) => roles.items.find((r) => r.key === key)!.id
  for (const [i, s] of STAFF.entries()) {
    await deps.identity.users.create(ctx, {
      login: s.login,
      displayName: s.displayName,
      phone: `1390000${String(1001 + i).padStart(4, '0')}`,
      password,
      roleIds: [roleId(s.role)],
      projectIds: s.projects.map((code) => projectIds.get(code)!),
      mustChangePassword: false,
    })
  }
  const business = deps.business ? await seedBusiness(deps.business, ctx, projects, now) : null
  return {
    tenantId: tenant.id,
    password,
    business,
    logins: [
      { login: 'admin', displayName: '系统管理员', role: 'admin' },
      ...STAFF.map((s) => ({ login: s.login, displayName: s.displayName, role: s.role })),
    ],
  }
}
