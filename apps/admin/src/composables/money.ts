/**
 * Money crosses the API as integer fen (12345 = ¥123.45); people read and type yuan. These helpers are the only
 * place the console converts between the two, so rounding is decided once.
 */

/** ¥1,234.50; negative amounts (discounts) as -¥5.00; an em dash for nothing. */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—'
  const abs = Math.abs(fen) / 100
  const text = abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  return `${fen < 0 ? '-' : ''}¥${text}`
}

/** Yuan as typed (12.3) → fen (1230), rounded half up to the fen; null for an empty or invalid input. */
export function yuanToFen(yuan: number | string | null | undefined): number | null {
  if (yuan === null || yuan === undefined || yuan === '') return null
  const value = typeof yuan === 'number' ? yuan : Number(yuan)
  if (!Number.isFinite(value)) return null
  // toFixed(3) first so 0.29 * 100 = 28.999999999999996 still becomes 29.
  return Math.round(Number((value * 100).toFixed(3)))
}

export const fenToYuan = (fen: number): number => fen / 100

/** Quantities are sent ×1000 (1.5 h = 1500). */
export const toMilli = (quantity: number): number => Math.round(Number((quantity * 1000).toFixed(3)))
export const fromMilli = (milli: number): number => milli / 1000

/** Basis points (2000) ↔ percent (20). */
export const percentToBp = (percent: number): number => Math.round(Number((percent * 100).toFixed(3)))
export const bpToPercent = (bp: number): number => bp / 100
