import type { z } from 'zod'
import type { Locale } from '../i18n.ts'

type Issue = z.core.$ZodIssue
type Words = readonly [zh: string, en: string]

const EXPECTED: Partial<Record<string, Words>> = {
  number: ['须为数字', 'Must be a number'],
  int: ['须为整数', 'Must be a whole number'],
  string: ['须为文字', 'Must be text'],
  boolean: ['须为 true 或 false', 'Must be true or false'],
  array: ['须为列表', 'Must be a list'],
  object: ['须为对象', 'Must be an object'],
}

const FORMATS: Partial<Record<string, Words>> = {
  uuid: ['ID 格式不正确', 'Not a valid id'],
  guid: ['ID 格式不正确', 'Not a valid id'],
  datetime: [
    '时间格式不正确（ISO 8601，须带时区，如 2026-12-07T09:00:00+08:00）',
    'Not a valid time (ISO 8601 with an offset, e.g. 2026-12-07T09:00:00+08:00)',
  ],
  date: ['须为真实日期，格式 YYYY-MM-DD', 'A real date, as YYYY-MM-DD'],
  email: ['邮箱格式不正确', 'Not a valid email address'],
}
const ANY_FORMAT: Words = ['格式不正确', 'Not in the expected format']

const TEXT = new Set(['string'])
const LIST = new Set(['array', 'set'])
const NUMBER = new Set(['number', 'int'])

/** A bound's words: for a text, a list or a number; null for other kinds (dates, files), left to zod. */
function boundWords(issue: Issue & { code: 'too_small' | 'too_big' }): Words | null {
  const small = issue.code === 'too_small'
  const bound = Number(small ? issue.minimum : issue.maximum)
  if (TEXT.has(issue.origin)) {
    if (small && bound <= 1) return ['不能为空', 'Must not be empty']
    return small
      ? [`至少 ${bound} 个字符`, `At least ${bound} characters`]
      : [`最多 ${bound} 个字符`, `At most ${bound} characters`]
  }
  if (LIST.has(issue.origin)) {
    if (small && bound <= 1) return ['至少一项', 'At least one item']
    return small
      ? [`至少 ${bound} 项`, `At least ${bound} items`]
      : [`最多 ${bound} 项`, `At most ${bound} items`]
  }
  if (NUMBER.has(issue.origin)) {
    if (small)
      return issue.inclusive
        ? [`不能小于 ${bound}`, `Must be at least ${bound}`]
        : [`须大于 ${bound}`, `Must be greater than ${bound}`]
    return issue.inclusive
      ? [`不能大于 ${bound}`, `Must be at most ${bound}`]
      : [`须小于 ${bound}`, `Must be less than ${bound}`]
  }
  return null
}

function words(issue: Issue): Words | null {
  if (issue.code === 'invalid_type')
    return issue.input === undefined ? ['必填', 'Required'] : (EXPECTED[issue.expected] ?? null)
  if (issue.code === 'too_small' || issue.code === 'too_big') return boundWords(issue)
  if (issue.code === 'invalid_value') {
    // A literal or an enum left out is missing, as any field is, before it is a wrong value.
    if (issue.input === undefined) return ['必填', 'Required']
    const values = issue.values.map(String)
    return values.length === 1
      ? [`须为 ${values[0]}`, `Must be ${values[0]}`]
      : [`须为以下之一：${values.join('、')}`, `Must be one of: ${values.join(', ')}`]
  }
  if (issue.code === 'invalid_format') return FORMATS[issue.format] ?? ANY_FORMAT
  if (issue.code === 'unrecognized_keys')
    return [`不支持的字段：${issue.keys.join('、')}`, `Unknown fields: ${issue.keys.join(', ')}`]
  return null
}

/**
 * What a field error says for zod's own checks, as a person filling in a form would put it ("至少 5 个字符"
 * rather than zod's "数值过小：期望 string >=5 字符"). Null for an issue this does not word, which then keeps
 * zod's localized message.
 */
export function plainFieldMessage(issue: Issue, locale: Locale): string | null {
  const found = words(issue)
  return found ? found[locale === 'en' ? 1 : 0] : null
}
