/** One changed field of an audit entry, as the diff view shows it. */
export interface DiffRow {
  field: string
  /** Both sides known: a change from `before` to `after`. */
  change: boolean
  before: unknown
  after: unknown
}

const PAIRS: Array<[string, string]> = [
  ['from', 'to'],
  ['before', 'after'],
  ['old', 'new'],
]

/**
 * Audit diffs are stored as `{ field: change }`. A change is read as before/after when it looks like one
 * (`{from,to}`, `{before,after}`, `{old,new}` or `[before, after]`); anything else is shown as a value.
 */
export function diffRows(diff: Record<string, unknown> | null | undefined): DiffRow[] {
  if (!diff) return []
  return Object.entries(diff).map(([field, value]) => {
    if (Array.isArray(value) && value.length === 2) {
      const [before, after] = value as unknown[]
      return { field, change: true, before, after }
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const record = value as Record<string, unknown>
      for (const [a, b] of PAIRS) {
        const keys = Object.keys(record)
        if (keys.length === 2 && a in record && b in record) {
          return { field, change: true, before: record[a], after: record[b] }
        }
      }
    }
    return { field, change: false, before: undefined, after: value }
  })
}

/** A short, readable rendering of one value: strings bare, the rest as compact JSON. */
export function showValue(value: unknown): string {
  if (value === undefined) return ''
  if (value === null) return '∅'
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}
