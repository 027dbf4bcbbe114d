/**
 * The values a notice offers to a subscription message's data keys. The operator's template map says which
 * key of the approved WeChat template shows which of them.
 */
export const WECHAT_NOTICE_FIELDS = [
  'title',
  'body',
  'orderNo',
  'serviceName',
  'windowStart',
] as const
export type WechatNoticeField = (typeof WECHAT_NOTICE_FIELDS)[number]

/**
 * WeChat's data key kinds (`thing1`, `time2`, `character_string3` …): a kind fixes what a value may hold.
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html
 */
export const WECHAT_DATA_KEY =
  /^(thing|time|date|character_string|number|letter|symbol|amount|phrase|name|phone_number|car_number)\d+$/

/** One approved subscription-message template: its id and which notice field fills each data key. */
export interface WechatNoticeTemplate {
  readonly templateId: string
  readonly data: Readonly<Record<string, WechatNoticeField>>
}

export interface WechatNotice {
  /** The Doorstep template name; the adapter looks up the approved WeChat template for it. */
  readonly template: string
  readonly fields: Readonly<Partial<Record<WechatNoticeField, string>>>
  /** The portal path the message opens in the mini program's web-view, e.g. `/orders/…`. */
  readonly path: string
  /** The company's time zone: times show as the customer's wall clock reads them. */
  readonly timeZone: string
}

/** Sent, or not sent on purpose (the user refused it, no approved template): a skip is not retried. */
export type WechatOutcome = 'sent' | { readonly skipped: string }

export interface WechatSession {
  readonly openid: string
}

/** A WeChat mini program's server API: who a `wx.login()` code belongs to, and subscription messages. */
export interface WechatClient {
  /** The mini program an openid belongs to: an openid of another app id means nothing here. */
  readonly appId: string
  codeToSession(code: string): Promise<WechatSession>
  sendNotice(openid: string, notice: WechatNotice): Promise<WechatOutcome>
}

/** WeChat answered with a non-zero `errcode` (or not at all: `errcode` -1 with the HTTP status). */
export class WechatError extends Error {
  constructor(
    readonly errcode: number,
    message: string,
  ) {
    super(`WeChat ${errcode}: ${message}`)
  }
}
