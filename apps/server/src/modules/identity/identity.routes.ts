import { PERMISSIONS, PERMISSION_CATALOG } from '@doorstep/domain'
import { endpoints } from '@doorstep/contracts'
import type { Router } from '../../platform/http/router.ts'
import { ifMatchVersions } from '../../platform/http/if-match.ts'
import { withEtag } from '../../platform/http/router.ts'
import type { AccessService } from './access.service.ts'
import type { SessionService } from './session.service.ts'
import { SESSION_COOKIE } from './session.service.ts'
import type { UserService } from './user.service.ts'

interface Deps {
  access: AccessService
  sessions: SessionService
  users: UserService
  secureCookies: boolean
  loginsPerMinute: number
}

export function mountIdentityRoutes(
  router: Router,
  { access, sessions, users, secureCookies, loginsPerMinute }: Deps,
) {
  router.mount(
    endpoints.login,
    async ({ body, ctx, request, reply }) => {
      const result = await sessions.login(body, {
        ip: ctx.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: ctx.requestId,
      })
      void reply.setCookie(
        SESSION_COOKIE,
        result.cookie,
        sessions.cookieOptions(secureCookies, result.maxAgeSeconds),
      )
      return result.view
    },
    { perMinutePerIp: loginsPerMinute },
  )
  router.mount(endpoints.logout, async ({ ctx, reply }) => {
    await sessions.logout(ctx)
    void reply.clearCookie(SESSION_COOKIE, sessions.cookieOptions(secureCookies))
    return { ok: true as const }
  })
  router.mount(endpoints.me, ({ ctx }) => sessions.me(ctx))
  router.mount(endpoints.changePassword, async ({ ctx, body }) => {
    await sessions.changePassword(ctx, body.currentPassword, body.newPassword)
    return { ok: true as const }
  })

  router.mount(endpoints.permissionCatalog, () =>
    Promise.resolve({
      items: PERMISSIONS.map((key) => {
        const p = PERMISSION_CATALOG[key]
        return { key, group: p.group, label: { zh: p.zh, en: p.en }, scopes: [...p.scopes] }
      }),
    }),
  )
  router.mount(endpoints.listRoles, ({ ctx, query }) =>
    access.list(ctx, query.q, query.cursor, query.limit),
  )
  router.mount(endpoints.getRole, async ({ ctx, params, reply }) =>
    withEtag(reply, await access.get(ctx, params.id)),
  )
  router.mount(endpoints.createRole, async ({ ctx, body, reply }) =>
    withEtag(reply, await access.create(ctx, body)),
  )
  router.mount(endpoints.updateRole, async ({ ctx, params, body, request, reply }) =>
    withEtag(reply, await access.update(ctx, params.id, body, ifMatchVersions(request))),
  )
  router.mount(endpoints.deleteRole, async ({ ctx, params }) => {
    await access.remove(ctx, params.id)
    return { ok: true as const }
  })

  router.mount(endpoints.listUsers, ({ ctx, query }) => users.list(ctx, query))
  router.mount(endpoints.getUser, async ({ ctx, params, reply }) =>
    withEtag(reply, await users.get(ctx, params.id)),
  )
  router.mount(endpoints.createUser, async ({ ctx, body, reply }) =>
    withEtag(reply, await users.create(ctx, body)),
  )
  router.mount(endpoints.updateUser, async ({ ctx, params, body, request, reply }) =>
    withEtag(reply, await users.update(ctx, params.id, body, ifMatchVersions(request))),
  )
  router.mount(endpoints.resetUserPassword, async ({ ctx, params, body }) => {
    await users.resetPassword(ctx, params.id, body.newPassword)
    return { ok: true as const }
  })
  router.mount(endpoints.revealUserPhone, ({ ctx, params }) => users.revealPhone(ctx, params.id))

  router.mount(endpoints.listApiTokens, ({ ctx, query }) =>
    sessions.listTokens(ctx, query.cursor, query.limit),
  )
  router.mount(endpoints.createApiToken, ({ ctx, body }) => sessions.createToken(ctx, body))
  router.mount(endpoints.revokeApiToken, async ({ ctx, params }) => {
    await sessions.revokeToken(ctx, params.id)
    return { ok: true as const }
  })
}
