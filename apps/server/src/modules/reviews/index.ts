import { endpoints } from '@doorstep/contracts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/database.ts'
import type { Router } from '../../platform/http/router.ts'
import type { FilesService } from '../files/index.ts'
import type { OrderService } from '../orders/index.ts'
import type { WorkforceService } from '../workforce/index.ts'
import { createReviewService } from './reviews.service.ts'

export type { ReviewService } from './reviews.service.ts'

/** Reviews of completed orders, replies and moderation. */
export function createReviewsModule(deps: {
  database: Database
  clock: Clock
  files: FilesService
  orders: OrderService
  workforce: WorkforceService
}) {
  const service = createReviewService(deps)
  return {
    service,
    mount(router: Router) {
      router.mount(endpoints.portalReview, ({ ctx, params, body }) =>
        service.create(ctx, params.id, body),
      )
      router.mount(endpoints.portalOrderReview, ({ ctx, params }) =>
        service.ofOrder(ctx, params.id),
      )
      router.mount(endpoints.listReviews, ({ ctx, query }) => service.list(ctx, query))
      router.mount(endpoints.replyReview, ({ ctx, params, body }) =>
        service.reply(ctx, params.id, body.reply),
      )
      router.mount(endpoints.moderateReview, ({ ctx, params, body }) =>
        service.moderate(ctx, params.id, body.hidden, body.reason),
      )
    },
  }
}
