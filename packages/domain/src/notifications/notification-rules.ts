import type { ComplaintStatus } from '../aftersales/complaint-state.ts'
import { COMPLAINT_STATUS_WORDS } from '../aftersales/complaint-state.ts'
import { recurrenceEnd, recurrenceText, withEnd } from '../plans/plan-rule.ts'

/**
 * Which domain events tell the customer what, through which channels, in which words; and how often a
 * failed delivery is retried. Pure: the server's relay and delivery loop apply these rules.
 */
export const NOTIFICATION_TEMPLATES = [
  'booking_confirmed',
  'worker_assigned',
  'worker_on_the_way',
  'order_completed',
  'review_request',
  'order_cancelled',
  'order_rescheduled',
  'complaint_update',
  'plan_booked',
  'plan_paused',
  'plan_resumed',
  'plan_ended',
  'plan_changed',
] as const
export type NotificationTemplate = (typeof NOTIFICATION_TEMPLATES)[number]

export const NOTIFICATION_CHANNELS = ['in_app', 'sms', 'wechat'] as const
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number]

/** What an event says about an order or a complaint; every field the templates use. */
export interface NoticeFacts {
  readonly orderNo?: string | undefined
  readonly serviceName?: string | undefined
  /** ISO instant of the arrival window's start. */
  readonly windowStart?: string | undefined
  readonly status?: string | undefined
  /** A booking that waits for its deposit (pending payment with a deposit asked). */
  readonly depositDue?: boolean | undefined
  /** A plan's RRULE and first date, worded in the reader's language when the notice is read. */
  readonly rrule?: string | undefined
  readonly startDate?: string | undefined
}

/** Event type → the templates it triggers for the customer (an event may trigger none). */
const BY_EVENT: Readonly<Record<string, readonly NotificationTemplate[]>> = {
  'order.created': ['booking_confirmed'],
  'order.assigned': ['worker_assigned'],
  'order.worker_departed': ['worker_on_the_way'],
  'order.completed': ['order_completed', 'review_request'],
  'order.cancelled': ['order_cancelled'],
  'order.rescheduled': ['order_rescheduled'],
  'complaint.filed': ['complaint_update'],
  'complaint.respond': ['complaint_update'],
  'complaint.resolve': ['complaint_update'],
  'complaint.follow_up': ['complaint_update'],
  'complaint.close': ['complaint_update'],
  'complaint.reopen': ['complaint_update'],
  'plan.created': ['plan_booked'],
  'plan.paused': ['plan_paused'],
  'plan.resumed': ['plan_resumed'],
  'plan.ended': ['plan_ended'],
  'plan.changed': ['plan_changed'],
}

/**
 * The templates an event triggers. Whoever writes the event decides whether the customer hears of it: an
 * event with `announce: false` triggers nothing, because the customer is told another way — a recurring
 * plan is announced once by `plan_booked` (not by a booking text for every visit it books as the weeks
 * pass), and a pause or an end once by `plan_paused` / `plan_ended` (not by a cancellation for every visit
 * it cancels).
 */
export function templatesFor(
  eventType: string,
  payload: Readonly<Record<string, unknown>> = {},
): readonly NotificationTemplate[] {
  if (payload.announce === false) return []
  // Written before events said `announce`: a plan's visit bookings were silent then.
  if (payload.announce === undefined && eventType === 'order.created' && 'planId' in payload)
    return []
  return BY_EVENT[eventType] ?? []
}

/**
 * Text messages cost money and interrupt: only what a customer must not miss goes by SMS. In-app always;
 * WeChat wherever the customer turned it on (it is free and quiet).
 */
const SMS_WORTHY: ReadonlySet<NotificationTemplate> = new Set([
  'booking_confirmed',
  'worker_on_the_way',
  'order_cancelled',
  'order_rescheduled',
  'review_request',
  'plan_booked',
  'plan_paused',
  'plan_resumed',
  'plan_ended',
  'plan_changed',
])

export interface NotificationPreferences {
  readonly sms: boolean
  readonly wechat: boolean
  /** Templates the customer turned off on every channel but in-app. */
  readonly muted: readonly NotificationTemplate[]
}

export const DEFAULT_PREFERENCES: NotificationPreferences = { sms: true, wechat: false, muted: [] }

/** The channels one notice goes out on for a customer with these preferences. */
export function channelsFor(
  template: NotificationTemplate,
  prefs: NotificationPreferences,
): NotificationChannel[] {
  const channels: NotificationChannel[] = ['in_app']
  if (prefs.muted.includes(template)) return channels
  if (prefs.sms && SMS_WORTHY.has(template)) channels.push('sms')
  if (prefs.wechat) channels.push('wechat')
  return channels
}

export const MAX_DELIVERY_ATTEMPTS = 6

/**
 * Delay before attempt `attempt + 1` after `attempt` failures: 30 s, 2 min, 8 min, 32 min, 2 h 8 min, then
 * give up (about 2 h 50 min in all: a notice later than that is noise). Null means give up now.
 */
export function retryDelayMs(attempt: number): number | null {
  if (attempt >= MAX_DELIVERY_ATTEMPTS) return null
  return 30_000 * 4 ** (attempt - 1)
}

type Locale = 'zh-CN' | 'en'
type Words = (f: NoticeFacts, when: string) => { title: string; body: string }

/**
 * The plan's rule without its window (the first visit names it), in brackets after the plan's name: "（每周三，
 * 共 4 次）" / " (Every Wednesday, 4 visits)"; nothing when the event does not carry it.
 */
function ruleWords(f: NoticeFacts, locale: Locale): string {
  const rule = ruleText(f, locale)
  if (!rule) return ''
  return locale === 'en' ? ` (${rule})` : `（${rule}）`
}

/** "每周三，共 4 次" / "Every Wednesday, 4 visits"; empty when the event does not carry the rule. */
function ruleText(f: NoticeFacts, locale: Locale): string {
  if (!f.rrule || !f.startDate) return ''
  const what = recurrenceText(f.rrule, f.startDate, locale) ?? f.rrule
  const end = recurrenceEnd(f.rrule, locale)
  return end ? withEnd(what, end, locale) : what
}

const TEXT: Record<Locale, Record<NotificationTemplate, Words>> = {
  'zh-CN': {
    booking_confirmed: (f, when) =>
      f.status === 'pending_payment' && f.depositDue
        ? {
            title: '预约已提交，待付定金',
            body: `您预约的${f.serviceName ?? '服务'}（订单 ${f.orderNo ?? ''}）已为您保留 ${when}，需先付定金；客服会尽快联系您确认付款方式，付定金后为您安排服务人员。`,
          }
        : {
            title: '预约成功',
            body: `您预约的${f.serviceName ?? '服务'}（订单 ${f.orderNo ?? ''}）已确认，上门时间 ${when}。`,
          },
    worker_assigned: (f) => ({
      title: '已为您安排服务人员',
      body: `订单 ${f.orderNo ?? ''} 已安排服务人员，我们会在上门前通知您。`,
    }),
    worker_on_the_way: (f) => ({
      title: '服务人员已出发',
      body: `订单 ${f.orderNo ?? ''} 的服务人员已出发，请保持电话畅通。`,
    }),
    order_completed: (f) => ({
      title: '服务已完成',
      body: `订单 ${f.orderNo ?? ''} 的${f.serviceName ?? '服务'}已完成，感谢您的信任。`,
    }),
    review_request: (f) => ({
      title: '请为本次服务评价',
      body: `您对订单 ${f.orderNo ?? ''} 的服务满意吗？欢迎在“我的订单”中评价。`,
    }),
    order_cancelled: (f) => ({
      title: '订单已取消',
      body: `订单 ${f.orderNo ?? ''} 已取消。`,
    }),
    order_rescheduled: (f, when) => ({
      title: '上门时间已更改',
      body: `订单 ${f.orderNo ?? ''} 的上门时间已改为 ${when}。`,
    }),
    complaint_update: (f) => ({
      title: '投诉处理进度',
      body: `您对订单 ${f.orderNo ?? ''} 的投诉${COMPLAINT_STATUS_WORDS['zh-CN'][f.status as ComplaintStatus] ?? '有新进展'}。`,
    }),
    plan_booked: (f, when) => ({
      title: '周期服务已预约',
      body: `您的${f.serviceName ?? '服务'}周期服务${ruleWords(f, 'zh-CN')}已预约，${when ? `首次上门 ${when}` : '首次上门时间我们会尽快与您确认'}。`,
    }),
    plan_paused: (f) => ({
      title: '周期服务已暂停',
      body: `您的${f.serviceName ?? '服务'}周期服务${ruleWords(f, 'zh-CN')}已暂停，之后尚未出发的上门均已取消；恢复后将按原时间重新预约。`,
    }),
    plan_resumed: (f, when) => ({
      title: '周期服务已恢复',
      body: `您的${f.serviceName ?? '服务'}周期服务${ruleWords(f, 'zh-CN')}已恢复，${when ? `下次上门 ${when}` : '下次上门时间我们会尽快与您确认'}。`,
    }),
    plan_ended: (f) => ({
      title: '周期服务已结束',
      body: `您的${f.serviceName ?? '服务'}周期服务${ruleWords(f, 'zh-CN')}已结束，之后尚未出发的上门均已取消。`,
    }),
    plan_changed: (f, when) => ({
      title: '周期服务已更改',
      body: `您的${f.serviceName ?? '服务'}周期服务自 ${f.startDate ?? ''} 起改为${ruleText(f, 'zh-CN') || '新的安排'}，该日起原定的上门已取消；${when ? `新安排首次上门 ${when}` : '新安排的上门将提前 28 天陆续预约'}。`,
    }),
  },
  en: {
    booking_confirmed: (f, when) =>
      f.status === 'pending_payment' && f.depositDue
        ? {
            title: 'Booked: deposit due',
            body: `Your ${f.serviceName ?? 'service'} (order ${f.orderNo ?? ''}) is held for ${when} and asks a deposit first; customer service will call you to settle how to pay, and a professional is assigned once it is paid.`,
          }
        : {
            title: 'Booking confirmed',
            body: `Your ${f.serviceName ?? 'service'} (order ${f.orderNo ?? ''}) is confirmed for ${when}.`,
          },
    worker_assigned: (f) => ({
      title: 'A professional is assigned',
      body: `Order ${f.orderNo ?? ''} has a professional assigned; we will tell you before the visit.`,
    }),
    worker_on_the_way: (f) => ({
      title: 'On the way',
      body: `The professional for order ${f.orderNo ?? ''} is on the way; please keep your phone at hand.`,
    }),
    order_completed: (f) => ({
      title: 'Service completed',
      body: `${f.serviceName ?? 'The service'} for order ${f.orderNo ?? ''} is done. Thank you.`,
    }),
    review_request: (f) => ({
      title: 'How did we do?',
      body: `Please review order ${f.orderNo ?? ''} under "My orders".`,
    }),
    order_cancelled: (f) => ({
      title: 'Order cancelled',
      body: `Order ${f.orderNo ?? ''} is cancelled.`,
    }),
    order_rescheduled: (f, when) => ({
      title: 'New visit time',
      body: `Order ${f.orderNo ?? ''} is now scheduled for ${when}.`,
    }),
    complaint_update: (f) => ({
      title: 'Complaint update',
      body: `Your complaint on order ${f.orderNo ?? ''} is ${COMPLAINT_STATUS_WORDS.en[f.status as ComplaintStatus] ?? 'updated'}.`,
    }),
    plan_booked: (f, when) => ({
      title: 'Recurring plan booked',
      body: `Your ${f.serviceName ?? 'service'} plan${ruleWords(f, 'en')} is booked; ${when ? `first visit ${when}` : 'we will confirm the first visit’s time shortly'}.`,
    }),
    plan_paused: (f) => ({
      title: 'Recurring plan paused',
      body: `Your ${f.serviceName ?? 'service'} plan${ruleWords(f, 'en')} is paused; the visits ahead not yet under way are cancelled and will be booked again at their times when it resumes.`,
    }),
    plan_resumed: (f, when) => ({
      title: 'Recurring plan resumed',
      body: `Your ${f.serviceName ?? 'service'} plan${ruleWords(f, 'en')} is active again; ${when ? `next visit ${when}` : 'we will confirm the next visit’s time shortly'}.`,
    }),
    plan_ended: (f) => ({
      title: 'Recurring plan ended',
      body: `Your ${f.serviceName ?? 'service'} plan${ruleWords(f, 'en')} has ended; the visits ahead not yet under way are cancelled.`,
    }),
    plan_changed: (f, when) => ({
      title: 'Recurring plan changed',
      body: `Your ${f.serviceName ?? 'service'} plan changes from ${f.startDate ?? 'now'}${ruleWords(f, 'en')}; the visits booked from that day on are cancelled; ${when ? `first visit on the new schedule ${when}` : 'visits on the new schedule are booked 28 days ahead as the days come'}.`,
    }),
  },
}

/** Title and body in the reader's language; times in the company's zone (China has one). */
export function renderNotice(
  template: NotificationTemplate,
  facts: NoticeFacts,
  locale: Locale,
  timeZone = 'Asia/Shanghai',
): { title: string; body: string } {
  // As the portal writes a day: 12月9日周三 / Wed 9 Dec.
  const when = facts.windowStart
    ? new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
        timeZone,
        month: locale === 'en' ? 'short' : 'long',
        day: 'numeric',
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      }).format(new Date(facts.windowStart))
    : ''
  return TEXT[locale][template](facts, when)
}
