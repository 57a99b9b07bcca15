// `npm test`: type-check every package, run the unit and API tests (SQLite, and PostgreSQL when
// TEST_DATABASE_URL is set), then the browser tests in Debian's Chromium when it is installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npx = (args, label) => {
  process.stdout.write(`\n=== ${label} ===\n`);
  const result = spawnSync(process.execPath, [join(root, 'node_modules/.bin', args[0]), ...args.slice(1)], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stdout.write(`\n${label} failed\n`);
    process.exit(result.status ?? 1);
  }
};

npx(['tsc', '-p', 'packages/contracts'], 'type-check contracts');
npx(['tsc', '-p', 'apps/server'], 'type-check server');
// The benchmarks' runners call the services directly: a changed signature must fail here, not in a benchmark run.
npx(['tsc', '-p', 'bench'], 'type-check benchmark runners');
if (existsSync(join(root, 'apps/web/tsconfig.json'))) npx(['tsc', '-p', 'apps/web'], 'type-check web app');
process.stdout.write(`\nDatabase engines under test: SQLite${process.env.TEST_DATABASE_URL ? ' and PostgreSQL (TEST_DATABASE_URL)' : ' only (set TEST_DATABASE_URL to add PostgreSQL)'}\n`);
npx(['vitest', 'run'], 'unit and API tests');

const e2eConfig = join(root, 'apps/web/e2e/vitest.config.ts');
if (!existsSync(e2eConfig)) {
  process.stdout.write('\nNo browser tests found.\n');
} else if (!existsSync('/usr/bin/chromium')) {
  process.stdout.write('\nBrowser tests SKIPPED: /usr/bin/chromium is missing (apt-get install -y chromium).\n');
} else {
  const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  npx(['vitest', 'run', '--config', e2eConfig], 'browser tests (Chromium)');
}
