import type { FastifySchemaCompiler } from 'fastify'
import type { z } from 'zod'
import zhCN from 'zod/v4/locales/zh-CN.js'
import en from 'zod/v4/locales/en.js'
import type { FieldProblem } from '../errors.ts'
import type { Locale, Message } from '../i18n.ts'
import { translate } from '../i18n.ts'
import { plainFieldMessage } from './field-messages.ts'

type Issue = z.core.$ZodIssue

/** Bad input, kept as zod issues until the error handler knows the caller's language. */
export class RequestValidationError extends Error {
  readonly statusCode = 400
  constructor(
    readonly part: string,
    readonly issues: readonly Issue[],
  ) {
    super(`invalid ${part}: ${issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`)
  }
}

// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * The path of the first text in a request that PostgreSQL cannot store — a NUL character, or half of a UTF-16
 * surrogate pair — or null. Found here it names its field; found by the database it was a bare 400.
 */
function unstorableText(value: unknown, path: PropertyKey[] = []): PropertyKey[] | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null
  // Deeper than any request of ours: the schema refuses it, the scan need not go on.
  if (typeof value !== 'object' || value === null || path.length > 32) return null
  for (const [key, item] of Object.entries(value)) {
    const at = [...path, Array.isArray(value) ? Number(key) : key]
    if (UNSTORABLE.test(key)) return at
    const found = unstorableText(item, at)
    if (found) return found
  }
  return null
}

/** Fastify's validator: zod parses (and coerces) each part; failures keep their issues for localizing. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const unstorable = unstorableText(data)
    if (unstorable)
      return {
        error: new RequestValidationError(httpPart ?? 'body', [
          { code: 'custom', message: 'invalid_characters', path: unstorable, input: undefined },
        ]),
      }
    const result = schema.safeParse(data, { reportInput: true })
    if (result.success) return { value: result.data }
    return { error: new RequestValidationError(httpPart ?? 'body', result.error.issues) }
  }

/** Messages for the keys our contracts use as custom zod messages (`{ message: 'invalid_phone' }`). */
const CUSTOM: Record<string, Message> = {
  invalid_phone: {
    zh: '手机号格式不正确（11 位，以 1 开头）',
    en: 'Not a valid mobile number (11 digits starting with 1)',
  },
  invalid_login: {
    zh: '登录名须为 3–40 位小写字母、数字或 ._-，以字母开头',
    en: 'Login: 3–40 lowercase letters, digits or ._-, starting with a letter',
  },
  password_too_short: { zh: '密码至少 10 位', en: 'Password must be at least 10 characters' },
  password_too_weak: {
    zh: '密码须同时包含字母和数字',
    en: 'Password must contain letters and digits',
  },
  invalid_code: {
    zh: '编码须为 2–20 位字母、数字、_ 或 -',
    en: 'Code: 2–20 letters, digits, _ or -',
  },
  invalid_service_phone: {
    zh: '电话号码格式不正确（如 400-820-6688 或 021-5081 6688）',
    en: 'Not a phone number (e.g. 400-820-6688 or 021-5081 6688)',
  },
  invalid_item_code: {
    zh: '编码须为 1–40 位字母、数字、_ 或 -',
    en: 'Code: 1–40 letters, digits, _ or -',
  },
  duplicate_code: {
    zh: '编码重复（不区分大小写）',
    en: 'This code is already in the list (codes ignore case)',
  },
  listed_twice: { zh: '列表中已有此项', en: 'Already in the list' },
  invalid_window_hour: {
    zh: '上门时段的开始时间须为 8、10、13、15 或 17 点',
    en: 'A window starts at 8, 10, 13, 15 or 17 o’clock',
  },
  invalid_photo_url: {
    zh: '图片地址须以 http:// 或 https:// 开头',
    en: 'A photo address must start with http:// or https://',
  },
  preferred_and_blocked: {
    zh: '同一位服务人员不能既是偏好又被屏蔽',
    en: 'A worker cannot be both preferred and blocked',
  },
  invalid_characters: {
    zh: '含有无法保存的字符（空字符或不完整的 Unicode 字符）',
    en: 'Contains characters that cannot be stored (a NUL or a broken Unicode character)',
  },
  invalid_otp: { zh: '验证码为 6 位数字', en: 'The code is 6 digits' },
  stale_privacy_notice: {
    zh: '隐私政策已更新：请刷新页面，阅读并同意最新版本后再登录',
    en: 'The privacy notice has changed: reload the page, read and agree to the current one, then sign in',
  },
  invalid_time: { zh: '时间格式为 HH:mm', en: 'Time as HH:mm' },
  date_out_of_range: {
    zh: '日期须在 1900 年至 2999 年之间',
    en: 'Dates must fall between 1900 and 2999',
  },
  invalid_id_list: {
    zh: '须为以逗号分隔的 ID，最多 50 个',
    en: 'Up to 50 ids, separated by commas',
  },
  window_required: { zh: '请选择上门时段或“尽快上门”', en: 'Choose an arrival window or ASAP' },
  invalid_slug: {
    zh: '标识须为 2–40 位小写字母、数字或 -',
    en: 'Slug: 2–40 lowercase letters, digits or -',
  },
  invalid_time_zone: { zh: '未知的时区', en: 'Unknown time zone' },
  rrule_only_for_future: {
    zh: '只有“本次及以后”可以更改重复规则',
    en: 'Only “this and later visits” can change the recurrence',
  },
  new_date_only_for_this: {
    zh: '只有“仅本次”可以改到别的日期',
    en: 'Only “this visit” can move to another date',
  },
}

const PART: Record<string, string> = {
  querystring: 'query',
  params: 'params',
  body: 'body',
  headers: 'headers',
}

export function fieldProblems(error: RequestValidationError, locale: Locale): FieldProblem[] {
  const zodLocale = locale === 'en' ? en() : zhCN()
  const samePath = (a: z.core.$ZodIssue, b: z.core.$ZodIssue) =>
    a.path.length === b.path.length && a.path.every((k, i) => k === b.path[i])
  // A huge number breaks both `.int()`'s safe-integer range and the field's own bound: the bound says it.
  const issues = error.issues.filter(
    (issue) =>
      !(
        (issue.code === 'too_big' || issue.code === 'too_small') &&
        issue.origin === 'int' &&
        error.issues.some((o) => o !== issue && o.code === issue.code && samePath(o, issue))
      ),
  )
  return issues.map((issue) => {
    const custom = CUSTOM[issue.message]
    const localized = custom
      ? translate(custom, locale)
      : (plainFieldMessage(issue, locale) ??
        (() => {
          const m = zodLocale.localeError(issue as unknown as z.core.$ZodRawIssue)
          return typeof m === 'string' ? m : (m?.message ?? issue.message)
        })())
    return {
      field: [PART[error.part] ?? error.part, ...issue.path.map(String)].join('.'),
      code: custom ? issue.message : issue.code,
      message: localized,
    }
  })
}
