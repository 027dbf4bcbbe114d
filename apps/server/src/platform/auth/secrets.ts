import crypto from 'node:crypto'

/** Session and token secrets are stored only as this hash. */
export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex')

/** 256 random bits, URL-safe: session cookies, CSRF tokens, API tokens. */
export const newSecret = () => crypto.randomBytes(32).toString('base64url')

/** Compares secrets without leaking, through timing, how much of a guess was right. */
export const sameSecret = (a: string, b: string) =>
  a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b))
