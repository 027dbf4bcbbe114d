/**
 * Field-level changes for the audit log. Personal data is never written there: a redacted field shows only
 * that it changed.
 */
export function auditDiff<T extends object>(
  before: Partial<T> | null,
  after: Partial<T>,
  redacted: ReadonlyArray<keyof T & string> = [],
): Record<string, { from: unknown; to: unknown }> {
  const a = (before ?? {}) as Record<string, unknown>
  const b = after as Record<string, unknown>
  const diff: Record<string, { from: unknown; to: unknown }> = {}
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!(key in b) && before) continue
    const from = a[key] ?? null
    const to = b[key] ?? null
    if (JSON.stringify(from) === JSON.stringify(to)) continue
    diff[key] = (redacted as readonly string[]).includes(key)
      ? { from: from === null ? null : '[redacted]', to: to === null ? null : '[redacted]' }
      : { from, to }
  }
  return diff
}
