import { describe, expect, it } from 'vitest'
import { freshPostgresDatabase } from '../../apps/server/src/test-support/harness.ts'
import { seed } from './seed.ts'

// The loader writes rows as the services would, bypassing them; a column the app adds breaks it only when somebody
// next runs the benchmark (migration 0017's did, unseen for a session). Loaded small here on PostgreSQL (the
// loader needs session_replication_role, which PGlite has not), with the app reading back what it wrote.
describe.runIf(process.env.DOORSTEP_TEST_DB === 'postgres')('the benchmark loader', () => {
  it('should load a small company and a smaller one that the app can read', async () => {
    const db = await freshPostgresDatabase()
    try {
      const counts = await seed(db.url, { customers: 60, orders: 300, smallTenants: 1, days: 10 })
      expect(counts.map((c) => c.slug)).toEqual(['bench-main', 'bench-t1'])
      expect(counts[0]).toMatchObject({ customers: 60 })
      expect(counts[0]!.orders).toBeGreaterThan(100)
      expect(counts[1]!.orders).toBeGreaterThan(50)
    } finally {
      await db.drop()
    }
  }, 180_000)
})
