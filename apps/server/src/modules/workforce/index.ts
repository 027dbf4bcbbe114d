import { endpoints } from '@doorstep/contracts'
import type { Clock } from '../../platform/clock.ts'
import type { Keyring } from '../../platform/crypto/keyring.ts'
import { encryptedColumn } from '../../platform/crypto/rotation.ts'
import type { Database, Executor } from '../../platform/db/database.ts'
import type { Router } from '../../platform/http/router.ts'
import { ifMatchVersions } from '../../platform/http/if-match.ts'
import { withEtag } from '../../platform/http/router.ts'
import { worker } from './workforce.tables.ts'
import { createWorkforceService } from './workforce.service.ts'

export { workerHold } from './workforce.service.ts'

export type { WorkerOnDate, WorkforceService } from './workforce.service.ts'

/** Field workers: skills, projects, weekly shifts (minimal until the workforce issue). */
export function createWorkforceModule(deps: {
  database: Database
  keyring: Keyring
  clock: Clock
  sensitiveDailyLimit: number
  openOrderNosOf: (tx: Executor, workerId: string) => Promise<string[]>
}) {
  const service = createWorkforceService(deps)
  return {
    service,
    encryptedColumns: [encryptedColumn(worker, 'phoneEnc')],
    mount(router: Router) {
      router.mount(endpoints.listWorkers, ({ ctx, query }) => service.list(ctx, query))
      router.mount(endpoints.getWorker, async ({ ctx, params, reply }) =>
        withEtag(reply, await service.get(ctx, params.id)),
      )
      router.mount(endpoints.createWorker, async ({ ctx, body, reply }) =>
        withEtag(reply, await service.create(ctx, body)),
      )
      router.mount(endpoints.updateWorker, async ({ ctx, params, body, request, reply }) =>
        withEtag(reply, await service.update(ctx, params.id, body, ifMatchVersions(request))),
      )
    },
  }
}
