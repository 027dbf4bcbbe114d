import { defineErrors } from '../../platform/errors.ts'

export const PortalError = defineErrors('PortalError', {
  UNKNOWN_COMPANY: {
    status: 404,
    zh: '找不到该服务公司',
    en: 'No such company',
    blames: { field: 'headers.x-doorstep-tenant', code: 'unknown_company' },
  },
  OTP_TOO_SOON: {
    status: 429,
    zh: '验证码已发送，请 {retryAfterSeconds} 秒后再试',
    en: 'A code was just sent; try again in {retryAfterSeconds} s',
  },
  OTP_DAILY_LIMIT: {
    status: 429,
    zh: '今日验证码发送次数已达上限',
    en: 'Too many codes today for this number',
  },
  OTP_INVALID: {
    status: 400,
    zh: '验证码不正确，还可尝试 {attemptsLeft} 次',
    en: 'Wrong code; {attemptsLeft} tries left',
  },
  OTP_EXPIRED: {
    status: 400,
    zh: '验证码已失效，请重新获取',
    en: 'The code has expired; request a new one',
  },
  OTP_TOO_MANY_ATTEMPTS: {
    status: 429,
    zh: '错误次数过多，请重新获取验证码',
    en: 'Too many wrong tries; request a new code',
  },
  SMS_UNAVAILABLE: {
    status: 503,
    zh: '短信发送失败，请稍后再试',
    en: 'The text message could not be sent; try again shortly',
  },
})
