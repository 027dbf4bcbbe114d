import { endpoints } from '@doorstep/contracts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/database.ts'
import type { Router } from '../../platform/http/router.ts'
import type { CustomerService } from '../customers/index.ts'
import type { FilesService } from '../files/index.ts'
import { forCustomer, type OrderService } from '../orders/index.ts'
import type { WorkforceService } from '../workforce/index.ts'
import { createAftersalesService } from './aftersales.service.ts'

export type { AftersalesService } from './aftersales.service.ts'
export { openComplaintsAt } from './aftersales.service.ts'

/** After-sales: complaints from filing to the customer's confirmation, with rework and follow-up visits. */
export function createAftersalesModule(deps: {
  database: Database
  clock: Clock
  files: FilesService
  orders: OrderService
  customers: CustomerService
  workforce: WorkforceService
}) {
  const service = createAftersalesService(deps)
  return {
    service,
    mount(router: Router) {
      router.mount(endpoints.complaintsOverview, ({ ctx, query }) => service.overview(ctx, query))
      router.mount(endpoints.listComplaints, ({ ctx, query }) => service.list(ctx, query))
      router.mount(endpoints.complaintReport, ({ ctx, query }) =>
        service.report(ctx, query.from, query.to, query.projectId),
      )
      router.mount(endpoints.getComplaint, ({ ctx, params }) => service.get(ctx, params.id))
      router.mount(endpoints.createComplaint, ({ ctx, body }) => {
        const { orderId, ...complaint } = body
        return service.create(ctx, orderId, complaint)
      })
      router.mount(endpoints.complaintEvent, ({ ctx, params, body }) =>
        service.apply(ctx, params.id, body),
      )
      // The customer's own steps keep their name; the office's are named by role in the portal (as orders').
      router.mount(endpoints.portalComplain, async ({ ctx, params, body }) =>
        forCustomer(await service.create(ctx, params.id, body)),
      )
      router.mount(endpoints.portalComplaints, ({ ctx, query }) => service.list(ctx, query))
      router.mount(endpoints.portalComplaint, async ({ ctx, params }) =>
        forCustomer(await service.get(ctx, params.id)),
      )
      router.mount(endpoints.portalConfirmComplaint, async ({ ctx, params }) =>
        forCustomer(await service.apply(ctx, params.id, { event: 'confirm' })),
      )
    },
  }
}
