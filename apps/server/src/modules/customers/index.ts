import { endpoints } from '@doorstep/contracts'
import type { Clock } from '../../platform/clock.ts'
import type { Keyring } from '../../platform/crypto/keyring.ts'
import { encryptedColumn } from '../../platform/crypto/rotation.ts'
import type { Database } from '../../platform/db/database.ts'
import type { Router } from '../../platform/http/router.ts'
import { ifMatchVersions } from '../../platform/http/if-match.ts'
import { withEtag } from '../../platform/http/router.ts'
import { customer, customerAddress } from './customers.tables.ts'
import type { AddressCorrectedIn, AddressUsesOf, KnownIdsOf } from './customers.service.ts'
import { createCustomerService } from './customers.service.ts'

export type {
  AddressUses,
  AddressUsesOf,
  CustomerService,
  ServiceAddress,
} from './customers.service.ts'
export { requireProjectTakingBookings } from './customers.service.ts'

/** Customers, their service addresses and preferences. */
export function createCustomersModule(deps: {
  database: Database
  keyring: Keyring
  clock: Clock
  sensitiveDailyLimit: number
  addressUses: AddressUsesOf
  addressCorrected: AddressCorrectedIn
  knownWorkers: KnownIdsOf
  knownServices: KnownIdsOf
}) {
  const service = createCustomerService(deps)
  return {
    service,
    encryptedColumns: [
      encryptedColumn(customer, 'phoneEnc'),
      encryptedColumn(customerAddress, 'contactPhoneEnc'),
      encryptedColumn(customerAddress, 'detailEnc'),
      encryptedColumn(customerAddress, 'locationEnc'),
    ],
    mount(router: Router) {
      router.mount(endpoints.listCustomers, ({ ctx, query }) => service.list(ctx, query))
      router.mount(endpoints.getCustomer, async ({ ctx, params, reply }) =>
        withEtag(reply, await service.get(ctx, params.id)),
      )
      router.mount(endpoints.createCustomer, async ({ ctx, body, reply }) =>
        withEtag(reply, await service.create(ctx, body)),
      )
      router.mount(endpoints.updateCustomer, async ({ ctx, params, body, request, reply }) =>
        withEtag(reply, await service.update(ctx, params.id, body, ifMatchVersions(request))),
      )
      router.mount(endpoints.addCustomerAddress, async ({ ctx, params, body, reply }) =>
        withEtag(reply, await service.addAddress(ctx, params.id, body)),
      )
      router.mount(endpoints.updateCustomerAddress, async ({ ctx, params, body, reply }) =>
        withEtag(reply, await service.updateAddress(ctx, params.id, params.addressId, body)),
      )
      router.mount(endpoints.removeCustomerAddress, async ({ ctx, params, reply }) =>
        withEtag(reply, await service.removeAddress(ctx, params.id, params.addressId)),
      )
      router.mount(endpoints.revealCustomer, ({ ctx, params }) => service.reveal(ctx, params.id))
    },
  }
}
