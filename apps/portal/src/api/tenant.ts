const KEY = 'doorstep.portal.company'

/**
 * Which company the customer is booking with: `?company=<slug>` on any portal link (remembered), else none —
 * the server then answers for the installation's operating company.
 */
export function resolveTenant(search: string, storage: Pick<Storage, 'getItem' | 'setItem'> | null): string | null {
  const fromUrl = new URLSearchParams(search).get('company')?.trim()
  if (fromUrl && /^[a-z0-9-]{2,40}$/.test(fromUrl)) {
    try {
      storage?.setItem(KEY, fromUrl)
    } catch {
      // not remembered; this visit still uses it
    }
    return fromUrl
  }
  try {
    return storage?.getItem(KEY) ?? null
  } catch {
    return null
  }
}
