import { CommonError } from '../errors.ts'
import { UUID_PATTERN } from '../ids.ts'

const LAST_CURSOR_MS = Date.UTC(9999, 11, 31)
const invalid = () =>
  new CommonError('INVALID_CURSOR', {}, [{ field: 'query.cursor', code: 'invalid_cursor' }])

/** A cursor that is the id of the last row seen (lists ordered by UUIDv7, newest first). */
export function idCursor(cursor: string | undefined): string | undefined {
  if (cursor !== undefined && !UUID_PATTERN.test(cursor)) throw invalid()
  return cursor
}

/**
 * A cursor for lists ordered by a time, then id, newest first: `<epoch ms>_<id>` of the last row seen.
 * Built with `timeCursorOf`.
 */
export function timeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (cursor === undefined) return undefined
  const [ms, id, ...rest] = cursor.split('_')
  const at = new Date(Number(ms))
  // Every time a list orders by lies between 1970 and 9999; far outside, the database refuses the timestamp
  // (a Date holds ±8.64·10¹⁵ ms, PostgreSQL less), which would answer as a bad value of no named field.
  if (
    rest.length ||
    !/^\d+$/.test(ms ?? '') ||
    !(at.getTime() <= LAST_CURSOR_MS) ||
    !id ||
    !UUID_PATTERN.test(id)
  )
    throw invalid()
  return { at, id }
}

export const timeCursorOf = (at: Date, id: string) => `${at.getTime()}_${id}`

/** A cursor that is the sequence number of the last entry seen. */
export function seqCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined
  const seq = Number(cursor)
  if (!Number.isSafeInteger(seq) || seq < 1) throw invalid()
  return seq
}

/**
 * Lists fetch `limit + 1` rows: the extra row is never shown, it only says that another page exists, whose
 * cursor is the last item shown.
 */
export function toPage<R, T>(
  rows: readonly R[],
  limit: number,
  map: (row: R) => T,
  cursorOf: (item: T) => string | number,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit).map(map)
  const last = items.at(-1)
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? String(cursorOf(last)) : null,
  }
}
