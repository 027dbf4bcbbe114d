import crypto from 'node:crypto'
import canonicalize from 'canonicalize'
import { and, eq } from 'drizzle-orm'
import type { FastifyRequest } from 'fastify'
import type { Actor } from '../auth/actor.ts'
import type { Executor } from '../db/database.ts'
import { atCommit, holdUntilCommit, inSendOrder } from '../db/database.ts'
import type { Slots } from '../db/prebuilt.ts'
import { prebuiltSelect, rowsInsert } from '../db/prebuilt.ts'
import { CommonError } from '../errors.ts'
import { idempotencyKey } from './idempotency.tables.ts'

export interface IdempotencyRequest {
  /** Who asks: a key answers its own caller only (the stored answer was checked against their reach). */
  actor: Actor
  /** The endpoint, so one key may be used once per kind of request. */
  scope: string
  key: string
  body: unknown
}

/** The caller as the request hash records them: an API token, a customer, a staff member, or the system. */
const callerOf = (actor: Actor) =>
  `${actor.type}:${actor.tokenId ?? actor.customerId ?? actor.userId ?? ''}`

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
const storedAnswer = prebuiltSelect((tx, slot: Slots<{ scope: string; key: string }>) =>
  tx
    .select({ requestHash: idempotencyKey.requestHash, response: idempotencyKey.response })
    .from(idempotencyKey)
    .where(and(eq(idempotencyKey.scope, slot.scope), eq(idempotencyKey.key, slot.key))),
)
const storeAnswer = rowsInsert(idempotencyKey)

/** The key was used before: its stored answer is the answer. */
class AlreadyClaimed extends Error {
  constructor(readonly stored: { requestHash: string; response: unknown }) {
    super('idempotency key used before')
  }
}

/**
 * Runs `create` at most once per key, inside the caller's transaction. The key is claimed with a lock named
 * after it, held to the end of the transaction, and then looked up: a concurrent request with the same key
 * waits for the lock, and then finds the answer the first one committed. The key and its answer are written
 * once, with the commit (no row to insert first and update later: half the key's writes, no dead row per
 * request). A failed `create` writes no key, so the client may retry.
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
  const { tenantId } = req.actor
  // The caller is part of the request: another caller's retry of a key is a reuse (422), never the first
  // caller's answer — it would hand over an order of a project the second one may not see.
  const requestHash = crypto
    .createHash('sha256')
    .update(canonicalize({ caller: callerOf(req.actor), body: req.body }) ?? '')
    .digest('hex')
  const locked = holdUntilCommit(tx, `idempotency|${tenantId}|${req.scope}|${req.key}`)
  const claimed = Promise.all([locked, storedAnswer(tx, { scope: req.scope, key: req.key })]).then(
    ([, [stored]]) => {
      if (stored) throw new AlreadyClaimed(stored)
    },
  )
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
    if (error.stored.requestHash !== requestHash)
      throw new CommonError('IDEMPOTENCY_KEY_REUSED', {}, [
        { field: 'headers.idempotency-key', code: 'idempotency_key_reused' },
      ])
    return error.stored.response as T
  }
  // Read only by a later request, after the commit: it travels with the commit.
  await atCommit(
    tx,
    storeAnswer(tx, [
      {
        tenantId,
        scope: req.scope,
        key: req.key,
        requestHash,
        statusCode: 201,
        response: result,
        createdAt: at,
      },
    ]),
  )
  return result
}
