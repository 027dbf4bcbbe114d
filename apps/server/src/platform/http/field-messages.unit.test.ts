import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { plainFieldMessage } from './field-messages.ts'
import { RequestValidationError, fieldProblems } from './validation.ts'

const said = (schema: z.ZodType, input: unknown, locale: 'zh-CN' | 'en' = 'zh-CN') => {
  const result = schema.safeParse(input, { reportInput: true })
  if (result.success) throw new Error('the input passed')
  return result.error.issues.map((issue) => plainFieldMessage(issue, locale))
}

describe('field messages', () => {
  it('should word the common checks as a form would', () => {
    expect(said(z.object({ name: z.string() }), {})).toEqual(['必填'])
    expect(said(z.string().min(1), '')).toEqual(['不能为空'])
    expect(said(z.string().min(5), 'ab')).toEqual(['至少 5 个字符'])
    expect(said(z.string().max(3), 'abcd', 'en')).toEqual(['At most 3 characters'])
    expect(said(z.number().int().min(1).max(200), 0)).toEqual(['不能小于 1'])
    expect(said(z.number().int().min(1).max(200), 500, 'en')).toEqual(['Must be at most 200'])
    expect(said(z.number().int(), 1.5)).toEqual(['须为整数'])
    expect(said(z.number(), 'x', 'en')).toEqual(['Must be a number'])
    expect(said(z.array(z.string()).min(1), [])).toEqual(['至少一项'])
    expect(said(z.array(z.string()).max(2), ['a', 'b', 'c'])).toEqual(['最多 2 项'])
    expect(said(z.enum(['fixed', 'per_hour']), 'x')).toEqual(['须为以下之一：fixed、per_hour'])
    expect(said(z.object({ v: z.literal('2026-11-22') }), {}, 'en')).toEqual(['Required'])
    expect(said(z.uuid(), 'x', 'en')).toEqual(['Not a valid id'])
    expect(said(z.iso.date(), '2026-13-01')).toEqual(['须为真实日期，格式 YYYY-MM-DD'])
    expect(said(z.strictObject({}), { x: 1 })).toEqual(['不支持的字段：x'])
  })

  it('should leave what it does not word to zod', () => {
    expect(said(z.number().multipleOf(5), 7)).toEqual([null])
  })

  it("should give a huge number one problem, the field's own bound", () => {
    const result = z.object({ q: z.number().int().max(100) }).safeParse({ q: 1e20 })
    if (result.success) throw new Error('the input passed')
    const problems = fieldProblems(new RequestValidationError('body', result.error.issues), 'en')
    expect(problems).toEqual([{ field: 'body.q', code: 'too_big', message: 'Must be at most 100' }])
  })
})
