import { describe, expect, it } from 'vitest'
import { actorLabel } from './actors.ts'

describe('actorLabel', () => {
  const t = (key: string) => `<${key}>`
  it("should say the server's own work in words, and a person's name as it is", () => {
    expect(actorLabel('demo seed', t)).toBe('<audit.systemActors.demoSeed>')
    expect(actorLabel('plans', t)).toBe('<audit.systemActors.plans>')
    expect(actorLabel(null, t)).toBe('<audit.system>')
    expect(actorLabel('王经理', t)).toBe('王经理')
    expect(actorLabel('toString', t)).toBe('toString')
  })
})
