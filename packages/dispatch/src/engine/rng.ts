/** Seeded PRNG (mulberry32 over a splitmix-scrambled seed): fast, 32-bit state, reproducible everywhere. */
export type Rng = () => number

export function createRng(seed: number): Rng {
  let s = (Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ 0x5bd1e995) >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
