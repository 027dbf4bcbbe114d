/**
 * A mainland mobile number as typed or pasted ("139 1234 5678", "+86 139-1234-5678") reduced to its 11 digits.
 * The field's own maxlength would cut a pasted number at its spaces, before any formatting.
 */
export function mobileDigits(value: string): string {
  let digits = value.replace(/\D/g, '')
  if (digits.length > 11) digits = digits.replace(/^(00)?86/, '')
  return digits.slice(0, 11)
}
