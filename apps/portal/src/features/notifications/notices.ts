import type { NotificationTemplate } from '@doorstep/domain'
import { NOTIFICATION_TEMPLATES } from '@doorstep/domain'
import type { RouteLocationRaw } from 'vue-router'

/** Where tapping a notice leads: its complaint, else its order, else nowhere (it is only read). */
export function noticeTarget(notice: {
  orderId: string | null
  complaintId: string | null
}): RouteLocationRaw | null {
  if (notice.complaintId) return { name: 'complaint', params: { id: notice.complaintId } }
  if (notice.orderId) return { name: 'order', params: { id: notice.orderId } }
  return null
}

const ICONS: Record<NotificationTemplate, string> = {
  booking_confirmed: 'passed',
  worker_assigned: 'manager-o',
  worker_on_the_way: 'logistics',
  order_completed: 'completed',
  review_request: 'star-o',
  order_cancelled: 'close',
  order_rescheduled: 'underway-o',
  complaint_update: 'service-o',
  plan_booked: 'calendar-o',
  plan_paused: 'pause-circle-o',
  plan_resumed: 'play-circle-o',
  plan_ended: 'stop-circle-o',
  plan_changed: 'exchange',
}
export const noticeIcon = (template: NotificationTemplate) => ICONS[template]

/** The templates in the order the preferences page lists them. */
export const TEMPLATES: readonly NotificationTemplate[] = NOTIFICATION_TEMPLATES

/** Turns one template's notices on or off on SMS/WeChat (in-app is always on); the list stays in template order. */
export function toggleMuted(
  muted: readonly NotificationTemplate[],
  template: NotificationTemplate,
  on: boolean,
): NotificationTemplate[] {
  const next = new Set(muted)
  if (on) next.delete(template)
  else next.add(template)
  return TEMPLATES.filter((t) => next.has(t))
}

/**
 * The newest notice the list shows (newest first): "read all" marks up to it, so a notice that arrived after
 * the list was loaded — or that only the badge has counted — stays unread. Undefined when the list is empty.
 */
export function newestShownNotice(
  list: { pages: ReadonlyArray<{ items: ReadonlyArray<{ id: string }> }> } | undefined,
): string | undefined {
  return list?.pages[0]?.items[0]?.id
}

/** A badge's text: nothing at 0, 99+ above 99. */
export const badgeText = (n: number): string => (n <= 0 ? '' : n > 99 ? '99+' : String(n))

/**
 * What the WeChat row offers. Only a WeChat mini program can tell who the WeChat user is (a `wx.login()` code,
 * passed to its web-view as `?wxcode=`): elsewhere the page can only say where binding happens.
 */
export type WechatBindingOffer = 'unavailable' | 'bound' | 'bind' | 'reopen' | 'in_mini_program'
export function wechatBindingOffer(
  binding: { available: boolean; bound: boolean },
  where: { inMiniProgram: boolean; code: string | null },
): WechatBindingOffer {
  if (!binding.available) return 'unavailable'
  if (binding.bound) return 'bound'
  if (where.code) return 'bind'
  return where.inMiniProgram ? 'reopen' : 'in_mini_program'
}

/** Inside a WeChat mini program's web-view, WeChat's page script sets this global. */
export const inWechatMiniProgram = () =>
  typeof window !== 'undefined' &&
  (window as { __wxjs_environment?: string }).__wxjs_environment === 'miniprogram'
