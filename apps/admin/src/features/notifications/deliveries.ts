import type { Delivery } from './api.ts'

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

/** Red for a give-up, orange for one still being retried, green once sent, grey when there was nothing to send. */
export function deliveryTag(status: Delivery['status']): TagType {
  switch (status) {
    case 'failed':
      return 'danger'
    case 'pending':
      return 'warning'
    case 'sent':
      return 'success'
    case 'skipped':
      return 'info'
  }
}
