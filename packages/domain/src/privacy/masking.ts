/** 13812345678 → 138****5678: what lists, workers and logs show of a phone number. */
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`

/**
 * 张杨路 500 弄 3 号 → 张杨路****: street and building name stay readable; numbers (building, unit, door) are
 * hidden. An address that begins with its number (3号楼1201室) keeps its words with each number starred
 * (*号楼*室****): "****" alone would not tell two addresses apart. Eight characters at most, counted as
 * characters, not UTF-16 units: a rarer one (𠀀, outside the BMP) is two units, and a cut between them would
 * store a broken character.
 */
export function maskDetail(detail: string): string {
  // Any digit, full-width ones too (５００).
  const street = detail.replace(/[\p{Nd}\s#-].*$/u, '')
  const shown = street || detail.replace(/\s+/gu, '').replace(/\p{Nd}+/gu, '*')
  return `${Array.from(shown).slice(0, 8).join('')}****`
}

/**
 * A coordinate rounded to 3 decimals (about 100 m): enough for travel times, too coarse to single out a home
 * (ADR 0010).
 */
export const coarse = (degrees: number) => Math.round(degrees * 1000) / 1000
