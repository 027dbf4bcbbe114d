import type { AccessCache } from '../../platform/auth/access-cache.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Keyring } from '../../platform/crypto/keyring.ts'
import { encryptedColumn } from '../../platform/crypto/rotation.ts'
import type { Database, Tx } from '../../platform/db/database.ts'
import type { Router } from '../../platform/http/router.ts'
import { createAccessService } from './access.service.ts'
import { mountIdentityRoutes } from './identity.routes.ts'
import { appUser } from './identity.tables.ts'
import { createSessionService } from './session.service.ts'
import { createUserService } from './user.service.ts'

export interface IdentityDeps {
  database: Database
  keyring: Keyring
  clock: Clock
  sessionIdleMs: number
  sessionMaxMs: number
  sensitiveDailyLimit: number
  secureCookies: boolean
  /** Sign-in attempts one IP may make per minute. */
  loginsPerMinute: number
  /** Resolved sign-ins, shared with the portal. */
  accessCache: AccessCache
}

/** Staff accounts, roles and permissions, sessions and API tokens. */
export function createIdentityModule(deps: IdentityDeps) {
  const accessChanged = (tenantId: string) => deps.accessCache.forgetTenant(tenantId)
  const access = createAccessService({ ...deps, accessChanged })
  const sessions = createSessionService({ ...deps, cache: deps.accessCache, access })
  const users = createUserService({ ...deps, access, accessChanged })
  return {
    access,
    sessions,
    users,
    authenticator: sessions.authenticator,
    /** Built-in roles and the first administrator of a new tenant, in the tenant's creating transaction. */
    async provisionTenant(
      tx: Tx,
      tenantId: string,
      admin: { login: string; displayName: string; password: string; mustChangePassword: boolean },
      operator: boolean,
    ) {
      const roleIds = await access.provisionBuiltins(tx, tenantId, operator)
      return users.insert(
        tx,
        tenantId,
        { ...admin, roleIds: [roleIds.admin!], projectIds: [] },
        deps.clock.now(),
      )
    },
    encryptedColumns: [encryptedColumn(appUser, 'phoneEnc')],
    mount: (router: Router) =>
      mountIdentityRoutes(router, {
        access,
        sessions,
        users,
        secureCookies: deps.secureCookies,
        loginsPerMinute: deps.loginsPerMinute,
      }),
  }
}

export type IdentityModule = ReturnType<typeof createIdentityModule>
export { appUser } from './identity.tables.ts'
