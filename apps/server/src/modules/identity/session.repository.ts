import { and, desc, eq, isNull, lt, ne } from 'drizzle-orm'
import type { Executor } from '../../platform/db/database.ts'
import { apiToken, appUser, session } from './identity.tables.ts'

export async function insertSession(tx: Executor, row: typeof session.$inferInsert) {
  await tx.insert(session).values(row)
}

export async function findSession(tx: Executor, secretHash: string) {
  const [row] = await tx
    .select({ session, user: appUser })
    .from(session)
    .innerJoin(appUser, and(eq(appUser.tenantId, session.tenantId), eq(appUser.id, session.userId)))
    .where(eq(session.secretHash, secretHash))
  return row
}

export async function csrfOfSession(tx: Executor, id: string): Promise<string> {
  const [row] = await tx.select({ csrf: session.csrfToken }).from(session).where(eq(session.id, id))
  return row?.csrf ?? ''
}

export async function touchSession(tx: Executor, id: string, at: Date) {
  await tx.update(session).set({ lastSeenAt: at }).where(eq(session.id, id))
}

export async function deleteSession(tx: Executor, id: string) {
  await tx.delete(session).where(eq(session.id, id))
}

/** Ends a user's sessions, optionally keeping one (the one that changed the password). */
export async function deleteUserSessions(tx: Executor, userId: string, keepId?: string) {
  await tx
    .delete(session)
    .where(
      keepId ? and(eq(session.userId, userId), ne(session.id, keepId)) : eq(session.userId, userId),
    )
}

export async function insertToken(tx: Executor, row: typeof apiToken.$inferInsert) {
  await tx.insert(apiToken).values(row)
}

export async function findToken(tx: Executor, secretHash: string) {
  const [row] = await tx
    .select({ token: apiToken, user: appUser })
    .from(apiToken)
    .innerJoin(
      appUser,
      and(eq(appUser.tenantId, apiToken.tenantId), eq(appUser.id, apiToken.userId)),
    )
    .where(and(eq(apiToken.secretHash, secretHash), isNull(apiToken.revokedAt)))
  return row
}

export async function touchToken(tx: Executor, id: string, at: Date) {
  await tx.update(apiToken).set({ lastUsedAt: at }).where(eq(apiToken.id, id))
}

export async function listTokens(tx: Executor, beforeId: string | undefined, limit: number) {
  return tx
    .select()
    .from(apiToken)
    .where(and(isNull(apiToken.revokedAt), beforeId ? lt(apiToken.id, beforeId) : undefined))
    .orderBy(desc(apiToken.id))
    .limit(limit)
}

export async function revokeToken(tx: Executor, id: string, at: Date) {
  const rows = await tx
    .update(apiToken)
    .set({ revokedAt: at })
    .where(and(eq(apiToken.id, id), isNull(apiToken.revokedAt)))
    .returning({ id: apiToken.id })
  return rows.length === 1
}
