import type { FormItemRule } from 'element-plus'

/** What this module reads from a zod schema (contracts' schemas are zod 4); keeps zod out of the console. */
interface SchemaLike {
  safeParse(value: unknown): { success: boolean; error?: { issues: IssueLike[] } }
}
interface IssueLike {
  code: string
  message: string
  minimum?: number | bigint
  maximum?: number | bigint
  origin?: string
}

type Translate = (key: string, params?: Record<string, unknown>) => string

/** Messages the contracts give their refinements; each has a `validation.<message>` text. */
const KNOWN = new Set([
  'invalid_login',
  'invalid_phone',
  'invalid_code',
  'invalid_service_phone',
  'invalid_item_code',
  'duplicate_code',
  'invalid_slug',
  'password_too_short',
  'password_too_weak',
  'invalid_time',
  'window_required',
])

/** The user-facing sentence for the first problem `schema` finds in `value`, or null when it is valid. */
export function explain(schema: SchemaLike, value: unknown, t: Translate): string | null {
  const result = schema.safeParse(value)
  if (result.success) return null
  const issue = result.error?.issues[0]
  if (!issue) return t('validation.invalid')
  if (KNOWN.has(issue.message)) return t(`validation.${issue.message}`)
  const isArray = issue.origin === 'array'
  switch (issue.code) {
    case 'too_small':
      if (Number(issue.minimum) === 1 && !isArray) return t('validation.required')
      return t(isArray ? 'validation.tooFew' : 'validation.tooShort', { min: Number(issue.minimum) })
    case 'too_big':
      return t(isArray ? 'validation.tooMany' : 'validation.tooLong', { max: Number(issue.maximum) })
    case 'invalid_type':
      return t('validation.required')
    default:
      return t('validation.invalid')
  }
}

const isEmpty = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '')

/**
 * An Element Plus rule that checks a field with the same schema the server uses, so the console and the API
 * can never disagree about what is valid. Empty optional fields are left to `optional`. `required` draws the
 * asterisk; `empty` says what to do with an empty field ("请选择分类") where the schema could only call it
 * not valid.
 */
export function schemaRule(
  schema: SchemaLike,
  t: Translate,
  options: { optional?: boolean; required?: boolean; empty?: string; trigger?: string | string[] } = {},
): FormItemRule {
  return {
    trigger: options.trigger ?? 'blur',
    ...(options.required ? { required: true } : {}),
    validator: (_rule, value: unknown, callback: (error?: Error) => void) => {
      if (isEmpty(value)) {
        if (options.optional) return callback()
        if (options.empty) return callback(new Error(options.empty))
      }
      const message = explain(schema, value, t)
      if (message) callback(new Error(message))
      else callback()
    },
  }
}

/** How far each axis goes, in degrees: CoordinateInput clamps to it and `coordinateRule` names it. */
export const COORDINATE_LIMIT = { lat: 90, lng: 180 } as const

/** The rule for a CoordinateInput: an empty one asks for the latitude or the longitude by name, one out of range says the range. */
export function coordinateRule(axis: 'lat' | 'lng', t: Translate): FormItemRule {
  const limit = COORDINATE_LIMIT[axis]
  return {
    trigger: 'blur',
    validator: (_rule, value: unknown, callback: (error?: Error) => void) => {
      if (typeof value !== 'number' || Number.isNaN(value)) return callback(new Error(t(`validation.${axis}Required`)))
      if (Math.abs(value) > limit) return callback(new Error(t(`validation.${axis}Range`, { min: -limit, max: limit })))
      callback()
    },
  }
}
