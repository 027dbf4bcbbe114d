import crypto from 'node:crypto'
import canonicalize from 'canonicalize'
import { and, eq } from 'drizzle-orm'
import type { FastifyRequest } from 'fastify'
import type { Executor } from '../db/database.ts'
import { atCommit, inSendOrder } from '../db/database.ts'
import type { Slots } from '../db/prebuilt.ts'
import { prebuiltSelect, prebuiltStatement } from '../db/prebuilt.ts'
import { CommonError } from '../errors.ts'
import { idempotencyKey } from './idempotency.tables.ts'

export interface IdempotencyRequest {
  tenantId: string
  /** The endpoint, so one key may be used once per kind of request. */
  scope: string
  key: string
  body: unknown
}

const KEY = /^[A-Za-z0-9_.:-]{8,100}$/

/** The Idempotency-Key header, checked; undefined when the client sent none. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key']
  if (key === undefined) return undefined
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw new CommonError('VALIDATION_FAILED', {}, [
      { field: 'headers.idempotency-key', code: 'invalid_idempotency_key' },
    ])
  }
  return key
}

// Every idempotent write runs these: built once.
const claim = prebuiltSelect(
  (
    tx,
    slot: Slots<{
      tenantId: string
      scope: string
      key: string
      requestHash: string
      createdAt: Date
    }>,
  ) =>
    tx
      .insert(idempotencyKey)
      .values({
        tenantId: slot.tenantId,
        scope: slot.scope,
        key: slot.key,
        requestHash: slot.requestHash,
        statusCode: 0,
        createdAt: slot.createdAt,
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKey.key }),
)
const storeResponse = prebuiltStatement(
  (tx, slot: Slots<{ response: unknown; scope: string; key: string }>) =>
    tx
      .update(idempotencyKey)
      .set({ statusCode: 201, response: slot.response })
      .where(and(eq(idempotencyKey.scope, slot.scope), eq(idempotencyKey.key, slot.key))),
)

/** The key was claimed before: its stored answer is the answer. */
class AlreadyClaimed extends Error {}

/**
 * Runs `create` at most once per key, inside the caller's transaction. The key row is inserted first: a
 * concurrent request with the same key waits on it, then finds the stored answer. A failed `create` rolls
 * the key back with everything else, so the client may retry.
 *
 * The claim is sent without waiting for it, so what `create` reads first travels behind it in the same round
 * trip; `create` must await `claimed` before it writes anything (it rejects when the key was used before, and
 * what `create` did until then — reads — is dropped for the stored answer).
 */
export async function onceFor<T>(
  tx: Executor,
  req: IdempotencyRequest | null,
  at: Date,
  create: (claimed: Promise<void>) => Promise<T>,
): Promise<T> {
  if (!req) return create(Promise.resolve())
  const requestHash = crypto
    .createHash('sha256')
    .update(canonicalize(req.body) ?? '')
    .digest('hex')
  const claimed = claim(tx, {
    tenantId: req.tenantId,
    scope: req.scope,
    key: req.key,
    requestHash,
    createdAt: at,
  }).then((rows) => {
    if (rows.length === 0) throw new AlreadyClaimed()
  })
  // `create` awaits it later: its failure is not unhandled meanwhile.
  claimed.catch(() => undefined)
  const creating = create(claimed)
  let result: T
  try {
    // The claim's failure comes first: it was sent first, and a statement after a failed one only echoes it.
    ;[, result] = await inSendOrder([claimed, creating] as const)
  } catch (error) {
    if (!(error instanceof AlreadyClaimed)) throw error
    // A `create` that finished on a key used before did not wait for its claim, and may have written: the
    // transaction must not commit.
    const finished = await creating.then(
      () => true,
      () => false,
    )
    if (finished)
      throw new Error(`onceFor(${req.scope}): create finished without awaiting its claim`, {
        cause: error,
      })
    const [stored] = await tx
      .select()
      .from(idempotencyKey)
      .where(and(eq(idempotencyKey.scope, req.scope), eq(idempotencyKey.key, req.key)))
    if (!stored || stored.requestHash !== requestHash)
      throw new CommonError('IDEMPOTENCY_KEY_REUSED')
    return stored.response as T
  }
  // Read only by a later request, after the commit: it travels with the commit.
  await atCommit(tx, storeResponse(tx, { response: result, scope: req.scope, key: req.key }))
  return result
}
