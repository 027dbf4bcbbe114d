import type { Logger } from 'pino'
import { endpoints } from '@doorstep/contracts'
import type { Clock } from '../../platform/clock.ts'
import type { Database } from '../../platform/db/database.ts'
import type { Router } from '../../platform/http/router.ts'
import type { SmsProvider } from '../../platform/sms/sms.ts'
import type { CustomerService } from '../customers/index.ts'
import { createNotificationService } from './notifications.service.ts'

export type { NotificationService } from './notifications.service.ts'

/** Domain events become customer notices: in-app inbox, SMS, WeChat; retried with back-off. */
export function createNotificationsModule(deps: {
  database: Database
  clock: Clock
  log: Logger
  customers: CustomerService
  sms: SmsProvider
}) {
  const service = createNotificationService(deps)
  return {
    service,
    mount(router: Router) {
      router.mount(endpoints.portalNotices, ({ ctx, query }) => service.inbox(ctx, query))
      router.mount(endpoints.portalReadNotice, ({ ctx, params }) =>
        service.markRead(ctx, params.id),
      )
      router.mount(endpoints.portalNotificationPreferences, ({ ctx }) => service.preferences(ctx))
      router.mount(endpoints.portalSetNotificationPreferences, ({ ctx, body }) =>
        service.setPreferences(ctx, body),
      )
      router.mount(endpoints.listDeliveries, ({ ctx, query }) => service.deliveries(ctx, query))
    },
  }
}
