import type { Locale } from '@doorstep/ui'
import { BUILTIN_ROLES } from '@doorstep/domain'

const BUILTIN = new Map<string, { zh: string; en: string }>(BUILTIN_ROLES.map((r) => [r.key, r]))

/** A built-in role's name in the viewer's language (the server stores one name); custom roles keep theirs. */
export function roleName(role: { key: string | null; name: string }, locale: Locale): string {
  const builtin = role.key ? BUILTIN.get(role.key) : undefined
  if (!builtin) return role.name
  return locale === 'en' ? builtin.en : builtin.zh
}

/** The description, unless it only repeats a built-in role's name in one language. */
export function roleDescription(role: { key: string | null; description: string }): string {
  const builtin = role.key ? BUILTIN.get(role.key) : undefined
  if (builtin && (role.description === builtin.en || role.description === builtin.zh)) return ''
  return role.description
}
