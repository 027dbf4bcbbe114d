import { newSecret, sha256 } from '../../platform/auth/secrets.ts'
import type { FastifyRequest } from 'fastify'
import { asc, eq, inArray } from 'drizzle-orm'
import type { DataScope, EffectivePermissions, Permission } from '@doorstep/domain'
import { scopeCovers } from '@doorstep/domain'
import type { AccessCache, SignedIn } from '../../platform/auth/access-cache.ts'
import { assertCsrf } from '../../platform/auth/access-cache.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { requirePermission } from '../../platform/auth/actor.ts'
import { hashPassword, verifyDecoy, verifyPassword } from '../../platform/auth/password.ts'
import type { AuditActor } from '../../platform/audit/audit.ts'
import { appendAudit } from '../../platform/audit/audit.ts'
import { auditActorOf } from '../../platform/audit/context.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Keyring } from '../../platform/crypto/keyring.ts'
import type { Database, Executor } from '../../platform/db/database.ts'
import { CommonError } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import type { Authenticator } from '../../platform/http/router.ts'
import { idCursor, toPage } from '../../platform/http/paging.ts'
import { UUID_PATTERN, newId } from '../../platform/ids.ts'
import { project, tenant } from '../tenancy/index.ts'
import type { AccessService, Grant } from './access.service.ts'
import { grantsOf } from './access.service.ts'
import { IdentityError } from './identity.errors.ts'
import { PHONE_PATTERN } from './phone.ts'
import * as sessions from './session.repository.ts'
import type { UserRow } from './user.repository.ts'
import * as users from './user.repository.ts'

export const SESSION_COOKIE = 'ds_session'
const TOKEN_PREFIX = 'dst_'
const TOUCH_EVERY_MS = 60_000
const FREE_FAILURES = 5
const MAX_LOCK_MS = 60 * 60_000

/** After the free failures, each further failure doubles the lock: 1, 2, 4 … minutes, at most an hour. */
export const lockDuration = (failures: number) =>
  failures < FREE_FAILURES ? 0 : Math.min(60_000 * 2 ** (failures - FREE_FAILURES), MAX_LOCK_MS)

export interface SessionView {
  user: {
    id: string
    tenantId: string
    tenantName: string
    tenantTimeZone: string
    login: string
    displayName: string
    locale: 'zh-CN' | 'en'
    mustChangePassword: boolean
  }
  permissions: Grant[]
  projects: Array<{ id: string; code: string; name: string }>
  memberProjectIds: string[]
  csrfToken: string
}

type CachedSignIn = SignedIn & { until: number }

interface Deps {
  database: Database
  /** Resolved sessions and tokens, shared with the portal's sign-ins. */
  cache: AccessCache
  keyring: Keyring
  clock: Clock
  access: AccessService
  sessionIdleMs: number
  sessionMaxMs: number
}

export function createSessionService({
  database,
  cache,
  keyring,
  clock,
  access,
  sessionIdleMs,
  sessionMaxMs,
}: Deps) {
  async function describe(
    tx: Executor,
    user: UserRow,
    permissions: EffectivePermissions,
    csrfToken: string,
  ): Promise<SessionView> {
    const [t] = await tx
      .select({ name: tenant.name, timeZone: tenant.timeZone })
      .from(tenant)
      .where(eq(tenant.id, user.tenantId))
    const tenantWide = [...permissions.values()].includes('tenant')
    const mine = await users.projectIdsOfUser(tx, user.id)
    const projects = await tx
      .select({ id: project.id, code: project.code, name: project.name })
      .from(project)
      .where(
        tenantWide
          ? eq(project.active, true)
          : mine.length
            ? inArray(project.id, mine)
            : eq(project.id, user.id),
      )
      .orderBy(asc(project.code))
    return {
      user: {
        id: user.id,
        tenantId: user.tenantId,
        tenantName: t?.name ?? '',
        tenantTimeZone: t?.timeZone ?? 'Asia/Shanghai',
        login: user.login,
        displayName: user.displayName,
        locale: user.locale,
        mustChangePassword: user.mustChangePassword,
      },
      permissions: grantsOf(permissions),
      projects,
      memberProjectIds: mine,
      csrfToken,
    }
  }

  const anonymousAudit = (tenantId: string, user: UserRow, meta: LoginMeta): AuditActor => ({
    tenantId,
    actorType: 'user',
    actorId: user.id,
    actorName: user.displayName,
    requestId: meta.requestId,
    ip: meta.ip,
  })

  interface LoginMeta {
    ip: string | null
    userAgent: string | null
    requestId: string
  }

  async function signedInByCookie(tenantId: string, secretHash: string, now: Date) {
    return database.tenant(tenantId, async (tx): Promise<CachedSignIn | null> => {
      const row = await sessions.findSession(tx, secretHash)
      if (!row) return null
      const idleSince = now.getTime() - row.session.lastSeenAt.getTime()
      if (
        idleSince > sessionIdleMs ||
        row.session.expiresAt <= now ||
        row.user.status !== 'active'
      ) {
        await sessions.deleteSession(tx, row.session.id)
        return null
      }
      const touched = idleSince > TOUCH_EVERY_MS
      if (touched) await sessions.touchSession(tx, row.session.id, now)
      // One read gives both the roles and the projects.
      const links = await users.getUser(tx, row.user.id)
      const lastSeen = touched ? now.getTime() : row.session.lastSeenAt.getTime()
      return {
        actor: {
          type: 'user',
          tenantId,
          userId: row.user.id,
          name: row.user.displayName,
          permissions: await access.permissionsOf(tx, links?.roleIds ?? []),
          projectIds: links?.projectIds ?? [],
          sessionId: row.session.id,
          mustChangePassword: row.user.mustChangePassword,
        },
        csrfToken: row.session.csrfToken,
        until: Math.min(row.session.expiresAt.getTime(), lastSeen + sessionIdleMs),
      }
    })
  }

  async function actorFromCookie(value: string, request: FastifyRequest): Promise<Actor | null> {
    const dot = value.indexOf('.')
    const tenantId = value.slice(0, dot)
    if (dot < 0 || !UUID_PATTERN.test(tenantId)) return null
    const now = clock.now()
    const secretHash = sha256(value.slice(dot + 1))
    const found = await cache.resolve(`session:${tenantId}:${secretHash}`, now.getTime(), () =>
      signedInByCookie(tenantId, secretHash, now),
    )
    if (!found) return null
    assertCsrf(request, found)
    return found.actor
  }

  async function actorFromToken(token: string): Promise<Actor | null> {
    const tenantId = token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + 36)
    if (!token.startsWith(TOKEN_PREFIX) || !UUID_PATTERN.test(tenantId)) return null
    const now = clock.now()
    const secretHash = sha256(token.slice(TOKEN_PREFIX.length + 37))
    const load = () =>
      database.tenant(tenantId, async (tx): Promise<CachedSignIn | null> => {
        const row = await sessions.findToken(tx, secretHash)
        if (
          !row ||
          row.user.status !== 'active' ||
          (row.token.expiresAt && row.token.expiresAt <= now)
        )
          return null
        if (
          !row.token.lastUsedAt ||
          now.getTime() - row.token.lastUsedAt.getTime() > TOUCH_EVERY_MS
        ) {
          await sessions.touchToken(tx, row.token.id, now)
        }
        // A token never does more than its creator can do today.
        const links = await users.getUser(tx, row.user.id)
        const creator = await access.permissionsOf(tx, links?.roleIds ?? [])
        const permissions = new Map<Permission, DataScope>()
        for (const { permission, scope } of row.token.permissions as Grant[]) {
          const held = creator.get(permission)
          if (held) permissions.set(permission, scopeCovers(held, scope) ? scope : held)
        }
        return {
          actor: {
            type: 'api_token' as const,
            tenantId,
            userId: row.user.id,
            name: `${row.token.name} (${row.user.displayName})`,
            permissions,
            projectIds: links?.projectIds ?? [],
            tokenId: row.token.id,
          },
          csrfToken: null,
          until: row.token.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY,
        }
      })
    const found = await cache.resolve(`token:${tenantId}:${secretHash}`, now.getTime(), load)
    return found?.actor ?? null
  }

  const authenticator: Authenticator = {
    async authenticate(request: FastifyRequest) {
      const header = request.headers.authorization
      if (header?.startsWith('Bearer ')) return actorFromToken(header.slice(7).trim())
      const cookie = request.cookies[SESSION_COOKIE]
      return cookie ? actorFromCookie(cookie, request) : null
    },
  }

  return {
    authenticator,

    /** Returns the cookie value and the session; failures are counted (and committed) before refusing. */
    async login(input: { login: string; password: string }, meta: LoginMeta) {
      const identifier = PHONE_PATTERN.test(input.login)
        ? users.phoneIdentifier(keyring.blindIndex('phone', input.login))
        : users.loginIdentifier(input.login)
      const entry = await database.system((tx) => users.findInDirectory(tx, identifier))
      if (!entry) {
        await verifyDecoy(input.password)
        throw new IdentityError('INVALID_CREDENTIALS')
      }
      const now = clock.now()
      const outcome = await database.tenant(entry.tenantId, async (tx) => {
        const user = await users.getUser(tx, entry.userId, true)
        if (!user) return { kind: 'invalid' as const }
        if (user.lockedUntil && user.lockedUntil > now) {
          return {
            kind: 'locked' as const,
            retryAfterSeconds: Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000),
          }
        }
        if (!(await verifyPassword(user.passwordHash, input.password))) {
          const failures = user.failedLogins + 1
          const lockMs = lockDuration(failures)
          await users.updateUser(tx, user.id, {
            failedLogins: failures,
            lockedUntil: lockMs ? new Date(now.getTime() + lockMs) : null,
          })
          await appendAudit(
            tx,
            anonymousAudit(entry.tenantId, user, meta),
            {
              action: 'auth.login_failed',
              entityType: 'user',
              entityId: user.id,
              diff: { failedLogins: { from: user.failedLogins, to: failures } },
            },
            now,
          )
          return lockMs
            ? { kind: 'locked' as const, retryAfterSeconds: lockMs / 1000 }
            : { kind: 'invalid' as const }
        }
        if (user.status !== 'active') return { kind: 'disabled' as const }
        await users.updateUser(tx, user.id, {
          failedLogins: 0,
          lockedUntil: null,
          lastLoginAt: now,
        })
        const value = newSecret()
        const csrfToken = newSecret()
        const sessionId = newId()
        await sessions.insertSession(tx, {
          tenantId: entry.tenantId,
          id: sessionId,
          secretHash: sha256(value),
          userId: user.id,
          csrfToken,
          createdAt: now,
          lastSeenAt: now,
          expiresAt: new Date(now.getTime() + sessionMaxMs),
          ip: meta.ip,
          userAgent: meta.userAgent?.slice(0, 300) ?? null,
        })
        await appendAudit(
          tx,
          anonymousAudit(entry.tenantId, user, meta),
          { action: 'auth.login', entityType: 'session', entityId: sessionId },
          now,
        )
        const view = await describe(
          tx,
          user,
          await access.permissionsOf(tx, user.roleIds),
          csrfToken,
        )
        return { kind: 'ok' as const, cookie: `${entry.tenantId}.${value}`, view }
      })
      switch (outcome.kind) {
        case 'ok':
          return {
            cookie: outcome.cookie,
            view: outcome.view,
            maxAgeSeconds: Math.floor(sessionMaxMs / 1000),
          }
        case 'locked':
          throw new IdentityError('ACCOUNT_LOCKED', {
            retryAfterSeconds: outcome.retryAfterSeconds,
          })
        case 'disabled':
          throw new IdentityError('ACCOUNT_DISABLED')
        case 'invalid':
          throw new IdentityError('INVALID_CREDENTIALS')
      }
    },

    async me(ctx: RequestContext): Promise<SessionView> {
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const user = await users.getUser(tx, ctx.actor.userId!)
        if (!user) throw new CommonError('UNAUTHENTICATED')
        const csrf = ctx.actor.sessionId
          ? await sessions.csrfOfSession(tx, ctx.actor.sessionId)
          : ''
        return describe(tx, user, ctx.actor.permissions, csrf)
      })
    },

    async logout(ctx: RequestContext) {
      if (!ctx.actor.sessionId) return
      await database.tenant(ctx.actor.tenantId, async (tx) => {
        await sessions.deleteSession(tx, ctx.actor.sessionId!)
        await appendAudit(
          tx,
          auditActorOf(ctx),
          { action: 'auth.logout', entityType: 'session', entityId: ctx.actor.sessionId! },
          clock.now(),
        )
      })
      cache.forgetTenant(ctx.actor.tenantId)
    },

    /** Changes the caller's password and ends their other sessions. */
    async changePassword(ctx: RequestContext, currentPassword: string, newPassword: string) {
      if (ctx.actor.type !== 'user') throw new CommonError('FORBIDDEN', { permission: 'session' })
      // A password an administrator set must really be replaced, not kept by "changing" it to itself.
      if (newPassword === currentPassword)
        throw new IdentityError('PASSWORD_UNCHANGED', {}, [
          { field: 'body.newPassword', code: 'password_unchanged' },
        ])
      const passwordHash = await hashPassword(newPassword)
      await database.tenant(ctx.actor.tenantId, async (tx) => {
        const user = await users.getUser(tx, ctx.actor.userId!, true)
        if (!user) throw new CommonError('UNAUTHENTICATED')
        if (!(await verifyPassword(user.passwordHash, currentPassword))) {
          throw new IdentityError('WRONG_PASSWORD', {}, [
            { field: 'body.currentPassword', code: 'wrong_password' },
          ])
        }
        const at = clock.now()
        await users.updateUser(tx, user.id, {
          passwordHash,
          mustChangePassword: false,
          updatedAt: at,
        })
        await sessions.deleteUserSessions(tx, user.id, ctx.actor.sessionId)
        await appendAudit(
          tx,
          auditActorOf(ctx),
          { action: 'user.password_changed', entityType: 'user', entityId: user.id },
          at,
        )
      })
      cache.forgetTenant(ctx.actor.tenantId)
    },

    async listTokens(ctx: RequestContext, afterId: string | undefined, limit: number) {
      requirePermission(ctx.actor, 'api-tokens:manage', 'tenant')
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const rows = await sessions.listTokens(tx, idCursor(afterId), limit + 1)
        return toPage(
          rows,
          limit,
          (t) => ({
            id: t.id,
            name: t.name,
            permissions: t.permissions as Grant[],
            createdAt: t.createdAt.toISOString(),
            lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
            expiresAt: t.expiresAt?.toISOString() ?? null,
          }),
          (t) => t.id,
        )
      })
    },

    async createToken(
      ctx: RequestContext,
      input: { name: string; permissions: Grant[]; expiresInDays?: number | undefined },
    ) {
      requirePermission(ctx.actor, 'api-tokens:manage', 'tenant')
      // A token made by a token would outlive the revocation or the expiry of the one that made it.
      if (ctx.actor.type === 'api_token') throw new IdentityError('TOKEN_CANNOT_MINT')
      input.permissions.forEach((g) => {
        const held = ctx.actor.permissions.get(g.permission)
        if (!held || !scopeCovers(held, g.scope))
          throw new IdentityError('PERMISSION_NOT_HELD', {
            permission: g.permission,
            scope: g.scope,
          })
      })
      const at = clock.now()
      const id = newId()
      const value = newSecret()
      const expiresAt = input.expiresInDays
        ? new Date(at.getTime() + input.expiresInDays * 86_400_000)
        : null
      await database.tenant(ctx.actor.tenantId, async (tx) => {
        await sessions.insertToken(tx, {
          tenantId: ctx.actor.tenantId,
          id,
          name: input.name,
          secretHash: sha256(value),
          userId: ctx.actor.userId!,
          permissions: input.permissions,
          createdAt: at,
          expiresAt,
        })
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'api_token.created',
            entityType: 'api_token',
            entityId: id,
            diff: {
              name: { from: null, to: input.name },
              permissions: { from: null, to: input.permissions },
            },
          },
          at,
        )
      })
      return {
        id,
        name: input.name,
        permissions: input.permissions,
        createdAt: at.toISOString(),
        lastUsedAt: null,
        expiresAt: expiresAt?.toISOString() ?? null,
        token: `${TOKEN_PREFIX}${ctx.actor.tenantId}_${value}`,
      }
    },

    async revokeToken(ctx: RequestContext, id: string) {
      requirePermission(ctx.actor, 'api-tokens:manage', 'tenant')
      await database.tenant(ctx.actor.tenantId, async (tx) => {
        const at = clock.now()
        if (!(await sessions.revokeToken(tx, id, at)))
          throw new CommonError('NOT_FOUND', { entity: 'api token' })
        await appendAudit(
          tx,
          auditActorOf(ctx),
          { action: 'api_token.revoked', entityType: 'api_token', entityId: id },
          at,
        )
      })
      cache.forgetTenant(ctx.actor.tenantId)
    },

    /** Used by the HTTP layer to set and clear the cookie. */
    cookieOptions(secure: boolean, maxAgeSeconds?: number) {
      return {
        path: '/',
        httpOnly: true,
        sameSite: 'lax' as const,
        secure,
        ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
      }
    },
  }
}

export type SessionService = ReturnType<typeof createSessionService>
