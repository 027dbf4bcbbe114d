import type { DataScope, EffectivePermissions, Permission, RoleNode } from '@doorstep/domain'
import {
  BUILTIN_ROLES,
  permissionScopes,
  resolveRole,
  resolveUser,
  scopeCovers,
  wouldCycle,
} from '@doorstep/domain'
import type { Actor } from '../../platform/auth/actor.ts'
import { requirePermission } from '../../platform/auth/actor.ts'
import { appendAudit } from '../../platform/audit/audit.ts'
import { auditActorOf } from '../../platform/audit/context.ts'
import { auditDiff } from '../../platform/audit/diff.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Database, Executor } from '../../platform/db/database.ts'
import { holdUntilCommit } from '../../platform/db/database.ts'
import { CommonError } from '../../platform/errors.ts'
import type { RequestContext } from '../../platform/http/context.ts'
import type { IfMatch } from '../../platform/http/if-match.ts'
import { requireListedVersion } from '../../platform/http/if-match.ts'
import { idCursor } from '../../platform/http/paging.ts'
import { newId } from '../../platform/ids.ts'
import { IdentityError } from './identity.errors.ts'
import type { RoleRow } from './role.repository.ts'
import * as roles from './role.repository.ts'

export interface Grant {
  permission: Permission
  scope: DataScope
}

export interface RoleInput {
  name: string
  description: string
  inherits: string[]
  grants: Grant[]
  denies: Permission[]
}

export interface RoleView extends Omit<
  RoleRow,
  'grants' | 'denies' | 'tenantId' | 'createdAt' | 'updatedAt'
> {
  grants: Grant[]
  denies: Permission[]
  effective: Grant[]
}

const toNode = (r: RoleRow): RoleNode => ({
  id: r.id,
  inherits: r.inherits,
  grants: r.grants as Grant[],
  denies: r.denies as Permission[],
})

export const grantsOf = (effective: EffectivePermissions): Grant[] =>
  [...effective]
    .map(([permission, scope]) => ({ permission, scope }))
    .sort((a, b) => a.permission.localeCompare(b.permission))

/**
 * Refuses to hand out more than the actor holds: a role manager cannot mint an administrator. `field` names
 * what asked for it (a role's grants and parents, a user's roles).
 */
export function assertWithinActor(actor: Actor, effective: EffectivePermissions, field?: string) {
  for (const [permission, scope] of effective) {
    const held = actor.permissions.get(permission)
    if (!held || !scopeCovers(held, scope))
      throw new IdentityError(
        'PERMISSION_NOT_HELD',
        { permission, scope },
        field ? [{ field, code: 'permission_not_held' }] : undefined,
      )
  }
}

export function createAccessService({
  database,
  clock,
  accessChanged,
}: {
  database: Database
  clock: Clock
  /** Called once a write that can narrow someone's access has committed. */
  accessChanged: (tenantId: string) => void
}) {
  const graphOf = (rows: RoleRow[]) => new Map(rows.map((r) => [r.id, toNode(r)]))

  const view = (row: RoleRow, graph: Map<string, RoleNode>): RoleView => {
    const { tenantId: _t, createdAt: _c, updatedAt: _u, ...rest } = row
    return {
      ...rest,
      grants: row.grants as Grant[],
      denies: row.denies as Permission[],
      effective: grantsOf(resolveRole(graph, row.id)),
    }
  }

  async function load(tx: Executor, id: string) {
    const all = await roles.listRoles(tx)
    const row = all.find((r) => r.id === id)
    if (!row) throw new CommonError('NOT_FOUND', { entity: 'role' })
    return { all, row, graph: graphOf(all) }
  }

  /** Role writes that name a role wait for each other: two of one name at once would both find it free. */
  const holdRoleNames = (tx: Executor, tenantId: string) =>
    holdUntilCommit(tx, `role-names:${tenantId}`)

  /** Each parent, grant and denial once: a list sent with repeats means the same as without them. */
  function withoutRepeats<T extends Partial<RoleInput>>(input: T): T {
    const grants = input.grants && [
      ...new Map(input.grants.map((g) => [`${g.permission} ${g.scope}`, g])).values(),
    ]
    return {
      ...input,
      ...(input.inherits && { inherits: [...new Set(input.inherits)] }),
      ...(grants && { grants }),
      ...(input.denies && { denies: [...new Set(input.denies)] }),
    }
  }

  function validate(actor: Actor, all: RoleRow[], id: string, input: RoleInput) {
    // Roles are picked by name when staff are given them: two of one name cannot be told apart.
    const name = input.name.trim().toLowerCase()
    if (all.some((r) => r.id !== id && r.name.trim().toLowerCase() === name))
      throw new IdentityError('ROLE_NAME_TAKEN', {}, [
        { field: 'body.name', code: 'role_name_taken' },
      ])
    const known = new Set(all.map((r) => r.id))
    input.inherits.forEach((parent, i) => {
      if (parent === id)
        throw new IdentityError('ROLE_CYCLE', {}, [
          { field: `body.inherits.${i}`, code: 'role_cycle' },
        ])
      if (!known.has(parent)) {
        throw new IdentityError('UNKNOWN_ROLE', {}, [
          { field: `body.inherits.${i}`, code: 'unknown_role', message: parent },
        ])
      }
    })
    input.grants.forEach((g, i) => {
      if (!permissionScopes(g.permission).includes(g.scope)) {
        throw new IdentityError('SCOPE_NOT_ALLOWED', { permission: g.permission, scope: g.scope }, [
          {
            field: `body.grants.${i}.scope`,
            code: 'scope_not_allowed',
            message: `${g.permission}: ${g.scope}`,
          },
        ])
      }
    })
    const graph = graphOf(all)
    if (wouldCycle(graph, id, input.inherits))
      throw new IdentityError('ROLE_CYCLE', {}, [{ field: 'body.inherits', code: 'role_cycle' }])
    graph.set(id, { id, inherits: input.inherits, grants: input.grants, denies: input.denies })
    assertWithinActor(actor, resolveRole(graph, id), 'body.grants')
  }

  return {
    /** Effective permissions of a set of roles, read in the caller's transaction. */
    async permissionsOf(tx: Executor, roleIds: readonly string[]): Promise<EffectivePermissions> {
      if (roleIds.length === 0) return new Map()
      return resolveUser(graphOf(await roles.listRoles(tx)), roleIds)
    },

    async list(
      ctx: RequestContext,
      q: string | undefined,
      afterId: string | undefined,
      limit: number,
    ) {
      requirePermission(ctx.actor, 'roles:read', 'tenant')
      const after = idCursor(afterId)
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const all = await roles.listRoles(tx)
        const graph = graphOf(all)
        const needle = q?.toLowerCase()
        const matching = all.filter(
          (r) => !needle || r.name.toLowerCase().includes(needle) || r.key?.includes(needle),
        )
        const at = after ? matching.findIndex((r) => r.id === after) : -1
        // A cursor naming no role of this list (deleted since, or made up) would start the list over unsaid.
        if (after && at === -1)
          throw new CommonError('INVALID_CURSOR', {}, [
            { field: 'query.cursor', code: 'invalid_cursor' },
          ])
        const start = at + 1
        const items = matching.slice(start, start + limit)
        const more = start + limit < matching.length
        return {
          items: items.map((r) => view(r, graph)),
          nextCursor: more ? (items.at(-1)?.id ?? null) : null,
        }
      })
    },

    async get(ctx: RequestContext, id: string) {
      requirePermission(ctx.actor, 'roles:read', 'tenant')
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const { row, graph } = await load(tx, id)
        return view(row, graph)
      })
    },

    async create(ctx: RequestContext, sent: RoleInput) {
      requirePermission(ctx.actor, 'roles:manage', 'tenant')
      return database.tenant(ctx.actor.tenantId, async (tx) => {
        const id = newId()
        await holdRoleNames(tx, ctx.actor.tenantId)
        validate(ctx.actor, await roles.listRoles(tx), id, sent)
        // After validating, so that a problem names the index the caller sent.
        const input = withoutRepeats(sent)
        const at = clock.now()
        await roles.insertRole(
          tx,
          {
            tenantId: ctx.actor.tenantId,
            id,
            key: null,
            builtin: false,
            name: input.name,
            description: input.description,
            grants: input.grants,
            denies: input.denies,
            createdAt: at,
            updatedAt: at,
          },
          input.inherits,
        )
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'role.created',
            entityType: 'role',
            entityId: id,
            diff: auditDiff(null, input),
          },
          at,
        )
        const { row, graph } = await load(tx, id)
        return view(row, graph)
      })
    },

    async update(ctx: RequestContext, id: string, sent: Partial<RoleInput>, ifMatch: IfMatch) {
      requirePermission(ctx.actor, 'roles:manage', 'tenant')
      const updated = await database.tenant(ctx.actor.tenantId, async (tx) => {
        if (sent.name !== undefined) await holdRoleNames(tx, ctx.actor.tenantId)
        const { all, row, graph } = await load(tx, id)
        if (row.builtin) throw new IdentityError('ROLE_BUILTIN')
        requireListedVersion(ifMatch, row.version)
        const before: RoleInput = {
          name: row.name,
          description: row.description,
          inherits: row.inherits,
          grants: row.grants as Grant[],
          denies: row.denies as Permission[],
        }
        validate(ctx.actor, all, id, { ...before, ...sent })
        const changes = withoutRepeats(sent)
        const next = { ...before, ...changes }
        const diff = auditDiff(before, next)
        // Nothing differs (an empty PATCH, a form saved unchanged): no new version, no audit entry.
        if (!Object.keys(diff).length) return view(row, graph)
        const at = clock.now()
        const saved = await roles.updateRole(
          tx,
          ctx.actor.tenantId,
          id,
          row.version,
          {
            name: next.name,
            description: next.description,
            grants: next.grants,
            denies: next.denies,
          },
          changes.inherits,
          at,
        )
        if (!saved) throw new CommonError('VERSION_MISMATCH')
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'role.updated',
            entityType: 'role',
            entityId: id,
            diff,
          },
          at,
        )
        const reloaded = await load(tx, id)
        return view(reloaded.row, reloaded.graph)
      })
      accessChanged(ctx.actor.tenantId)
      return updated
    },

    async remove(ctx: RequestContext, id: string) {
      requirePermission(ctx.actor, 'roles:manage', 'tenant')
      await database.tenant(ctx.actor.tenantId, async (tx) => {
        const { row } = await load(tx, id)
        if (row.builtin) throw new IdentityError('ROLE_BUILTIN')
        const children = await roles.childRoleCount(tx, id)
        if (row.userCount > 0 || children > 0)
          throw new IdentityError('ROLE_IN_USE', { users: row.userCount, roles: children })
        await roles.deleteRole(tx, id)
        await appendAudit(
          tx,
          auditActorOf(ctx),
          {
            action: 'role.deleted',
            entityType: 'role',
            entityId: id,
            diff: { name: { from: row.name, to: null } },
          },
          clock.now(),
        )
      })
      accessChanged(ctx.actor.tenantId)
    },

    /** Creates the built-in roles of a new tenant; returns their ids by key. */
    async provisionBuiltins(
      tx: Executor,
      tenantId: string,
      withPlatform: boolean,
    ): Promise<Record<string, string>> {
      const at = clock.now()
      const ids: Record<string, string> = {}
      for (const builtin of BUILTIN_ROLES) {
        const id = newId()
        ids[builtin.key] = id
        const grants = [...builtin.grants]
        if (builtin.key === 'admin' && withPlatform)
          grants.push({ permission: 'platform:tenants', scope: 'tenant' })
        await roles.insertRole(
          tx,
          {
            tenantId,
            id,
            key: builtin.key,
            builtin: true,
            name: builtin.zh,
            description: '',
            grants,
            denies: [],
            createdAt: at,
            updatedAt: at,
          },
          [],
        )
      }
      return ids
    },
  }
}

export type AccessService = ReturnType<typeof createAccessService>
