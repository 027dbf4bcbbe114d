import crypto from 'node:crypto'

// How an uploaded file's bytes are sealed in the file store (ADR 0016): AES-256-GCM under the file's own data
// key, which the keyring seals in the file's row.

const FORMAT = 1
const IV_BYTES = 12
const TAG_BYTES = 16

/** The bytes are bound to their tenant and id: a blob copied under another name does not open. */
export const aadOf = (tenantId: string, id: string) => Buffer.from(`${tenantId}|file|${id}`)

export function sealBytes(key: Buffer, plain: Buffer, aad: Buffer): Buffer {
  const iv = crypto.randomBytes(IV_BYTES)
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(aad)
  const body = Buffer.concat([cipher.update(plain), cipher.final()])
  return Buffer.concat([Buffer.of(FORMAT), iv, body, cipher.getAuthTag()])
}

export function openBytes(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed[0] !== FORMAT) throw new Error('unknown file format')
  const iv = sealed.subarray(1, 1 + IV_BYTES)
  const tag = sealed.subarray(sealed.length - TAG_BYTES)
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv)
  decipher.setAAD(aad)
  decipher.setAuthTag(tag)
  return Buffer.concat([
    decipher.update(sealed.subarray(1 + IV_BYTES, sealed.length - TAG_BYTES)),
    decipher.final(),
  ])
}
