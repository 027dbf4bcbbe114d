import { describe, expect, it } from 'vitest'
import { localeFrom, translate } from './i18n.ts'

describe('localeFrom', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['zh-TW', 'zh-CN'],
    ['en-US;q=0.5,zh;q=0.9', 'zh-CN'],
    ['fr, en;q=0.3', 'en'],
    // Neither language asked for: the default.
    ['*', 'zh-CN'],
    ['garbage;;q=x', 'zh-CN'],
    // q=0 means "not this one".
    ['en;q=0', 'zh-CN'],
    // A parameter's name is case-blind.
    ['en;Q=0.1,zh;q=0.5', 'zh-CN'],
    // A range is a whole subtag, not a prefix.
    ['english', 'zh-CN'],
    ['enx', 'zh-CN'],
  ] as const)('%s → %s', (header, locale) => {
    expect(localeFrom(header)).toBe(locale)
  })
})

describe('translate', () => {
  it('should join a list as each language does', () => {
    const message = { zh: '未完成的订单：{orderNos}', en: 'Open orders: {orderNos}' }
    const params = { orderNos: ['DS1', 'DS2'] }
    expect(translate(message, 'zh-CN', params)).toBe('未完成的订单：DS1、DS2')
    expect(translate(message, 'en', params)).toBe('Open orders: DS1, DS2')
  })
})
