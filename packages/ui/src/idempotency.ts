/**
 * Idempotency keys for the booking forms of the portal and the console: one implementation, so both apps
 * open on any origin the company serves them from.
 */

type RandomSource = Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string }

/**
 * A random (version 4) UUID. `crypto.randomUUID` exists only in secure contexts — https, or localhost — so a
 * page opened over plain http on an office LAN address (http://192.168.1.20:3000) has no such function;
 * `crypto.getRandomValues` is there on every origin and gives the same 122 random bits.
 */
export function randomUuid(source: RandomSource = globalThis.crypto): string {
  if (typeof source.randomUUID === 'function') return source.randomUUID()
  const bytes = source.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40 // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80 // RFC 9562 variant
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * One Idempotency-Key per booking form: a retry of the same request (a timeout, a double tap) reuses it, so
 * the server books once. When the request changes after a failure (another window after SLOT_TAKEN), it is a
 * new request and gets a new key — the server would otherwise answer with the first attempt.
 */
export function createIdempotency(makeKey: () => string = () => randomUuid()) {
  let key = makeKey()
  let sent: string | null = null
  return {
    keyFor(body: unknown): string {
      const fingerprint = JSON.stringify(body)
      if (sent !== null && sent !== fingerprint) key = makeKey()
      sent = fingerprint
      return key
    },
    /** After a booking succeeded: the next order on this form is another request. */
    renew() {
      key = makeKey()
      sent = null
    },
  }
}
