/**
 * What an order asks to be paid, with the fees of a late change: on a live order they are owed on top of the
 * price (the total, the amount paid after the service and the balance all include them); a cancelled order owes
 * only its fees, and its price is shown void.
 */
export function amountsDue(
  price: { totalFen: number; balanceFen: number; feesFen?: number },
  cancelled: boolean,
): { totalFen: number; balanceFen: number; feesFen: number } {
  const feesFen = price.feesFen ?? 0
  const onTop = cancelled ? 0 : feesFen
  return { totalFen: price.totalFen + onTop, balanceFen: price.balanceFen + onTop, feesFen }
}

/**
 * The one amount a list shows of an order: what a live order asks (its fees included); what a cancelled one owes
 * (its fees), or its price shown void when it owes nothing.
 */
export function listedAmount(order: { status: string; totalFen: number; feesFen: number }): {
  fen: number
  void: boolean
} {
  if (order.status !== 'cancelled') return { fen: order.totalFen + order.feesFen, void: false }
  return order.feesFen ? { fen: order.feesFen, void: false } : { fen: order.totalFen, void: true }
}
