import { endpoints } from '@doorstep/contracts'
import type { Logger } from 'pino'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/database.ts'
import { CommonError } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import { idempotencyKeyOf } from '../../platform/idempotency/idempotency.ts'
import type { Router } from '../../platform/http/router.ts'
import type { CatalogService } from '../catalog/index.ts'
import type { CustomerService } from '../customers/index.ts'
import type { OrderService } from '../orders/index.ts'
import { createPlanService } from './plans.service.ts'

export type { PlanService } from './plans.service.ts'
export { livePlansAt } from './plans.service.ts'

const customerIdOf = (ctx: RequestContext) => {
  if (!ctx.actor.customerId) throw new CommonError('FORBIDDEN', { permission: 'customer' })
  return ctx.actor.customerId
}

/** Recurring service plans (RRULE): visits booked ahead as ordinary orders, skipped, moved, paused. */
export function createPlansModule(deps: {
  database: Database
  clock: Clock
  log: Pick<Logger, 'error'>
  orders: OrderService
  customers: CustomerService
  catalog: CatalogService
}) {
  const service = createPlanService(deps)
  return {
    service,
    mount(router: Router) {
      router.mount(endpoints.createPlan, ({ ctx, body, request }) =>
        service.create(ctx, { ...body, channel: 'phone' }, idempotencyKeyOf(request)),
      )
      router.mount(endpoints.listPlans, ({ ctx, query }) => service.list(ctx, query))
      router.mount(endpoints.getPlan, ({ ctx, params }) => service.get(ctx, params.id))
      router.mount(endpoints.planAction, ({ ctx, params, body }) =>
        service.act(ctx, params.id, body),
      )
      router.mount(endpoints.skipPlanVisit, ({ ctx, params, body }) =>
        service.skip(ctx, params.id, body),
      )
      router.mount(endpoints.changePlanVisit, ({ ctx, params, body }) =>
        service.change(ctx, params.id, body),
      )
      router.mount(endpoints.retryPlanVisit, ({ ctx, params, body }) =>
        service.retry(ctx, params.id, body),
      )
      router.mount(endpoints.portalCreatePlan, ({ ctx, body, request }) =>
        service.create(
          ctx,
          { ...body, customerId: customerIdOf(ctx), discountPercent: 0, channel: 'portal' },
          idempotencyKeyOf(request),
        ),
      )
      router.mount(endpoints.portalPlans, ({ ctx, query }) =>
        service.list(ctx, { ...query, customerId: customerIdOf(ctx) }),
      )
      router.mount(endpoints.portalPlan, ({ ctx, params }) => service.get(ctx, params.id))
      router.mount(endpoints.portalPlanAction, ({ ctx, params, body }) =>
        service.act(ctx, params.id, body),
      )
      router.mount(endpoints.portalSkipPlanVisit, ({ ctx, params, body }) =>
        service.skip(ctx, params.id, body),
      )
      router.mount(endpoints.portalChangePlanVisit, ({ ctx, params, body }) =>
        service.change(ctx, params.id, body),
      )
    },
  }
}
