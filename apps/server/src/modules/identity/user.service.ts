import { inArray } from 'drizzle-orm'
import type { Actor } from '../../platform/auth/actor.ts'
import { managesAll, projectFilter, requirePermission } from '../../platform/auth/actor.ts'
import { hashPassword } from '../../platform/auth/password.ts'
import { appendAudit } from '../../platform/audit/audit.ts'
import { auditActorOf } from '../../platform/audit/context.ts'
import { auditDiff } from '../../platform/audit/diff.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Keyring } from '../../platform/crypto/keyring.ts'
import type { Database, Executor } from '../../platform/db/database.ts'
import { holdUntilCommit } from '../../platform/db/database.ts'
import { CommonError } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import type { IfMatch } from '../../platform/http/if-match.ts'
import { requireListedVersion } from '../../platform/http/if-match.ts'
import { idCursor, toPage } from '../../platform/http/paging.ts'
import { newId } from '../../platform/ids.ts'
import { localDate } from '@doorstep/domain'
import { countSensitiveChange } from '../../platform/limits/daily-limit.ts'
import { project, tenantTimeZone } from '../tenancy/index.ts'
import type { AccessService } from './access.service.ts'
import { assertWithinActor } from './access.service.ts'
import { IdentityError } from './identity.errors.ts'
import { PHONE_PATTERN, decryptPhone, phoneColumns } from './phone.ts'
import { existingRoleIds } from './role.repository.ts'
import * as sessions from './session.repository.ts'
import type { UserWithLinks } from './user.repository.ts'
import * as users from './user.repository.ts'

export interface NewUser {
  login: string
  displayName: string
  phone?: string | undefined
  password: string
  roleIds: string[]
  projectIds: string[]
  mustChangePassword?: boolean
}

export interface UserChanges {
  displayName?: string | undefined
  phone?: string | null | undefined
  status?: 'active' | 'disabled' | undefined
  roleIds?: string[] | undefined
  projectIds?: string[] | undefined
}

export const toUserDto = (u: UserWithLinks) => ({
  id: u.id,
  login: u.login,
  displayName: u.displayName,
  phoneMasked: u.phoneMasked,
  status: u.status,
  roleIds: u.roleIds,
  projectIds: u.projectIds,
  lockedUntil: u.lockedUntil?.toISOString() ?? null,
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  createdAt: u.createdAt.toISOString(),
  version: u.version,
})

interface Deps {
  database: Database
  keyring: Keyring
  clock: Clock
  access: AccessService
  /** Sensitive changes (personal data of others) one staff member may make per day. */
  sensitiveDailyLimit: number
  /** Called once a write that can narrow someone's access has committed. */
  accessChanged: (tenantId: string) => void
}

export function createUserService({
  database,
  keyring,
  clock,
  access,
  sensitiveDailyLimit,
  accessChanged,
}: Deps) {
  /** A user outside the actor's projects is "not found", exactly like another tenant's. */
  async function loadVisible(
    tx: Executor,
    actor: Actor,
    id: string,
    permission: 'users:read' | 'users:manage' | 'users.pii:reveal',
    lock = false,
  ) {
    const visible = projectFilter(actor, permission)
    const user = await users.getUser(tx, id, lock)
    if (!user || (visible && !user.projectIds.some((p) => visible.includes(p)))) {
      throw new CommonError('NOT_FOUND', { entity: 'user' })
    }
    if (permission === 'users:manage' && !managesAll(actor, permission, user.projectIds))
      throw new IdentityError('USER_BEYOND_SCOPE')
    return user
  }

  async function checkAssignments(
    tx: Executor,
    actor: Actor,
    roleIds: readonly string[],
    projectIds: readonly string[],
  ) {
    const known = await existingRoleIds(tx, roleIds)
    roleIds.forEach((id, i) => {
      if (!known.has(id))
        throw new IdentityError('UNKNOWN_ROLE', {}, [
          { field: `body.roleIds.${i}`, code: 'unknown_role', message: id },
        ])
    })
    assertWithinActor(actor, await access.permissionsOf(tx, roleIds), 'body.roleIds')
    const visible = projectFilter(actor, 'users:manage')
    const existing = projectIds.length
      ? new Set(
          (
            await tx
              .select({ id: project.id })
              .from(project)
              .where(inArray(project.id, [...projectIds]))
          ).map((p) => p.id),
        )
      : new Set<string>()
    projectIds.forEach((id, i) => {
      if (!existing.has(id) || (visible && !visible.includes(id))) {
        throw new IdentityError('UNKNOWN_PROJECT', {}, [
          { field: `body.projectIds.${i}`, code: 'unknown_project' },
        ])
      }
    })
  }

  /**
   * A company keeps at least one active administrator: disabling the last one, or taking the role from them,
   * would leave nobody able to manage users, roles or anything else. Such changes wait for each other.
   */
  async function keepAnAdministrator(
    tx: Executor,
    tenantId: string,
    user: UserWithLinks,
    changes: UserChanges,
  ) {
    // Only a disable or a change of roles can take someone's administration away: the rest read nothing.
    if (changes.status !== 'disabled' && changes.roleIds === undefined) return
    const adminRole = await users.adminRoleId(tx)
    if (!adminRole || user.status !== 'active' || !user.roleIds.includes(adminRole)) return
    const stopsBeing =
      changes.status === 'disabled' ||
      (changes.roleIds !== undefined && !changes.roleIds.includes(adminRole))
    if (!stopsBeing) return
    await holdUntilCommit(tx, `administrators:${tenantId}`)
    if ((await users.otherActiveAdmins(tx, user.id)) === 0)
      throw new IdentityError('LAST_ADMINISTRATOR')
  }

  async function claimPhone(tx: Executor, tenantId: string, userId: string, phone: string) {
    const identifier = users.phoneIdentifier(keyring.blindIndex('phone', phone))
    if (!(await users.claimIdentifier(tx, identifier, tenantId, userId))) {
      throw new IdentityError('PHONE_TAKEN', {}, [{ field: 'body.phone', code: 'phone_taken' }])
    }
  }

  /** Creates a user inside a transaction (used by tenant provisioning and the demo seed, too). */
  async function insert(tx: Executor, tenantId: string, input: NewUser, at: Date) {
    const id = newId()
    if (!(await users.claimIdentifier(tx, users.loginIdentifier(input.login), tenantId, id))) {
      throw new IdentityError('LOGIN_TAKEN', {}, [{ field: 'body.login', code: 'login_taken' }])
    }
    if (input.phone) await claimPhone(tx, tenantId, id, input.phone)
    await users.insertUser(tx, {
      tenantId,
      id,
      login: input.login,
      displayName: input.displayName,
      ...phoneColumns(keyring, tenantId, id, input.phone ?? null),
      passwordHash: await hashPassword(input.password),
      mustChangePassword: input.mustChangePassword ?? false,
      createdAt: at,
      updatedAt: at,
    })
    await users.setUserRoles(tx, tenantId, id, input.roleIds)
    await users.setUserProjects(tx, tenantId, id, input.projectIds)
    return id
  }

  return {
    insert,

    async list(
      ctx: RequestContext,
      f: {
        q?: string | undefined
        status?: 'active' | 'disabled' | undefined
        roleId?: string | undefined
        projectId?: string | undefined
        cursor?: string | undefined
        limit: number
      },
    ) {
      const visibleProjects = projectFilter(ctx.actor, 'users:read')
      const beforeId = idCursor(f.cursor)
      const q = f.q?.trim()
      const rows = await database.tenant(ctx.actor.tenantId, (tx) =>
        users.listUsers(tx, {
          q,
          phoneBidx: q && PHONE_PATTERN.test(q) ? keyring.blindIndex('phone', q) : undefined,
          status: f.status,
          roleId: f.roleId,
          projectId: f.projectId,
          visibleProjects,
          beforeId,
          limit: f.limit + 1,
        }),
      )
      return toPage(rows, f.limit, toUserDto, (u) => u.id)
    },

    async get(ctx: RequestContext, id: string) {
      return database.tenant(ctx.actor.tenantId, async (tx) =>
        toUserDto(await loadVisible(tx, ctx.actor, id, 'users:read')),
      )
    },

    async create(ctx: RequestContext, input: NewUser) {
      requirePermission(ctx.actor, 'users:manage', 'project')
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        await checkAssignments(tx, ctx.actor, input.roleIds, input.projectIds)
        if (projectFilter(ctx.actor, 'users:manage') && input.projectIds.length === 0) {
          throw new IdentityError('PROJECT_REQUIRED', {}, [
            { field: 'body.projectIds', code: 'project_required' },
          ])
        }
        const at = clock.now()
        const id = await insert(
          tx,
          ctx.actor.tenantId,
          { ...input, mustChangePassword: input.mustChangePassword ?? true },
          at,
        )
        const { password: _p, mustChangePassword: _m, ...shown } = input
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'user.created',
            entityType: 'user',
            entityId: id,
            diff: auditDiff(null, shown, ['phone']),
          },
          at,
        )
        return toUserDto((await users.getUser(tx, id))!)
      })
    },

    async update(ctx: RequestContext, id: string, changes: UserChanges, ifMatch: IfMatch) {
      requirePermission(ctx.actor, 'users:manage', 'project')
      const updated = await database.tenant(ctx.actor.tenantId, async (tx) => {
        const user = await loadVisible(tx, ctx.actor, id, 'users:manage', true)
        requireListedVersion(ifMatch, user.version)
        if (changes.status === 'disabled' && id === ctx.actor.userId)
          throw new IdentityError('CANNOT_DISABLE_SELF')
        await keepAnAdministrator(tx, ctx.actor.tenantId, user, changes)
        // Whoever edits an account must be able to hand out every role it ends up with.
        await checkAssignments(
          tx,
          ctx.actor,
          changes.roleIds ?? user.roleIds,
          changes.projectIds ?? [],
        )
        const at = clock.now()
        const currentPhone = decryptPhone(keyring, ctx.actor.tenantId, id, user.phoneEnc)
        const before = {
          displayName: user.displayName,
          status: user.status,
          phone: currentPhone,
          roleIds: user.roleIds,
          projectIds: user.projectIds,
        }
        const diff = auditDiff(before, changes, ['phone'])
        // Nothing differs (an empty PATCH, a form saved unchanged): no new version, no audit entry.
        if (!Object.keys(diff).length) return toUserDto(user)
        const phoneChanged = changes.phone !== undefined && changes.phone !== currentPhone
        if (phoneChanged) {
          await countSensitiveChange(tx, ctx.actor, {
            kind: 'staff.pii',
            day: localDate(at, await tenantTimeZone(tx)),
            limit: sensitiveDailyLimit,
          })
          if (user.phoneBidx)
            await users.releaseIdentifier(tx, users.phoneIdentifier(user.phoneBidx))
          if (changes.phone) await claimPhone(tx, ctx.actor.tenantId, id, changes.phone)
        }
        await users.updateUser(tx, id, {
          ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
          ...(changes.status !== undefined ? { status: changes.status } : {}),
          ...(phoneChanged
            ? phoneColumns(keyring, ctx.actor.tenantId, id, changes.phone ?? null)
            : {}),
          updatedAt: at,
          version: user.version + 1,
        })
        if (changes.roleIds) await users.setUserRoles(tx, ctx.actor.tenantId, id, changes.roleIds)
        if (changes.projectIds)
          await users.setUserProjects(tx, ctx.actor.tenantId, id, changes.projectIds)
        if (changes.status === 'disabled') await sessions.deleteUserSessions(tx, id)
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action:
              changes.status === 'disabled' && user.status !== 'disabled'
                ? 'user.disabled'
                : 'user.updated',
            entityType: 'user',
            entityId: id,
            diff,
          },
          at,
        )
        return toUserDto((await users.getUser(tx, id))!)
      })
      accessChanged(ctx.actor.tenantId)
      return updated
    },

    /** An administrator sets a password; the user must change it at next sign-in, and is signed out now. */
    async resetPassword(ctx: RequestContext, id: string, newPassword: string) {
      requirePermission(ctx.actor, 'users:manage', 'project')
      const passwordHash = await hashPassword(newPassword)
      await database.tenant(ctx.actor.tenantId, async (tx) => {
        const user = await loadVisible(tx, ctx.actor, id, 'users:manage', true)
        assertWithinActor(ctx.actor, await access.permissionsOf(tx, user.roleIds))
        const at = clock.now()
        await users.updateUser(tx, id, {
          passwordHash,
          mustChangePassword: true,
          failedLogins: 0,
          lockedUntil: null,
          updatedAt: at,
        })
        await sessions.deleteUserSessions(tx, id)
        await appendAudit(
          tx,
          auditActorOf(ctx),
          { action: 'user.password_reset', entityType: 'user', entityId: id },
          at,
        )
      })
      accessChanged(ctx.actor.tenantId)
    },

    /** The full phone number, for someone allowed to see it; every reveal is audited. */
    async revealPhone(ctx: RequestContext, id: string) {
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const user = await loadVisible(tx, ctx.actor, id, 'users.pii:reveal')
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'user.pii_revealed',
            entityType: 'user',
            entityId: id,
            diff: { field: { from: null, to: 'phone' } },
          },
          clock.now(),
        )
        return { phone: decryptPhone(keyring, ctx.actor.tenantId, id, user.phoneEnc) }
      })
    },
  }
}

export type UserService = ReturnType<typeof createUserService>
