import { asciiDigits } from '@doorstep/contracts'

/**
 * A mainland mobile number as typed or pasted ("139 1234 5678", "+86 139-1234-5678", or full-width
 * "１３９１２３４５６７８" from a Chinese IME) reduced to its 11 digits.
 * The field's own maxlength would cut a pasted number at its spaces, before any formatting.
 */
export function mobileDigits(value: string): string {
  let digits = asciiDigits(value).replace(/\D/g, '')
  if (digits.length > 11) digits = digits.replace(/^(00)?86/, '')
  return digits.slice(0, 11)
}

/** An SMS code as typed or pasted, full-width digits included, reduced to its 6 digits. */
export function codeDigits(value: string): string {
  return asciiDigits(value).replace(/\D/g, '').slice(0, 6)
}
