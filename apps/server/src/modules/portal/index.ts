import { endpoints } from '@doorstep/contracts'
import type { AccessCache } from '../../platform/auth/access-cache.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Keyring } from '../../platform/crypto/keyring.ts'
import type { Database } from '../../platform/db/database.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import { idempotencyKeyOf } from '../../platform/idempotency/idempotency.ts'
import type { Router } from '../../platform/http/router.ts'
import type { SmsProvider } from '../../platform/sms/sms.ts'
import type { CatalogService } from '../catalog/index.ts'
import type { CustomerService } from '../customers/index.ts'
import type { OrderService } from '../orders/index.ts'
import { customerSteps, forCustomer } from '../orders/index.ts'
import type { TenancyService } from '../tenancy/index.ts'
import { PORTAL_COOKIE, createPortalService } from './portal.service.ts'

interface Deps {
  database: Database
  keyring: Keyring
  clock: Clock
  sms: SmsProvider
  tenancy: TenancyService
  catalog: CatalogService
  customers: CustomerService
  orders: OrderService
  secureCookies: boolean
  loginsPerMinute: number
  accessCache: AccessCache
}

/** The customer portal's API: sign-in by SMS code, then the same use cases as the console on the customer's own records. */
export { PORTAL_COOKIE } from './portal.service.ts'

export function createPortalModule(deps: Deps) {
  const service = createPortalService({ ...deps, cache: deps.accessCache })
  const { catalog, customers, orders } = deps
  const cookie = (maxAge?: number) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.secureCookies,
    ...(maxAge ? { maxAge } : {}),
  })
  return {
    service,
    authenticator: service.authenticator,
    mount(router: Router) {
      router.mount(
        endpoints.portalRequestOtp,
        ({ body, request }) => service.requestOtp(request, body.phone),
        { perMinutePerIp: deps.loginsPerMinute },
      )
      router.mount(
        endpoints.portalLogin,
        async ({ body, ctx, request, reply }) => {
          const result = await service.login(
            request,
            body.phone,
            body.code,
            body.consentVersion,
            ctx,
          )
          void reply.setCookie(PORTAL_COOKIE, result.cookie, cookie(result.maxAgeSeconds))
          return result.view
        },
        { perMinutePerIp: deps.loginsPerMinute },
      )
      router.mount(endpoints.portalLogout, async ({ ctx, reply }) => {
        await service.logout(ctx.actor)
        void reply.clearCookie(PORTAL_COOKIE, cookie())
        return { ok: true as const }
      })
      // The portal's first question on every page load (ADR 0054): a guest is an answer, not a 401.
      router.mount(endpoints.portalSession, async ({ request, reply }) => {
        const actor = await service.authenticator.authenticate(request, reply)
        if (actor) return { signedIn: true as const, ...(await service.view(actor)) }
        // A cookie that signs no one in (expired, signed out elsewhere) is dropped, not sent with every call.
        if (request.cookies[PORTAL_COOKIE]) void reply.clearCookie(PORTAL_COOKIE, cookie())
        return { signedIn: false as const }
      })
      router.mount(endpoints.portalMe, ({ ctx }) => service.view(ctx.actor))
      router.mount(endpoints.portalContact, ({ ctx }) =>
        customers.ownContact(ctx, ctx.actor.customerId!),
      )
      router.mount(endpoints.portalUpdateProfile, async ({ ctx, body }) => {
        await customers.update(ctx, ctx.actor.customerId!, { name: body.name }, undefined)
        return service.view({ ...ctx.actor, name: body.name })
      })
      router.mount(endpoints.portalCatalog, async ({ request }) => {
        const company = await service.tenantOf(request)
        return { company: { name: company.name }, ...(await catalog.publicCatalog(company.id)) }
      })
      // The customer reads their own addresses in full: a list of masked ones could not tell two homes apart.
      const ownAddresses = async (ctx: RequestContext) => ({
        items: await customers.ownAddresses(ctx, ctx.actor.customerId!),
      })
      router.mount(endpoints.portalAddresses, ({ ctx }) => ownAddresses(ctx))
      router.mount(endpoints.portalAddAddress, async ({ ctx, body }) => ({
        items: await customers.addOwnAddress(ctx, ctx.actor.customerId!, body),
      }))
      router.mount(endpoints.portalAddress, ({ ctx, params }) =>
        customers.ownAddress(ctx, ctx.actor.customerId!, params.id),
      )
      router.mount(endpoints.portalUpdateAddress, async ({ ctx, params, body }) => ({
        items: await customers.updateOwnAddress(ctx, ctx.actor.customerId!, params.id, body),
      }))
      router.mount(endpoints.portalRemoveAddress, async ({ ctx, params }) => ({
        items: await customers.removeOwnAddress(ctx, ctx.actor.customerId!, params.id),
      }))
      // The address form warns when the phone's location is outside every service area (saving there fails).
      router.mount(endpoints.portalCoverage, async ({ ctx, query }) => ({
        covered: await deps.tenancy.covers(ctx, query),
      }))
      router.mount(endpoints.portalAvailability, ({ ctx, query }) =>
        orders.availability(ctx, query),
      )
      // A customer's order answers offer only the customer's own steps (cancel, reschedule, review).
      const mine = <
        O extends Parameters<typeof forCustomer>[0] & Parameters<typeof customerSteps>[0],
      >(
        order: O,
      ) => customerSteps(forCustomer(order))
      router.mount(endpoints.portalCreateOrder, async ({ ctx, body, request }) =>
        mine(
          await orders.create(
            ctx,
            { ...body, customerId: ctx.actor.customerId!, channel: 'portal', discountFen: 0 },
            idempotencyKeyOf(request),
          ),
        ),
      )
      router.mount(endpoints.portalOrders, async ({ ctx, query }) => {
        const page = await orders.list(ctx, query)
        return { ...page, items: page.items.map(customerSteps) }
      })
      router.mount(endpoints.portalOrderServices, ({ ctx }) => orders.servicesOrdered(ctx))
      router.mount(endpoints.portalOrder, async ({ ctx, params }) => {
        const order = mine(await orders.get(ctx, params.id))
        return { ...order, servicePhone: await deps.tenancy.servicePhoneOf(ctx, order.projectId) }
      })
      router.mount(endpoints.portalOrderAction, async ({ ctx, params, body }) =>
        mine(
          await orders.apply(
            ctx,
            params.id,
            { event: body.action, reason: body.reason, windowStart: body.windowStart },
            undefined,
          ),
        ),
      )
    },
  }
}
