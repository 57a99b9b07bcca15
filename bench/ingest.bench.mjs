// Ingest benchmark (issue 3): synthetic reports through the real ingest path (normalise, markings,
// idempotency, indicator upserts, sightings, change feed, audit) against a raw multi-row insert of the
// same final rows into the same engine, measured in the same run. BENCH_SIGHTINGS sets the size
// (default 100,000; the figure is 1,000,000); both engines when TEST_DATABASE_URL is set.
import { execFileSync } from 'node:child_process';
import { bundleRunner, root } from './support.mjs';

const out = await bundleRunner('bench/runners/ingest-runner.ts', 'ingest-runner');
const engines = ['sqlite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])];
const rows = [];
for (const engine of engines) {
  const text = execFileSync(process.execPath, [out], { env: { ...process.env, BENCH_ENGINE: engine }, encoding: 'utf8', cwd: root, maxBuffer: 1 << 26 });
  const result = JSON.parse(text.trim().split('\n').pop());
  rows.push({
    engine,
    reports: result.reports,
    indicators: result.indicators,
    sightings: result.sightings,
    'ingest s': result.ingestSeconds.toFixed(1),
    'ingest sightings/s': Math.round(result.sightings / result.ingestSeconds),
    'raw insert s': result.rawSeconds.toFixed(1),
    'raw sightings/s': Math.round(result.sightings / result.rawSeconds),
    'ratio ingest/raw': (result.rawSeconds / result.ingestSeconds).toFixed(2),
  });
}
console.log('\nIngest benchmark (target: ratio >= 0.50)');
console.table(rows);
