import { describe, expect, it } from 'vitest'
import { amountsDue, listedAmount } from './amounts.ts'

describe('amountsDue', () => {
  it("should add a late change's fees to what a live order asks, and ask only the fees of a cancelled one", () => {
    const price = { totalFen: 15_000, balanceFen: 10_000, feesFen: 3_000 }
    expect(amountsDue(price, false)).toEqual({
      totalFen: 18_000,
      balanceFen: 13_000,
      feesFen: 3_000,
    })
    expect(amountsDue(price, true)).toEqual({
      totalFen: 15_000,
      balanceFen: 10_000,
      feesFen: 3_000,
    })
    expect(amountsDue({ totalFen: 15_000, balanceFen: 15_000 }, false)).toEqual({
      totalFen: 15_000,
      balanceFen: 15_000,
      feesFen: 0,
    })
  })
})

describe('listedAmount', () => {
  it('should list a live order with its fees, a cancelled one by what it owes', () => {
    expect(listedAmount({ status: 'accepted', totalFen: 10_000, feesFen: 2_000 })).toEqual({
      fen: 12_000,
      void: false,
    })
    expect(listedAmount({ status: 'cancelled', totalFen: 10_000, feesFen: 4_000 })).toEqual({
      fen: 4_000,
      void: false,
    })
    expect(listedAmount({ status: 'cancelled', totalFen: 10_000, feesFen: 0 })).toEqual({
      fen: 10_000,
      void: true,
    })
  })
})
