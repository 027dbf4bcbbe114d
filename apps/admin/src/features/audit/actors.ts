/**
 * The names trusted server work records as its actor (systemContext's), in the reader's language; a name not
 * among them is a person's and shown as it is.
 */
const SYSTEM_ACTORS: Record<string, string> = {
  plans: 'audit.systemActors.plans',
  files: 'audit.systemActors.files',
  'demo seed': 'audit.systemActors.demoSeed',
  cli: 'audit.systemActors.cli',
}

export function actorLabel(name: string | null, t: (key: string) => string): string {
  if (name === null) return t('audit.system')
  const key = Object.hasOwn(SYSTEM_ACTORS, name) ? SYSTEM_ACTORS[name] : undefined
  return key ? t(key) : name
}
