/**
 * The names trusted server work records as its actor (systemContext's), in the reader's language. Only the
 * system's entries are read this way: a customer or staff member may well be called "cli".
 */
const SYSTEM_ACTORS: Record<string, string> = {
  plans: 'audit.systemActors.plans',
  files: 'audit.systemActors.files',
  'demo seed': 'audit.systemActors.demoSeed',
  cli: 'audit.systemActors.cli',
}

export function actorLabel(
  entry: { actorType: string; actorName: string | null },
  t: (key: string) => string,
): string {
  const name = entry.actorName
  if (name === null) return t('audit.system')
  if (entry.actorType !== 'system') return name
  const key = Object.hasOwn(SYSTEM_ACTORS, name) ? SYSTEM_ACTORS[name] : undefined
  return key ? t(key) : name
}
