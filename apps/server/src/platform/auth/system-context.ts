import { PERMISSIONS } from '@doorstep/domain'
import type { RequestContext } from '../http/context.ts'
import { newId } from '../ids.ts'

/**
 * The context of trusted work with no person behind it (CLI, demo seed, jobs): it runs the same use cases
 * as the API, with every permission, and is audited as "system".
 */
export function systemContext(tenantId: string, name = 'system'): RequestContext {
  return {
    actor: {
      type: 'system',
      tenantId,
      userId: null,
      name,
      permissions: new Map(PERMISSIONS.map((p) => [p, 'tenant'])),
      projectIds: [],
    },
    requestId: newId(),
    ip: null,
    locale: 'zh-CN',
  }
}
