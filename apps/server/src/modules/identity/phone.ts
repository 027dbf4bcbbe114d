import { maskPhone } from '@doorstep/domain'
import type { Keyring } from '../../platform/crypto/keyring.ts'

export const PHONE_PATTERN = /^1[3-9]\d{9}$/

/** 13812345678 → 138****5678: what lists and workers see. */

/** The stored form of a staff phone: ciphertext bound to its cell, blind index, masked copy. */
export function phoneColumns(
  keyring: Keyring,
  tenantId: string,
  userId: string,
  phone: string | null,
) {
  if (phone === null) return { phoneEnc: null, phoneBidx: null, phoneMasked: null }
  return {
    phoneEnc: keyring.encrypt(phone, {
      tenantId,
      table: 'app_user',
      column: 'phone_enc',
      rowId: userId,
    }),
    phoneBidx: keyring.blindIndex('phone', phone),
    phoneMasked: maskPhone(phone),
  }
}

export function decryptPhone(
  keyring: Keyring,
  tenantId: string,
  userId: string,
  phoneEnc: string | null,
) {
  return phoneEnc === null
    ? null
    : keyring.decrypt(phoneEnc, { tenantId, table: 'app_user', column: 'phone_enc', rowId: userId })
}
