import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from '../../../i18n/index.ts'
import { hoursAndMinutes } from './duration.ts'

const t = (key: string, params?: Record<string, unknown>) => i18n.global.t(key, params ?? {})

describe('hoursAndMinutes', () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN'
  })

  it('should say hours and minutes, whole hours, or minutes only, when in Chinese', () => {
    i18n.global.locale.value = 'zh-CN'
    expect(hoursAndMinutes(t, 375)).toBe('6 小时 15 分钟')
    expect(hoursAndMinutes(t, 360)).toBe('6 小时')
    expect(hoursAndMinutes(t, 45)).toBe('45 分钟')
    expect(hoursAndMinutes(t, 24 * 60)).toBe('24 小时')
  })

  it('should say the same in English', () => {
    i18n.global.locale.value = 'en'
    expect(hoursAndMinutes(t, 1435)).toBe('23 h 55 min')
    expect(hoursAndMinutes(t, 60)).toBe('1 h')
    expect(hoursAndMinutes(t, 5)).toBe('5 min')
  })
})
