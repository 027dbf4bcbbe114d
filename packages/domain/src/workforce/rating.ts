/**
 * A worker's rating as a damped (Bayesian) average: it starts at the prior and moves towards the worker's own
 * average as reviews accumulate, so one review cannot swing it.
 */
export function dampedRating(sum: number, count: number, prior = 4.6, weight = 5): number {
  return Math.round(((prior * weight + sum) / (weight + count)) * 100) / 100
}
