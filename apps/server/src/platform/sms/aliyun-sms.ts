import crypto from 'node:crypto'
import type { SmsProvider } from './sms.ts'

export interface AliyunSmsConfig {
  accessKeyId: string
  accessKeySecret: string
  signName: string
  /** The approved template whose variable is `${code}`. */
  templateCode: string
  /** Approved notice templates by Doorstep template name; a notice without one is skipped, not sent. */
  noticeTemplates: Readonly<Record<string, string>>
  endpoint: string
  timeoutMs?: number
}

export class SmsError extends Error {
  constructor(
    readonly providerCode: string,
    message: string,
  ) {
    super(message)
  }
}

/** RFC 3986 encoding as Aliyun's signature requires (`*` and `~` differ from encodeURIComponent). */
const percent = (s: string) =>
  encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%7E/g, '~')

/** Aliyun's RPC signature (v1): HMAC-SHA1 over the sorted, encoded query, keyed with `secret&`. */
export function signAliyun(method: string, params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${percent(k)}=${percent(params[k]!)}`)
    .join('&')
  const toSign = `${method}&${percent('/')}&${percent(canonical)}`
  return crypto.createHmac('sha1', `${secret}&`).update(toSign).digest('base64')
}

/** Aliyun Dysmsapi `SendSms` (2017-05-25). */
export function createAliyunSmsProvider(config: AliyunSmsConfig): SmsProvider {
  async function send(phone: string, templateCode: string, templateParam: Record<string, string>) {
    const params: Record<string, string> = {
      AccessKeyId: config.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      PhoneNumbers: phone,
      RegionId: 'cn-hangzhou',
      SignName: config.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: crypto.randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: templateCode,
      TemplateParam: JSON.stringify(templateParam),
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
    }
    const body = new URLSearchParams({
      ...params,
      Signature: signAliyun('POST', params, config.accessKeySecret),
    })
    const response = await fetch(config.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
    })
    const answer = (await response.json().catch(() => ({}))) as {
      Code?: string
      Message?: string
    }
    if (!response.ok || answer.Code !== 'OK') {
      throw new SmsError(answer.Code ?? `HTTP_${response.status}`, answer.Message ?? 'SMS not sent')
    }
  }
  return {
    name: 'aliyun',
    sendCode: (phone, code) => send(phone, config.templateCode, { code }),
    async sendNotice(phone, notice) {
      const templateCode = config.noticeTemplates[notice.template]
      if (!templateCode) return { skipped: `no approved Aliyun template for ${notice.template}` }
      await send(phone, templateCode, { ...notice.params })
      return 'sent'
    },
  }
}
