/** The password rules of the API (packages/contracts), spelled out as a checklist the user sees while typing. */
export function passwordChecks(password: string) {
  return [
    { key: 'length', met: password.length >= 10 },
    { key: 'letter', met: /[A-Za-z]/.test(password) },
    { key: 'digit', met: /\d/.test(password) },
  ] as const
}

/** A random password that satisfies the rules, for "reset password" and new accounts (12 chars, no lookalikes). */
export function generatePassword(random: (n: number) => number = cryptoRandom): string {
  const letters = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ'
  const digits = '23456789'
  const all = letters + digits
  const pick = (set: string) => set[random(set.length)] ?? 'a'
  const chars = [pick(letters), pick(digits)]
  while (chars.length < 12) chars.push(pick(all))
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random(i + 1)
    const a = chars[i] ?? ''
    chars[i] = chars[j] ?? ''
    chars[j] = a
  }
  return chars.join('')
}

function cryptoRandom(n: number): number {
  const buffer = new Uint32Array(1)
  crypto.getRandomValues(buffer)
  return (buffer[0] ?? 0) % n
}
