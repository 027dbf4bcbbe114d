import type { Fen } from '../money/money.ts'
import { share } from '../money/money.ts'

/** Free until `freeUntilHours` before the appointment; after that a fee (fixed, or a share of the total). */
export interface ChangePolicy {
  freeUntilHours: number
  fee: { kind: 'fixed'; amountFen: Fen } | { kind: 'percent'; basisPoints: number }
}

export const HOUR_MS = 3_600_000

/** The fee for cancelling or rescheduling at `now` an appointment starting at `start`. */
export function changeFee(policy: ChangePolicy, start: Date, now: Date, totalFen: Fen): Fen {
  if (start.getTime() - now.getTime() >= policy.freeUntilHours * HOUR_MS) return 0
  const fee =
    policy.fee.kind === 'fixed' ? policy.fee.amountFen : share(totalFen, policy.fee.basisPoints)
  return Math.min(fee, totalFen)
}
