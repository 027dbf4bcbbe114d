export type WarrantyState = 'none' | 'active' | 'ended'

/**
 * Whether finished work is still under warranty. The server sets `warrantyUntil` to completion plus the
 * service's warranty days, and leaves it out (null) for a service without warranty.
 */
export function warrantyState(until: string | null, now: Date = new Date()): WarrantyState {
  if (until === null) return 'none'
  return new Date(until).getTime() >= now.getTime() ? 'active' : 'ended'
}

/** When the order was completed, from its timeline. */
export const completedAt = (timeline: ReadonlyArray<{ event: string; at: string }>) =>
  timeline.findLast((e) => e.event === 'complete')?.at ?? null
