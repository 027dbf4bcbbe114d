import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SmsError, createAliyunSmsProvider, signAliyun } from './aliyun-sms.ts'

const SECRET = 'testsecret'
const received: Array<Record<string, string>> = []

/** A local stand-in for dysmsapi.aliyuncs.com: checks the signature as Aliyun does and answers in its format. */
const fake = http.createServer((request, response) => {
  let raw = ''
  request.on('data', (chunk: Buffer) => (raw += chunk.toString()))
  request.on('end', () => {
    const params = Object.fromEntries(new URLSearchParams(raw))
    const { Signature, ...signed } = params
    response.setHeader('content-type', 'application/json')
    if (Signature !== signAliyun('POST', signed, SECRET)) {
      response.statusCode = 400
      response.end(
        JSON.stringify({
          Code: 'SignatureDoesNotMatch',
          Message: 'Specified signature is not matched with our calculation.',
        }),
      )
      return
    }
    received.push(params)
    if (params.PhoneNumbers === '13800000000') {
      response.end(
        JSON.stringify({
          Code: 'isv.BUSINESS_LIMIT_CONTROL',
          Message: '触发号码天级流控',
          RequestId: 'r2',
        }),
      )
      return
    }
    response.end(JSON.stringify({ Code: 'OK', Message: 'OK', BizId: 'b1', RequestId: 'r1' }))
  })
})

let endpoint = ''
beforeAll(async () => {
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/`
})
afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())))

describe('Aliyun SMS adapter', () => {
  const config = () => ({
    accessKeyId: 'LTAI-test',
    accessKeySecret: SECRET,
    signName: '家安到家',
    templateCode: 'SMS_123',
    noticeTemplates: { booking_confirmed: 'SMS_456' },
    endpoint,
  })

  it('should send a signed SendSms request with the code as the template parameter', async () => {
    await createAliyunSmsProvider(config()).sendCode('13912345678', '024680')
    expect(received.at(-1)).toMatchObject({
      Action: 'SendSms',
      PhoneNumbers: '13912345678',
      SignName: '家安到家',
      TemplateCode: 'SMS_123',
      TemplateParam: '{"code":"024680"}',
      Version: '2017-05-25',
    })
  })

  it('should send a notice through its approved template and skip one that has none', async () => {
    const sms = createAliyunSmsProvider(config())
    const notice = { text: '预约成功', params: { orderNo: 'D1', time: '11月23日 09:00' } }
    await expect(
      sms.sendNotice('13912345678', { ...notice, template: 'booking_confirmed' }),
    ).resolves.toBe('sent')
    expect(received.at(-1)).toMatchObject({
      TemplateCode: 'SMS_456',
      TemplateParam: JSON.stringify(notice.params),
    })
    const before = received.length
    await expect(
      sms.sendNotice('13912345678', { ...notice, template: 'worker_on_the_way' }),
    ).resolves.toEqual({ skipped: expect.stringContaining('worker_on_the_way') as unknown })
    expect(received).toHaveLength(before)
  })

  it("should surface Aliyun's refusal code", async () => {
    await expect(
      createAliyunSmsProvider(config()).sendCode('13800000000', '111111'),
    ).rejects.toMatchObject({ providerCode: 'isv.BUSINESS_LIMIT_CONTROL' })
  })

  it('should fail on a wrong secret (the fake checks the signature)', async () => {
    const error = await createAliyunSmsProvider({ ...config(), accessKeySecret: 'wrong' })
      .sendCode('13912345678', '1')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SmsError)
    expect((error as SmsError).providerCode).toBe('SignatureDoesNotMatch')
  })
})
