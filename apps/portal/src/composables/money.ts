/** ¥1,234.50; whole yuan without decimals (¥80) as prices read on a phone; negatives as -¥5. */
export function formatFen(fen: number | null | undefined, options: { compact?: boolean } = {}): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—'
  const abs = Math.abs(fen) / 100
  const whole = Number.isInteger(abs)
  const digits = options.compact && whole ? 0 : 2
  const text = abs.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
  return `${fen < 0 ? '-' : ''}¥${text}`
}

/** Quantities cross the API ×1000 (1.5 h = 1500). */
export const toMilli = (quantity: number): number => Math.round(Number((quantity * 1000).toFixed(3)))
export const fromMilli = (milli: number): number => milli / 1000
