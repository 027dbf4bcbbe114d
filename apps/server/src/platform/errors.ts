import type { Permission } from '@doorstep/domain'
import { PERMISSION_CATALOG } from '@doorstep/domain'
import type { Locale, Message } from './i18n.ts'
import { translate } from './i18n.ts'

export interface FieldProblem {
  field: string
  code: string
  message: string
}

export type FieldBlame = Omit<FieldProblem, 'message'> & { message?: string }

/**
 * An expected failure with a stable code. Each module defines its own class with `defineErrors`, whose table
 * maps every code to an HTTP status and a message in both languages — exhaustively, by type.
 */
export abstract class AppError extends Error {
  abstract readonly status: number
  abstract readonly code: string
  abstract localized(locale: Locale): string
  /** Values for the message's placeholders and for the problem body (e.g. `allowed` transitions). */
  readonly params: Record<string, unknown>
  /** The fields at fault; each is shown with this error's message unless it brings its own. */
  fields: FieldBlame[] | undefined

  constructor(params: Record<string, unknown> = {}, fields?: FieldBlame[]) {
    super()
    this.params = params
    this.fields = fields
  }
}

/**
 * Runs a use case written for another request inside this one, naming the fields it blames as this request has
 * them: a rework's window is `body.windowStart` to the booking, `body.resolution.windowStart` to the complaint.
 */
export async function renamingFields<T>(
  renames: Record<string, string>,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof AppError && error.fields)
      error.fields = error.fields.map((f) => ({ ...f, field: renames[f.field] ?? f.field }))
    throw error
  }
}

/** What a placeholder may name, each in both languages. */
type Names = Readonly<Record<string, Message>>

interface PlainSpec extends Message {
  status: number
  /** The field this refusal is always about (a header), blamed when the thrower names none. */
  blames?: Omit<FieldBlame, 'message'>
}

/**
 * A message with placeholders that name a thing (NOT_FOUND's `{entity}`): the value given is a key of their
 * names, the only values the class accepts there, and is said in the caller's language, so a Chinese message
 * never carries an English word.
 */
interface NamingSpec extends PlainSpec {
  names: Readonly<Record<string, Names>>
  /** Said when a value has no name (one that got past the types), rather than a message in two languages. */
  unnamed: Message
}

export type ErrorSpec = PlainSpec | NamingSpec

type Params = Record<string, unknown>

type NamingCode<T extends Record<string, ErrorSpec>> = {
  [C in keyof T & string]: T[C] extends NamingSpec ? C : never
}[keyof T & string]

type NamedParams<S> = S extends { names: infer N extends Record<string, Names> }
  ? { [P in keyof N]: keyof N[P] & string } & Params
  : never

/** The constructor's arguments: a code whose message names things requires their keys. */
type ErrorArgs<T extends Record<string, ErrorSpec>> =
  | [code: Exclude<keyof T & string, NamingCode<T>>, params?: Params, fields?: FieldBlame[]]
  | {
      [C in NamingCode<T>]: [code: C, params: NamedParams<T[C]>, fields?: FieldBlame[]]
    }[NamingCode<T>]

function render(spec: ErrorSpec, locale: Locale, params: Params): string {
  if (!('names' in spec)) return translate(spec, locale, params)
  const named: Params = { ...params }
  for (const [placeholder, names] of Object.entries(spec.names)) {
    const value = params[placeholder]
    const name = typeof value === 'string' && Object.hasOwn(names, value) ? names[value] : undefined
    if (!name) return translate(spec.unnamed, locale, params)
    named[placeholder] = translate(name, locale)
  }
  return translate(spec, locale, named)
}

export function defineErrors<T extends Record<string, ErrorSpec>>(name: string, table: T) {
  type C = keyof T & string
  const specs: Record<C, ErrorSpec> = table
  return class extends AppError {
    override readonly name = name
    readonly status: number
    readonly code: C
    constructor(...args: ErrorArgs<T>) {
      const [code, params = {}, fields] = args as [C, Params?, FieldBlame[]?]
      const blames = specs[code].blames
      super(params, fields ?? (blames ? [blames] : undefined))
      this.code = code
      this.status = specs[code].status
      this.message = `${code}: ${render(specs[code], 'en', params)}`
    }
    localized(locale: Locale) {
      return render(specs[this.code], locale, this.params)
    }
  }
}

/**
 * What a FORBIDDEN may name: a permission as the role editor says it (a code such as dispatch:manage means
 * nothing to the person refused), or who alone may do it. The body keeps the code for programs.
 */
export const permissionNames = {
  ...(Object.fromEntries(
    Object.entries(PERMISSION_CATALOG).map(([key, p]) => [key, { zh: p.zh, en: p.en }]),
  ) as Record<Permission, Message>),
  session: { zh: '员工账号登录', en: 'a staff sign-in' },
  customer: { zh: '客户本人登录', en: 'the customer’s own sign-in' },
  'same-origin': { zh: '来自本站页面的请求', en: 'a request from this site’s pages' },
} satisfies Names

/** Everything a NOT_FOUND may name: `entity` takes only these keys, so the compiler catches a new one. */
export const entityNames = {
  address: { zh: '地址', en: 'address' },
  'api token': { zh: 'API 令牌', en: 'API token' },
  category: { zh: '服务分类', en: 'category' },
  complaint: { zh: '投诉', en: 'complaint' },
  customer: { zh: '客户', en: 'customer' },
  file: { zh: '文件', en: 'file' },
  notification: { zh: '通知', en: 'notification' },
  order: { zh: '订单', en: 'order' },
  plan: { zh: '周期服务', en: 'plan' },
  project: { zh: '项目', en: 'project' },
  review: { zh: '评价', en: 'review' },
  role: { zh: '角色', en: 'role' },
  'service item': { zh: '服务项目', en: 'service item' },
  user: { zh: '员工', en: 'user' },
  worker: { zh: '服务人员', en: 'worker' },
} satisfies Names

/** Errors any module may raise. */
export const CommonError = defineErrors('CommonError', {
  VALIDATION_FAILED: {
    status: 400,
    zh: '请求内容有误，请检查标出的字段',
    en: 'Some fields are not valid',
  },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  CSRF_FAILED: {
    status: 403,
    zh: '安全校验失败，请刷新页面后重试',
    en: 'Security check failed; reload the page and try again',
  },
  FORBIDDEN: {
    status: 403,
    zh: '您没有执行此操作的权限（需要“{permission}”）',
    en: 'You do not have permission to do this (it needs “{permission}”)',
    names: { permission: permissionNames },
    unnamed: { zh: '您没有执行此操作的权限', en: 'You do not have permission to do this' },
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    zh: '请先修改管理员为您设置的初始密码',
    en: 'Change the password your administrator set first',
  },
  NOT_FOUND: {
    status: 404,
    zh: '找不到该{entity}',
    en: 'That {entity} was not found',
    names: { entity: entityNames },
    unnamed: { zh: '找不到该记录', en: 'Not found' },
  },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  METHOD_NOT_ALLOWED: {
    status: 405,
    zh: '该接口不支持 {method} 请求，可用：{allow}',
    en: 'This endpoint does not take {method}; it takes {allow}',
  },
  CONFLICT: { status: 409, zh: '与现有数据冲突', en: 'This conflicts with existing data' },
  INVALID_CURSOR: { status: 400, zh: '分页游标无效', en: 'Invalid page cursor' },
  RANGE_REVERSED: {
    status: 400,
    zh: '结束日期不能早于开始日期',
    en: 'The end date is before the start date',
  },
  INVALID_IF_MATCH: {
    status: 400,
    zh: 'If-Match 须为记录的版本号（ETag），如 "3"',
    en: 'If-Match must be the record’s version (its ETag), such as "3"',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '该幂等键已用于另一个请求',
    en: 'This Idempotency-Key was used for a different request',
  },
  PRECONDITION_REQUIRED: {
    status: 428,
    zh: '修改时需要提供 If-Match 版本号',
    en: 'Send If-Match with the version you are changing',
  },
  VERSION_MISMATCH: {
    status: 412,
    blames: { field: 'headers.if-match', code: 'version_mismatch' },
    zh: '该记录已被他人修改，请刷新后重试',
    en: 'Someone else changed this record; reload and try again',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    zh: '请求内容过大',
    en: 'The request is too large',
    blames: { field: 'body', code: 'too_large' },
  },
  UNSUPPORTED_CHARSET: {
    status: 415,
    zh: '请求内容须使用 UTF-8 编码',
    en: 'Send the body in UTF-8',
    blames: { field: 'headers.content-type', code: 'unsupported_charset' },
  },
  UNSUPPORTED_ENCODING: {
    status: 415,
    zh: '请求内容不能压缩发送',
    en: 'Send the body uncompressed',
    blames: { field: 'headers.content-encoding', code: 'unsupported_encoding' },
  },
  BODY_NOT_UTF8: {
    status: 400,
    zh: '请求内容不是有效的 UTF-8 文本',
    en: 'The body is not valid UTF-8 text',
    blames: { field: 'body', code: 'invalid_utf8' },
  },
  REQUEST_TIMEOUT: {
    status: 408,
    zh: '请求发送超时，请重试',
    en: 'The request took too long to arrive; try again',
  },
  MALFORMED_REQUEST: {
    status: 400,
    zh: '请求格式无效',
    en: 'The request is malformed',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    zh: '请求地址或请求头过长',
    en: 'The address or the headers of the request are too long',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    zh: '请求内容格式不支持，请使用 JSON',
    en: 'Send JSON',
    blames: { field: 'headers.content-type', code: 'unsupported_media_type' },
  },
  RATE_LIMITED: {
    status: 429,
    zh: '请求过于频繁，请稍后再试',
    en: 'Too many requests; try again later',
  },
  DAILY_LIMIT_REACHED: {
    status: 429,
    zh: '今日此类敏感修改已达上限（{limit} 次）',
    en: 'Daily limit of {limit} sensitive changes reached',
  },
  INTERNAL: {
    status: 500,
    zh: '服务器内部错误，请联系管理员（请求号 {requestId}）',
    en: 'Internal error; tell your administrator (request {requestId})',
  },
  UNAVAILABLE: {
    status: 503,
    zh: '服务暂不可用，请稍后再试',
    en: 'Service unavailable; try again shortly',
  },
})
export type CommonError = InstanceType<typeof CommonError>
