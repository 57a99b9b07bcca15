import { defineConfig } from 'vitest/config';

// Unit and API tests of every package. Database tests run on SQLite always and again on PostgreSQL when
// TEST_DATABASE_URL is set (each file in a schema of its own). Browser tests have their own config.
export default defineConfig({
  test: {
    include: ['apps/server/src/**/*.test.ts', 'apps/server/test/**/*.test.ts', 'packages/contracts/src/**/*.test.ts', 'apps/web/src/**/*.test.ts'],
    setupFiles: ['./vitest.setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
