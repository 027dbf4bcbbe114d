export type WarrantyState = 'none' | 'active' | 'ended'

/**
 * Whether finished work is still under warranty. The server sets `warrantyUntil` to completion plus the
 * service's warranty days, so a service without warranty ends it at the moment it was completed.
 */
export function warrantyState(
  until: string | null,
  completedAt: string | null,
  now: Date = new Date(),
): WarrantyState {
  if (until === null) return 'none'
  const end = new Date(until).getTime()
  if (completedAt !== null && end <= new Date(completedAt).getTime()) return 'none'
  return end >= now.getTime() ? 'active' : 'ended'
}

/** When the order was completed, from its timeline. */
export const completedAt = (timeline: ReadonlyArray<{ event: string; at: string }>) =>
  timeline.findLast((e) => e.event === 'complete')?.at ?? null
