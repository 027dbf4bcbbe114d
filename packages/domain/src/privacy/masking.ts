/** 13812345678 → 138****5678: what lists, workers and logs show of a phone number. */
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`

/**
 * A coordinate rounded to 3 decimals (about 100 m): enough for travel times, too coarse to single out a home
 * (ADR 0010).
 */
export const coarse = (degrees: number) => Math.round(degrees * 1000) / 1000
