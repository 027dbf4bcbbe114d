import { endpoints } from '@doorstep/contracts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/database.ts'
import type { Router } from '../../platform/http/router.ts'
import type { ProvisionTenant } from './tenancy.service.ts'
import { createTenancyService } from './tenancy.service.ts'

export { project, tenant } from './tenancy.tables.ts'
export type { NewTenant, ProvisionTenant, TenancyService } from './tenancy.service.ts'
export {
  allTenantIds,
  projectCovering,
  tenantTimeZone,
  withinTenantDays,
} from './tenancy.service.ts'

/** Companies (tenants) and their projects. */
export function createTenancyModule(deps: {
  database: Database
  clock: Clock
  provision: ProvisionTenant
}) {
  const service = createTenancyService(deps)
  return {
    service,
    mount(router: Router) {
      router.mount(endpoints.listProjects, ({ ctx, query }) => service.listProjects(ctx, query))
      router.mount(endpoints.createProject, ({ ctx, body }) => service.createProject(ctx, body))
      router.mount(endpoints.updateProject, ({ ctx, params, body }) =>
        service.updateProject(ctx, params.id, body),
      )
      router.mount(endpoints.createTenant, ({ ctx, body }) =>
        service.createTenant(body, { by: ctx }),
      )
    },
  }
}
