import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { messages } from '../../../i18n/messages.ts'
import { auditLabels } from './labels.ts'

const labelsIn = (locale: 'zh-CN' | 'en') => {
  const i18n = createI18n({ legacy: false, locale, messages })
  return auditLabels({ t: (key) => i18n.global.t(key), te: (key) => i18n.global.te(key) })
}

describe('audit labels', () => {
  it('should name actions and the events behind notices in the reader’s language', () => {
    const zh = labelsIn('zh-CN')
    expect(zh.action('auth.login')).toBe('登录')
    expect(zh.action('order.created')).toBe('下单')
    expect(zh.action('complaint.respond')).toBe('受理响应')
    // A complaint's steps by the words its queue uses: filing is the step `file`.
    expect(zh.action('complaint.filed')).toBe('提交投诉')
    expect(labelsIn('en').action('complaint.reopen')).toBe('Reopened')
    expect(labelsIn('en').action('plan.created')).toBe('Recurring plan created')
  })

  it('should name entity types', () => {
    expect(labelsIn('zh-CN').entityType('service_plan')).toBe('周期服务')
    expect(labelsIn('en').entityType('session')).toBe('Sign-in')
  })

  it('should show a code it has no words for as it is, not a group of words', () => {
    const zh = labelsIn('zh-CN')
    expect(zh.action('order.teleported')).toBe('order.teleported')
    expect(zh.action('order')).toBe('order')
    expect(zh.entityType('spaceship')).toBe('spaceship')
  })
})
