import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import FlakyReporter from './flaky-reporter';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * End-to-end tests: a real server (child process, fresh data directory per file) driven by a real
 * Chromium through playwright-core. Files run one after another; each starts its own server.
 */
export default defineConfig({
  root: repoRoot,
  test: {
    include: ['apps/web/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    sequence: { concurrent: false, shuffle: false },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    // Once more on failure, and named at the end of the run if that passed (flaky-reporter.ts).
    retry: 1,
    reporters: ['default', new FlakyReporter()],
  },
});
