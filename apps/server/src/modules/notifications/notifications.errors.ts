import { defineErrors } from '../../platform/errors.ts'

export const NotificationError = defineErrors('NotificationError', {
  WECHAT_NOT_AVAILABLE: {
    status: 409,
    zh: '服务公司尚未开通微信通知',
    en: 'This company does not send WeChat notices',
  },
  WECHAT_NOT_BOUND: {
    status: 409,
    zh: '请先绑定微信，才能接收微信通知',
    en: 'Bind WeChat first to receive WeChat notices',
  },
  WECHAT_CODE_INVALID: {
    status: 400,
    zh: '微信登录凭证无效或已使用，请在小程序中重新进入后再绑定',
    en: 'The WeChat login code is invalid or was used already; reopen the mini program and bind again',
  },
  WECHAT_UNAVAILABLE: {
    status: 502,
    zh: '暂时无法连接微信，请稍后再试',
    en: 'WeChat could not be reached; try again shortly',
  },
})
export type NotificationError = InstanceType<typeof NotificationError>
