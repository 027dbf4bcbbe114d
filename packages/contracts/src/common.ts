import { z } from 'zod'

/**
 * An id, read in lower case as PostgreSQL writes it: ids are compared as strings in places (a category's parents,
 * a project's override, an address among a customer's), where an upper-case one matched nothing.
 */
export const Uuid = z.uuid().overwrite((id) => id.toLowerCase())

/**
 * One blank character: white space, or an invisible format character (zero-width spaces and joiners, direction
 * marks, the word joiner, soft hyphens, the Hangul and braille fillers). String.trim leaves the invisible ones, so a
 * text of zero-width spaces passed as filled in.
 */
const BLANK =
  /[\s\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u2800\u3164\uFFA0]/

/** `text` without blank characters at either end, scanning one character at a time (linear in its length). */
export function trimBlank(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && BLANK.test(text[start]!)) start++
  while (end > start && BLANK.test(text[end - 1]!)) end--
  return text.slice(start, end)
}

/**
 * Text as people type it, without blank ends; `.min(1)` on it means something visible was written. Trimmed by
 * a scan, not a regular expression anchored at the end, whose backtracking made a long text of spaces cost
 * seconds before `.max()` could refuse it.
 */
export const trimmedText = () => z.string().overwrite(trimBlank)
export const IsoDateTime = z.iso.datetime({ offset: true })
const MOMENTS_FROM = Date.parse('1900-01-01T00:00:00Z')
const MOMENTS_UNTIL = Date.parse('3000-01-01T00:00:00Z')
/**
 * A moment a client sends (a filter's bound, a window): within the years a day may be (below), or the database
 * overflows; read in UTC (…T02:00:00.000Z), so one moment written with another offset is the same request (a
 * retry's Idempotency-Key).
 */
export const IsoMoment = IsoDateTime.refine(
  (moment) => {
    const at = Date.parse(moment)
    // Not a moment at all is the format check's to say, once.
    return Number.isNaN(at) || (at >= MOMENTS_FROM && at < MOMENTS_UNTIL)
  },
  { message: 'date_out_of_range' },
)
  // Zod runs this after a failed check too: a text that is no moment stays as it was (to be refused).
  .overwrite((moment) => {
    const at = Date.parse(moment)
    return Number.isNaN(at) ? moment : new Date(at).toISOString()
  })
  .meta({ description: 'ISO 8601 with an offset, 1900–2999' })
/** A calendar day of the tenant; years past 2999 (or before 1900) are no one's booking or report, and overflow. */
export const LocalDate = z.iso
  .date()
  .refine((day) => day >= '1900-01-01' && day <= '2999-12-31', { message: 'date_out_of_range' })
  .meta({ description: 'YYYY-MM-DD in the tenant time zone, 1900–2999' })
/** A list's day range, on the record's creation (the server reads both days in the tenant's calendar). */
export const CreatedDayRange = {
  from: LocalDate.optional().meta({ description: 'Created on or after this day (company time)' }),
  to: LocalDate.optional().meta({ description: 'Created on or before this day (company time)' }),
}

/** RFC 9457 problem details, with a stable `code` to branch on and field errors for bad input. */
export const FieldError = z.object({
  field: z.string().meta({ description: 'Dotted path of the bad field, e.g. body.grants.0.scope' }),
  code: z.string(),
  message: z.string(),
})
/** Extension members (e.g. `retryAfterSeconds`, `allowed`) may follow, as RFC 9457 allows. */
export const Problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  errors: z.array(FieldError).optional(),
  requestId: z.string().optional(),
})
export type Problem = z.infer<typeof Problem>

/**
 * A whole number in a query string, written in decimal digits: plain coercion (Number) would also take "0x10",
 * "1e2" and " 7 ", which no form sends and a typo should not turn into another number.
 */
export const queryInt = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value),
    z.number().int().min(min).max(max),
  )

/**
 * A decimal number in a query string (a coordinate), written in plain digits with an optional fraction: as with
 * `queryInt`, no "1e2", "0x10" or blanks.
 */
export const queryDecimal = (min: number, max: number) =>
  z.preprocess(
    (value) =>
      typeof value === 'string' && /^-?\d{1,15}(\.\d{1,15})?$/.test(value) ? Number(value) : value,
    z.number().min(min).max(max),
  )

/** Cursor pagination: pass `nextCursor` back as `cursor` to get the next page; null means the end. */
export const PageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: queryInt(1, 200).default(50),
})
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() })

export const IdParams = z.object({ id: Uuid })

const UUID_TEXT = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'
/**
 * Several ids in one query parameter, comma-separated (a picker naming the records it holds). Text, not an
 * array, so the query string and the OpenAPI document stay plain; `idsOf` splits it.
 */
export const IdList = z
  .string()
  .regex(new RegExp(`^${UUID_TEXT}(,${UUID_TEXT}){0,49}$`), { message: 'invalid_id_list' })
  .overwrite((list) => list.toLowerCase())
  .meta({ description: 'Up to 50 ids, comma-separated' })
export const idsOf = (list: string) => list.split(',')

/**
 * Full-width digits (０-９, what a Chinese IME types in full-width mode) as ASCII 0-9; everything else as it is.
 * A form that strips non-digits must convert first, or a number typed that way vanishes.
 */
export function asciiDigits(text: string): string {
  return text.replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
}

/** Mainland China mobile number, 11 digits starting with 1; full-width digits are taken as the same number. */
export const MobilePhone = z
  .string()
  .overwrite(asciiDigits)
  .regex(/^1[3-9]\d{9}$/, { message: 'invalid_phone' })

export const Ok = z.object({ ok: z.literal(true) })

/**
 * A region's IANA name (Asia/Shanghai) or UTC, as a company's zone is written; offsets ("+08:00"), legacy names
 * (EST5EDT, HST) and other spellings (asia/shanghai) that Intl also takes are refused, so one zone has one name.
 */
export const TimeZone = z
  .string()
  .max(60)
  .refine(
    (zone) => {
      if (zone !== 'UTC' && !/^[A-Z][A-Za-z_-]+(\/[A-Z][A-Za-z0-9_+-]*){1,2}$/.test(zone))
        return false
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone })
        return true
      } catch {
        return false
      }
    },
    { message: 'invalid_time_zone' },
  )

type Undefaulted<T> = T extends z.ZodDefault<infer Inner> ? Inner : T

/**
 * The body of a PATCH: every field optional and none defaulted, so a field left out means "unchanged".
 * (`.partial()` keeps defaults, which would quietly reset every defaulted field the client did not send.)
 */
export function patchOf<S extends z.ZodRawShape>(object: z.ZodObject<S>) {
  const shape = Object.fromEntries(
    Object.entries(object.shape).map(([key, field]) => {
      const inner = (field instanceof z.ZodDefault ? field.unwrap() : field) as z.ZodType
      return [key, inner.optional()]
    }),
  )
  return z.object(shape) as unknown as z.ZodObject<{
    [K in keyof S]: z.ZodOptional<Undefaulted<S[K]>>
  }>
}
