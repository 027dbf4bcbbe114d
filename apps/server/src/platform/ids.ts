import { uuidv7 } from 'uuidv7'

/** Time-ordered ids (UUIDv7): index-friendly and safe to make on a device before it syncs. */
export const newId = (): string => uuidv7()

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
