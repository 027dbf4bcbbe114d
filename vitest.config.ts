import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

const integration = (name: string, env: Record<string, string>) => ({
  extends: true as const,
  test: {
    name,
    include: ['apps/server/src/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['apps/server/src/**/*.unit.test.ts'],
    env,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})

// PostgreSQL runs only where a server is given (CI sets TEST_DATABASE_URL); PGlite always runs.
const postgresUrl = process.env.TEST_DATABASE_URL

export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    setupFiles: ['scripts/vitest-setup.ts'],
    projects: [
      {
        extends: true,
        // Component tests of the web apps compile .vue files.
        plugins: [vue()],
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/server/src/**/*.unit.test.ts',
            'apps/admin/src/**/*.test.ts',
            'apps/portal/src/**/*.test.ts',
          ],
          environment: 'node',
          // The dispatch properties run the optimizer hundreds of times; on a busy 2-core CI machine
          // that takes seconds, which is slowness, not failure.
          testTimeout: 60_000,
        },
      },
      integration('integration-pglite', { DOORSTEP_TEST_DB: 'pglite' }),
      ...(postgresUrl
        ? [
            integration('integration-postgres', {
              DOORSTEP_TEST_DB: 'postgres',
              TEST_DATABASE_URL: postgresUrl,
            }),
          ]
        : []),
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // A page reloads and refetches before a poll sees the change: a second is too little on a busy CI host.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
})
