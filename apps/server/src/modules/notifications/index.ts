import type { Logger } from 'pino'
import { endpoints } from '@doorstep/contracts'
import type { Clock } from '../../platform/clock.ts'
import type { Keyring } from '../../platform/crypto/keyring.ts'
import { encryptedColumn } from '../../platform/crypto/rotation.ts'
import type { Database } from '../../platform/db/database.ts'
import type { Router } from '../../platform/http/router.ts'
import type { SmsProvider } from '../../platform/sms/sms.ts'
import type { WechatClient } from '../../platform/wechat/wechat.ts'
import type { CustomerService } from '../customers/index.ts'
import { createNotificationService } from './notifications.service.ts'
import { wechatBinding } from './notifications.tables.ts'
import { createWechatBindingService } from './wechat-binding.service.ts'

export type { NotificationService } from './notifications.service.ts'

/** Domain events become customer notices: in-app inbox, SMS, WeChat; retried with back-off. */
export function createNotificationsModule(deps: {
  database: Database
  keyring: Keyring
  clock: Clock
  log: Logger
  customers: CustomerService
  sms: SmsProvider
  /** The mini program whose subscription messages carry WeChat notices; null when none is configured. */
  wechat: WechatClient | null
}) {
  const bindings = createWechatBindingService(deps)
  const service = createNotificationService({ ...deps, bindings })
  return {
    service,
    encryptedColumns: [encryptedColumn(wechatBinding, 'openidEnc')],
    mount(router: Router) {
      router.mount(endpoints.portalNotices, ({ ctx, query }) => service.inbox(ctx, query))
      router.mount(endpoints.portalReadNotice, ({ ctx, params }) =>
        service.markRead(ctx, params.id),
      )
      router.mount(endpoints.portalReadAllNotices, ({ ctx, body }) =>
        service.markAllRead(ctx, body?.upTo),
      )
      router.mount(endpoints.portalNotificationPreferences, ({ ctx }) => service.preferences(ctx))
      router.mount(endpoints.portalSetNotificationPreferences, ({ ctx, body }) =>
        service.setPreferences(ctx, body),
      )
      router.mount(endpoints.portalBindWechat, ({ ctx, body }) =>
        service.bindWechat(ctx, body.code),
      )
      router.mount(endpoints.portalUnbindWechat, ({ ctx }) => service.unbindWechat(ctx))
      router.mount(endpoints.listDeliveries, ({ ctx, query }) => service.deliveries(ctx, query))
    },
  }
}
