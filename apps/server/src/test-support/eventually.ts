/**
 * Polls `check` until it holds or `ms` pass, and says whether it came to hold: for what arrives a moment after a
 * commit (a NOTIFY, a live event, a connection listening again).
 */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  ms = 5000,
): Promise<boolean> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return check()
}
