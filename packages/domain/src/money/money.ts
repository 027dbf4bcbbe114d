/**
 * Money is an integer number of fen (分, 1/100 yuan). JavaScript numbers hold integers exactly up to 2^53,
 * about 90 billion yuan, far beyond any order or ledger balance here.
 */
export type Fen = number

export function assertFen(value: number, what = 'amount'): Fen {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`${what} must be a whole number of fen, got ${value}`)
  return value
}

/** Multiplies by a decimal quantity (hours, m²) given in thousandths, rounding half up to the fen. */
export function times(unit: Fen, quantityMilli: number): Fen {
  return Math.round((unit * quantityMilli) / 1000)
}

/** A share in basis points (1 bp = 0.01 %), rounded half up to the fen. */
export function share(amount: Fen, basisPoints: number): Fen {
  return Math.round((amount * basisPoints) / 10_000)
}

export const sum = (amounts: readonly Fen[]): Fen => amounts.reduce((a, b) => a + b, 0)

/** ¥1,234.50 — for messages; screens format with the user's locale. */
export const formatYuan = (amount: Fen) =>
  `¥${(amount / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
