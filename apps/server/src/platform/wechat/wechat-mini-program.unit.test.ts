import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../clock.ts'
import { createWechatMiniProgram, wechatValue } from './wechat-mini-program.ts'
import { WechatError } from './wechat.ts'

const APP_ID = 'wx-test-app'
const SECRET = 'test-secret'

/**
 * A local stand-in for api.weixin.qq.com: issues numbered tokens, refuses stale ones as WeChat does
 * (42001), and answers a send by the openid it goes to.
 */
const state = {
  tokensIssued: 0,
  valid: new Set<string>(),
  sends: [] as Array<{ token: string; body: Record<string, unknown> }>,
  codes: new Map<string, string>([['code-ok', 'openid-ok']]),
}
const fake = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://fake')
  const answer = (body: unknown, status = 200) => {
    response.statusCode = status
    response.setHeader('content-type', 'application/json')
    response.end(JSON.stringify(body))
  }
  let raw = ''
  request.on('data', (chunk: Buffer) => (raw += chunk.toString()))
  request.on('end', () => {
    const q = url.searchParams
    if (url.pathname === '/cgi-bin/token') {
      if (q.get('appid') !== APP_ID || q.get('secret') !== SECRET)
        return answer({ errcode: 40125, errmsg: 'invalid appsecret' })
      const token = `token-${++state.tokensIssued}`
      state.valid.add(token)
      return answer({ access_token: token, expires_in: 7200 })
    }
    if (url.pathname === '/sns/jscode2session') {
      const openid = state.codes.get(q.get('js_code') ?? '')
      if (q.get('grant_type') !== 'authorization_code' || q.get('secret') !== SECRET)
        return answer({ errcode: 40013, errmsg: 'invalid appid' })
      if (!openid) return answer({ errcode: 40029, errmsg: 'invalid code' })
      state.codes.delete(q.get('js_code')!)
      return answer({ openid, session_key: 'never-kept' })
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send' && request.method === 'POST') {
      const token = q.get('access_token') ?? ''
      if (!state.valid.has(token)) return answer({ errcode: 42001, errmsg: 'access_token expired' })
      const body = JSON.parse(raw) as Record<string, unknown>
      state.sends.push({ token, body })
      switch (body.touser) {
        case 'openid-refused':
          return answer({ errcode: 43101, errmsg: 'user refuse to accept the msg' })
        case 'openid-busy':
          return answer({ errcode: -1, errmsg: 'system error' })
        case 'openid-down':
          return answer({}, 502)
        default:
          return answer({ errcode: 0, errmsg: 'ok', msgid: 1 })
      }
    }
    answer({ errcode: 404, errmsg: 'no such api' }, 404)
  })
})

let baseUrl = ''
beforeAll(async () => {
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())))
beforeEach(() => {
  state.sends.length = 0
})

const clock = fixedClock(new Date('2025-11-22T08:00:00Z'))
const client = (overrides: Partial<Parameters<typeof createWechatMiniProgram>[0]> = {}) =>
  createWechatMiniProgram({
    appId: APP_ID,
    appSecret: SECRET,
    baseUrl,
    noticeTemplates: {
      booking_confirmed: {
        templateId: 'TPL-booking',
        data: { character_string1: 'orderNo', thing2: 'serviceName', time3: 'windowStart' },
      },
    },
    page: 'pages/portal/index',
    miniprogramState: 'formal',
    clock,
    ...overrides,
  })
const notice = {
  template: 'booking_confirmed',
  fields: {
    orderNo: 'D20251123-0007',
    serviceName: '日常保洁（两小时起，含厨房卫生间深度清洁）',
    windowStart: '2025-11-23T01:00:00.000Z',
  },
  path: '/orders/0193',
  timeZone: 'Asia/Shanghai',
}

describe('WeChat mini program adapter', () => {
  it('should send a subscription message with values shaped for their keys', async () => {
    await expect(client().sendNotice('openid-ok', notice)).resolves.toBe('sent')
    expect(state.sends.at(-1)?.body).toEqual({
      touser: 'openid-ok',
      template_id: 'TPL-booking',
      page: 'pages/portal/index?path=%2Forders%2F0193',
      data: {
        character_string1: { value: 'D20251123-0007' },
        thing2: { value: '日常保洁（两小时起，含厨房卫生间深度清…' },
        time3: { value: '2025年11月23日 09:00' },
      },
      miniprogram_state: 'formal',
      lang: 'zh_CN',
    })
    expect([
      ...(state.sends.at(-1)?.body.data as { thing2: { value: string } }).thing2.value,
    ]).toHaveLength(20)
  })

  it('should fetch the access token once and reuse it until shortly before it expires', async () => {
    const wechat = client()
    const before = state.tokensIssued
    await Promise.all([
      wechat.sendNotice('openid-ok', notice),
      wechat.sendNotice('openid-ok', notice),
    ])
    await wechat.sendNotice('openid-ok', notice)
    expect(state.tokensIssued).toBe(before + 1)
    clock.advance(7200_000 - 301_000)
    await wechat.sendNotice('openid-ok', notice)
    expect(state.tokensIssued).toBe(before + 1)
    clock.advance(2_000)
    await wechat.sendNotice('openid-ok', notice)
    expect(state.tokensIssued).toBe(before + 2)
    expect(new Set(state.sends.map((s) => s.token)).size).toBe(2)
  })

  it('should fetch a new token once when WeChat says the cached one expired, and send again', async () => {
    const wechat = client()
    await wechat.sendNotice('openid-ok', notice)
    state.valid.clear()
    const before = state.tokensIssued
    await expect(wechat.sendNotice('openid-ok', notice)).resolves.toBe('sent')
    expect(state.tokensIssued).toBe(before + 1)
    expect(state.sends).toHaveLength(2)
  })

  it('should skip, not retry, a customer who did not subscribe and a notice with no approved template', async () => {
    await expect(client().sendNotice('openid-refused', notice)).resolves.toEqual({
      skipped: expect.stringContaining('not subscribed') as unknown,
    })
    const count = state.sends.length
    await expect(
      client().sendNotice('openid-ok', { ...notice, template: 'worker_on_the_way' }),
    ).resolves.toEqual({ skipped: expect.stringContaining('worker_on_the_way') as unknown })
    expect(state.sends).toHaveLength(count)
  })

  it('should throw other refusals and HTTP failures, so the delivery is retried', async () => {
    const busy = await client()
      .sendNotice('openid-busy', notice)
      .catch((e: unknown) => e)
    expect(busy).toBeInstanceOf(WechatError)
    expect(busy).toMatchObject({ errcode: -1, message: 'WeChat -1: system error' })
    await expect(client().sendNotice('openid-down', notice)).rejects.toThrow('HTTP 502')
    await expect(
      client({ appSecret: 'wrong' }).sendNotice('openid-ok', notice),
    ).rejects.toMatchObject({ errcode: 40125 })
  })

  it("should exchange a wx.login() code for the user's openid, once", async () => {
    await expect(client().codeToSession('code-ok')).resolves.toEqual({ openid: 'openid-ok' })
    await expect(client().codeToSession('code-ok')).rejects.toMatchObject({ errcode: 40029 })
  })

  it('should keep codes within their character set when cutting them', () => {
    expect(wechatValue('character_string1', 'A'.repeat(40), 'Asia/Shanghai')).toBe('A'.repeat(32))
    expect(wechatValue('date4', '2025-11-23T16:30:00.000Z', 'Asia/Shanghai')).toBe('2025年11月24日')
    expect(wechatValue('thing5', undefined, 'Asia/Shanghai')).toBe('-')
  })
})
