import type { Clock } from '../clock.ts'
import { systemClock } from '../clock.ts'
import type {
  WechatClient,
  WechatNotice,
  WechatNoticeField,
  WechatNoticeTemplate,
} from './wechat.ts'
import { WechatError } from './wechat.ts'

export interface WechatMiniProgramConfig {
  appId: string
  appSecret: string
  /** `https://api.weixin.qq.com`; a local fake in tests. */
  baseUrl: string
  /** Approved subscription-message templates by Doorstep template name; a notice without one is skipped. */
  noticeTemplates: Readonly<Partial<Record<string, WechatNoticeTemplate>>>
  /** The mini program page holding the portal's web-view; it gets the portal path as `?path=`. */
  page: string
  /** Which version of the mini program a tapped message opens. */
  miniprogramState: 'developer' | 'trial' | 'formal'
  timeoutMs?: number
  clock?: Clock
}

/** The access token is refused: stale (42001), replaced by another fetch (40001), or malformed (40014). */
const TOKEN_REFUSED = new Set([40001, 40014, 42001])
/** Final for this message: the user did not subscribe (or refused), or the openid is not this app's. */
const NOT_DELIVERABLE: Readonly<Record<number, string>> = {
  43101: 'the customer has not subscribed to this WeChat message (or refused it)',
  40003: 'the bound openid is not valid for this mini program',
}
// Tokens live 7200 s; renewing five minutes early keeps a send from racing the expiry.
const RENEW_BEFORE_MS = 300_000

/** Characters a value of each data key kind may hold (WeChat refuses longer values with 47003). */
const MAX_CHARS: Readonly<Record<string, number>> = {
  thing: 20,
  name: 10,
  phrase: 5,
  character_string: 32,
  number: 32,
  letter: 32,
  symbol: 5,
  phone_number: 17,
  car_number: 8,
}
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

function wechatTime(iso: string, timeZone: string, withTime: boolean) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>
  const date = `${parts.year}年${parts.month}月${parts.day}日`
  return withTime ? `${date} ${parts.hour}:${parts.minute}` : date
}

/** A value as the key's kind accepts it: times in WeChat's own format, text cut to the kind's length. */
export function wechatValue(key: string, raw: string | undefined, timeZone: string): string {
  const kind = key.replace(/\d+$/, '')
  if (!raw) return '-'
  const text = ISO_INSTANT.test(raw) ? wechatTime(raw, timeZone, kind !== 'date') : raw
  const max = MAX_CHARS[kind]
  const chars = [...text]
  if (max === undefined || chars.length <= max) return text
  // Only free-text kinds may show an ellipsis; codes must stay within their character set.
  return kind === 'thing' || kind === 'name'
    ? `${chars.slice(0, max - 1).join('')}…`
    : chars.slice(0, max).join('')
}

/** A WeChat mini program's server API (`api.weixin.qq.com`): login codes and subscription messages. */
export function createWechatMiniProgram(config: WechatMiniProgramConfig): WechatClient {
  const clock = config.clock ?? systemClock
  let token: { value: string; renewAt: number } | null = null
  let fetching: Promise<string> | null = null

  async function call<T>(pathAndQuery: string, body?: unknown): Promise<T & { errcode?: number }> {
    const response = await fetch(`${config.baseUrl}${pathAndQuery}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
    })
    const answer = (await response.json().catch(() => null)) as
      (T & { errcode?: number; errmsg?: string }) | null
    if (!response.ok || !answer) throw new WechatError(-1, `HTTP ${response.status}`)
    return answer
  }

  async function fetchToken(): Promise<string> {
    const query = new URLSearchParams({
      grant_type: 'client_credential',
      appid: config.appId,
      secret: config.appSecret,
    })
    const answer = await call<{ access_token?: string; expires_in?: number; errmsg?: string }>(
      `/cgi-bin/token?${query.toString()}`,
    )
    if (!answer.access_token)
      throw new WechatError(answer.errcode ?? -1, answer.errmsg ?? 'no access_token')
    token = {
      value: answer.access_token,
      renewAt: clock.now().getTime() + (answer.expires_in ?? 7200) * 1000 - RENEW_BEFORE_MS,
    }
    return token.value
  }

  /** One fetch at a time: concurrent senders share it, as a second fetch would void the first token. */
  function accessToken(): Promise<string> {
    if (token && clock.now().getTime() < token.renewAt) return Promise.resolve(token.value)
    fetching ??= fetchToken().finally(() => {
      fetching = null
    })
    return fetching
  }

  async function send(openid: string, template: WechatNoticeTemplate, notice: WechatNotice) {
    const body = {
      touser: openid,
      template_id: template.templateId,
      page: `${config.page}?path=${encodeURIComponent(notice.path)}`,
      data: Object.fromEntries(
        Object.entries(template.data).map(([key, field]: [string, WechatNoticeField]) => [
          key,
          { value: wechatValue(key, notice.fields[field], notice.timeZone) },
        ]),
      ),
      miniprogram_state: config.miniprogramState,
      lang: 'zh_CN',
    }
    const post = async (accessTokenValue: string) =>
      call<{ errmsg?: string }>(
        `/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(accessTokenValue)}`,
        body,
      )
    const used = await accessToken()
    let answer = await post(used)
    if (answer.errcode !== undefined && TOKEN_REFUSED.has(answer.errcode)) {
      // Another process (or WeChat) replaced the token: fetch a fresh one once, then try once more.
      if (token?.value === used) token = null
      answer = await post(await accessToken())
    }
    return answer
  }

  return {
    appId: config.appId,
    async codeToSession(code) {
      const query = new URLSearchParams({
        appid: config.appId,
        secret: config.appSecret,
        js_code: code,
        grant_type: 'authorization_code',
      })
      const answer = await call<{ openid?: string; errmsg?: string }>(
        `/sns/jscode2session?${query.toString()}`,
      )
      if (!answer.openid || (answer.errcode ?? 0) !== 0)
        throw new WechatError(answer.errcode ?? -1, answer.errmsg ?? 'no openid')
      return { openid: answer.openid }
    },
    async sendNotice(openid, notice) {
      const template = config.noticeTemplates[notice.template]
      if (!template) return { skipped: `no approved WeChat template for ${notice.template}` }
      const answer = await send(openid, template, notice)
      const errcode = answer.errcode ?? 0
      if (errcode === 0) return 'sent'
      const final = NOT_DELIVERABLE[errcode]
      if (final) return { skipped: final }
      throw new WechatError(errcode, answer.errmsg ?? 'message not sent')
    },
  }
}
