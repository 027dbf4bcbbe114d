import crypto from 'node:crypto'
import { newSecret, sameSecret, sha256 } from '../../platform/auth/secrets.ts'
import type { FastifyRequest } from 'fastify'
import { and, desc, eq, gte, isNull } from 'drizzle-orm'
import type { AccessCache } from '../../platform/auth/access-cache.ts'
import { assertCsrf } from '../../platform/auth/access-cache.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { customerActor } from '../../platform/auth/actor.ts'
import { appendAudit } from '../../platform/audit/audit.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Keyring } from '../../platform/crypto/keyring.ts'
import type { Database } from '../../platform/db/database.ts'
import { holdUntilCommit } from '../../platform/db/database.ts'
import type { Authenticator } from '../../platform/http/router.ts'
import { UUID_PATTERN, newId } from '../../platform/ids.ts'
import type { SmsProvider } from '../../platform/sms/sms.ts'
import type { CustomerService } from '../customers/index.ts'
import type { TenancyService } from '../tenancy/index.ts'
import { PortalError } from './portal.errors.ts'
import { customerSession, otpChallenge } from './portal.tables.ts'

export const PORTAL_COOKIE = 'ds_portal'
const OTP_TTL_MS = 5 * 60_000
const RESEND_MS = 60_000
const MAX_ATTEMPTS = 5
const MAX_CODES_PER_DAY = 10
const SESSION_MS = 30 * 86_400_000
const IDLE_MS = 7 * 86_400_000
const TOUCH_EVERY_MS = 60_000

interface Deps {
  database: Database
  keyring: Keyring
  clock: Clock
  sms: SmsProvider
  tenancy: TenancyService
  customers: CustomerService
  /** Resolved sign-ins, shared with staff sessions. */
  cache: AccessCache
}

export function createPortalService({
  database,
  keyring,
  clock,
  sms,
  tenancy,
  customers,
  cache,
}: Deps) {
  /** The company the portal serves: the `x-doorstep-tenant` slug, or the installation's operating company. */
  async function tenantOf(request: FastifyRequest) {
    const slug = request.headers['x-doorstep-tenant']
    const found =
      typeof slug === 'string' && slug
        ? await tenancy.findTenantBySlug(slug)
        : await tenancy.operatorTenant()
    if (!found) throw new PortalError('UNKNOWN_COMPANY')
    return found
  }

  const systemWho = (
    tenantId: string,
    customerId: string | null,
    name: string | null,
    requestId: string,
    ip: string | null,
  ) => ({
    tenantId,
    actorType: 'customer' as const,
    actorId: customerId,
    actorName: name,
    requestId,
    ip,
  })

  async function signedIn(tenantId: string, secretHash: string, now: Date) {
    return database.tenant(tenantId, async (tx) => {
      const [s] = await tx
        .select()
        .from(customerSession)
        .where(eq(customerSession.secretHash, secretHash))
      if (!s) return null
      const idleSince = now.getTime() - s.lastSeenAt.getTime()
      if (s.expiresAt <= now || idleSince > IDLE_MS) {
        await tx.delete(customerSession).where(eq(customerSession.id, s.id))
        return null
      }
      const touched = idleSince > TOUCH_EVERY_MS
      if (touched)
        await tx
          .update(customerSession)
          .set({ lastSeenAt: now })
          .where(eq(customerSession.id, s.id))
      const who = await customers.summaries(tx, [s.customerId])
      const lastSeen = touched ? now.getTime() : s.lastSeenAt.getTime()
      return {
        actor: {
          ...customerActor(tenantId, s.customerId, who.get(s.customerId)?.name ?? ''),
          sessionId: s.id,
        },
        csrfToken: s.csrfToken,
        until: Math.min(s.expiresAt.getTime(), lastSeen + IDLE_MS),
      }
    })
  }

  const authenticator: Authenticator = {
    async authenticate(request: FastifyRequest): Promise<Actor | null> {
      const value = request.cookies[PORTAL_COOKIE]
      const dot = value?.indexOf('.') ?? -1
      if (!value || dot < 0 || !UUID_PATTERN.test(value.slice(0, dot))) return null
      const tenantId = value.slice(0, dot)
      const now = clock.now()
      const secretHash = sha256(value.slice(dot + 1))
      const found = await cache.resolve(`portal:${tenantId}:${secretHash}`, now.getTime(), () =>
        signedIn(tenantId, secretHash, now),
      )
      if (!found) return null
      assertCsrf(request, found)
      return found.actor
    },
  }

  async function view(actor: Actor) {
    // Read before the tenant transaction: nesting a second transaction would wait forever on PGlite's one connection.
    const t = await tenancy.tenantById(actor.tenantId)
    return database.tenant(actor.tenantId, async (tx) => {
      const who = await customers.summaries(tx, [actor.customerId!])
      const [s] = await tx
        .select({ csrf: customerSession.csrfToken })
        .from(customerSession)
        .where(eq(customerSession.id, actor.sessionId!))
      const c = who.get(actor.customerId!)
      return {
        customer: { id: actor.customerId!, name: c?.name ?? '', phoneMasked: c?.phoneMasked ?? '' },
        tenantName: t?.name ?? '',
        tenantTimeZone: t?.timeZone ?? 'Asia/Shanghai',
        csrfToken: s?.csrf ?? '',
      }
    })
  }

  return {
    authenticator,
    tenantOf,
    view,

    /** Sends a sign-in code: one a minute and ten a day per phone; only the code's hash is stored. */
    async requestOtp(request: FastifyRequest, phone: string) {
      const t = await tenantOf(request)
      const now = clock.now()
      const phoneBidx = keyring.blindIndex('phone', phone)
      const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0')
      await database.tenant(t.id, async (tx) => {
        // Requests for one phone queue here: each counts the codes sent before it (without, a burst all read
        // "none in the last minute" and each sent one).
        await holdUntilCommit(tx, `otp|${phoneBidx}`)
        const recent = await tx
          .select({ createdAt: otpChallenge.createdAt })
          .from(otpChallenge)
          .where(
            and(
              eq(otpChallenge.phoneBidx, phoneBidx),
              gte(otpChallenge.createdAt, new Date(now.getTime() - 86_400_000)),
            ),
          )
          .orderBy(desc(otpChallenge.createdAt))
        const last = recent[0]
        if (last && now.getTime() - last.createdAt.getTime() < RESEND_MS) {
          throw new PortalError('OTP_TOO_SOON', {
            retryAfterSeconds: Math.ceil(
              (RESEND_MS - (now.getTime() - last.createdAt.getTime())) / 1000,
            ),
          })
        }
        if (recent.length >= MAX_CODES_PER_DAY) throw new PortalError('OTP_DAILY_LIMIT')
        const id = newId()
        await tx.insert(otpChallenge).values({
          tenantId: t.id,
          id,
          phoneBidx,
          codeHash: sha256(`${id}:${code}`),
          createdAt: now,
          expiresAt: new Date(now.getTime() + OTP_TTL_MS),
        })
        try {
          await sms.sendCode(phone, code)
        } catch {
          throw new PortalError('SMS_UNAVAILABLE')
        }
      })
      return {
        sent: true as const,
        resendAfterSeconds: RESEND_MS / 1000,
        expiresInSeconds: OTP_TTL_MS / 1000,
      }
    },

    /** Checks the code (wrong tries are counted and committed), then signs the customer in, creating them if new. */
    async login(
      request: FastifyRequest,
      phone: string,
      code: string,
      consentVersion: string,
      meta: { requestId: string; ip: string | null },
    ) {
      const t = await tenantOf(request)
      const now = clock.now()
      const phoneBidx = keyring.blindIndex('phone', phone)
      const outcome = await database.tenant(t.id, async (tx) => {
        const [challenge] = await tx
          .select()
          .from(otpChallenge)
          .where(and(eq(otpChallenge.phoneBidx, phoneBidx), isNull(otpChallenge.consumedAt)))
          .orderBy(desc(otpChallenge.createdAt))
          .limit(1)
          .for('update')
        if (!challenge || challenge.expiresAt <= now) return { kind: 'expired' as const }
        if (challenge.attempts >= MAX_ATTEMPTS) return { kind: 'locked' as const }
        if (!sameSecret(challenge.codeHash, sha256(`${challenge.id}:${code}`))) {
          await tx
            .update(otpChallenge)
            .set({ attempts: challenge.attempts + 1 })
            .where(eq(otpChallenge.id, challenge.id))
          const attemptsLeft = MAX_ATTEMPTS - challenge.attempts - 1
          return attemptsLeft > 0
            ? { kind: 'wrong' as const, attemptsLeft }
            : { kind: 'locked' as const }
        }
        await tx
          .update(otpChallenge)
          .set({ consumedAt: now })
          .where(eq(otpChallenge.id, challenge.id))
        const c = await customers.findOrCreateByPhone(tx, t.id, phone, now)
        const consentBefore = await customers.recordConsent(tx, c.id, consentVersion, now)
        const value = newSecret()
        const sessionId = newId()
        await tx.insert(customerSession).values({
          tenantId: t.id,
          id: sessionId,
          secretHash: sha256(value),
          customerId: c.id,
          csrfToken: newSecret(),
          createdAt: now,
          lastSeenAt: now,
          expiresAt: new Date(now.getTime() + SESSION_MS),
        })
        await appendAudit(
          tx,
          systemWho(t.id, c.id, c.name, meta.requestId, meta.ip),
          {
            action: c.created ? 'customer.signed_up' : 'customer.signed_in',
            entityType: 'customer',
            entityId: c.id,
            ...(consentBefore !== consentVersion
              ? { diff: { privacyConsent: { from: consentBefore, to: consentVersion } } }
              : {}),
          },
          now,
        )
        return {
          kind: 'ok' as const,
          cookie: `${t.id}.${value}`,
          actor: { ...customerActor(t.id, c.id, c.name), sessionId },
        }
      })
      switch (outcome.kind) {
        case 'ok':
          return {
            cookie: outcome.cookie,
            maxAgeSeconds: SESSION_MS / 1000,
            view: await view(outcome.actor),
          }
        case 'wrong':
          throw new PortalError('OTP_INVALID', { attemptsLeft: outcome.attemptsLeft }, [
            { field: 'body.code', code: 'otp_invalid' },
          ])
        case 'expired':
          throw new PortalError('OTP_EXPIRED', {}, [{ field: 'body.code', code: 'otp_expired' }])
        case 'locked':
          throw new PortalError('OTP_TOO_MANY_ATTEMPTS', {}, [
            { field: 'body.code', code: 'otp_too_many_attempts' },
          ])
      }
    },

    async logout(actor: Actor) {
      await database.tenant(actor.tenantId, (tx) =>
        tx.delete(customerSession).where(eq(customerSession.id, actor.sessionId!)),
      )
      cache.forgetTenant(actor.tenantId)
    },
  }
}

export type PortalService = ReturnType<typeof createPortalService>
