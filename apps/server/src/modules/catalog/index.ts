import { endpoints } from '@doorstep/contracts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/database.ts'
import type { Router } from '../../platform/http/router.ts'
import { ifMatchVersions } from '../../platform/http/if-match.ts'
import { withEtag } from '../../platform/http/router.ts'
import { createCatalogService } from './catalog.service.ts'

export { CatalogError } from './catalog.errors.ts'
export type { CatalogService, OfferedService } from './catalog.service.ts'

/** Service categories and items, with versioned prices. */
export function createCatalogModule(deps: { database: Database; clock: Clock }) {
  const service = createCatalogService(deps)
  return {
    service,
    mount(router: Router) {
      router.mount(endpoints.listCategories, ({ ctx }) => service.listCategories(ctx))
      router.mount(endpoints.createCategory, ({ ctx, body }) => service.createCategory(ctx, body))
      router.mount(endpoints.updateCategory, ({ ctx, params, body }) =>
        service.updateCategory(ctx, params.id, body),
      )
      router.mount(endpoints.deleteCategory, ({ ctx, params }) =>
        service.deleteCategory(ctx, params.id),
      )
      router.mount(endpoints.listServiceItems, ({ ctx, query }) => service.listItems(ctx, query))
      router.mount(endpoints.getServiceItem, async ({ ctx, params, reply }) =>
        withEtag(reply, await service.getItem(ctx, params.id)),
      )
      router.mount(endpoints.createServiceItem, async ({ ctx, body, reply }) =>
        withEtag(reply, await service.createItem(ctx, body)),
      )
      router.mount(endpoints.updateServiceItem, async ({ ctx, params, body, request, reply }) =>
        withEtag(reply, await service.updateItem(ctx, params.id, body, ifMatchVersions(request))),
      )
    },
  }
}
