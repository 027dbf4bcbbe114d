import { endpoints } from '@doorstep/contracts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/database.ts'
import { idempotencyKeyOf } from '../../platform/idempotency/idempotency.ts'
import type { Router } from '../../platform/http/router.ts'
import { ifMatchVersions } from '../../platform/http/if-match.ts'
import { withEtag } from '../../platform/http/router.ts'
import type { CatalogService } from '../catalog/index.ts'
import type { CustomerService } from '../customers/index.ts'
import type { WorkforceService } from '../workforce/index.ts'
import { createOrderService } from './orders.service.ts'

export type { OrderService } from './orders.service.ts'
export { customerSteps, forCustomer, timelineActor } from './orders.service.ts'
export {
  correctAddressOfOpenOrders,
  forgetAllKeptDays,
  forgetDaysOnOthersWrites,
  openOrderNosAt,
  openOrderNosOfWorker,
  orderTerms,
  requireWithinHorizon,
} from './orders.service.ts'
export { OrderError } from './orders.errors.ts'

/** Booking into real availability and the order lifecycle. */
export function createOrdersModule(deps: {
  database: Database
  clock: Clock
  catalog: CatalogService
  customers: CustomerService
  workforce: WorkforceService
}) {
  const service = createOrderService(deps)
  return {
    service,
    mount(router: Router) {
      router.mount(endpoints.availability, ({ ctx, query }) => service.availability(ctx, query))
      router.mount(endpoints.ordersOverview, ({ ctx, query }) => service.overview(ctx, query))
      router.mount(endpoints.listOrders, ({ ctx, query }) => service.list(ctx, query))
      router.mount(endpoints.getOrder, async ({ ctx, params, reply }) =>
        withEtag(reply, await service.get(ctx, params.id)),
      )
      router.mount(endpoints.createOrder, async ({ ctx, body, request, reply }) =>
        withEtag(reply, await service.create(ctx, body, idempotencyKeyOf(request))),
      )
      router.mount(endpoints.orderEvent, async ({ ctx, params, body, request, reply }) =>
        withEtag(reply, await service.apply(ctx, params.id, body, ifMatchVersions(request))),
      )
    },
  }
}
