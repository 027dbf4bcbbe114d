import { describe, expect, it } from 'vitest'
import { actorLabel } from './actors.ts'

describe('actorLabel', () => {
  const t = (key: string) => `<${key}>`
  it("should say the server's own work in words, and a person's name as it is", () => {
    const system = (actorName: string | null) => ({ actorType: 'system', actorName })
    expect(actorLabel(system('demo seed'), t)).toBe('<audit.systemActors.demoSeed>')
    expect(actorLabel(system('plans'), t)).toBe('<audit.systemActors.plans>')
    expect(actorLabel(system(null), t)).toBe('<audit.system>')
    expect(actorLabel(system('toString'), t)).toBe('toString')
    // A customer who calls themself "cli" is a customer.
    expect(actorLabel({ actorType: 'customer', actorName: 'cli' }, t)).toBe('cli')
  })
})
