/**
 * Ingest benchmark body (bundled and run by bench/ingest.bench.mjs). Generates the synthetic world,
 * ingests it through the real ingest path into a fresh database and waits for the network linker to
 * finish the last reports (its rows are part of what ingest leaves behind). Then every row the ingest
 * left in any table — reports, indicators, sightings, markings and their recipients, the change feed,
 * the audit chain, the network tables; not the queue rows it deleted again — is written with plain
 * multi-row inserts into another database of the same engine holding the same starting rows, and both
 * rates and their ratio are printed. The raw time of the four tables the baseline covered until
 * session 3 (markings, reports, indicators, sightings) is printed too, to compare with older figures.
 */
import { createReportSchema } from '@gpos/contracts';
import { loadConfig } from '../../apps/server/src/config.js';
import type { Engine } from '../../apps/server/src/db/index.js';
import { createIntelligence } from '../../apps/server/src/intelligence.js';
import { seedDemoWorld } from '../../apps/server/src/modules/demo/index.js';
import { generateSyntheticReports } from '../../apps/server/src/modules/demo/synthetic/index.js';
import { OPERATOR, CredentialCache } from '../../apps/server/src/platform/auth/index.js';
import { createIngestService, INGEST_BATCH } from '../../apps/server/src/modules/reports/index.js';
import { decayPolicy } from '../../apps/server/src/modules/indicators/index.js';
import { freshBenchDatabase } from './fresh-database.js';
import { describeTables, finalRows, restore, rowCounts, snapshot, writeRaw } from './final-rows.js';

const engine = (process.env.BENCH_ENGINE ?? 'sqlite') as Engine;
/** BENCH_LINKING=off: the same ingest without the network linker's hooks (issue 4's overhead is on against off). */
const linking = process.env.BENCH_LINKING !== 'off';
const targetSightings = Number(process.env.BENCH_SIGHTINGS ?? 100_000);

const freshDatabase = (label: string) => freshBenchDatabase(engine, 'bench', label);

// INGEST_WORKERS=0 runs the same ingest with normalisation on the main thread (the worker's own measure).
const config = { ...loadConfig({ LOG_LEVEL: 'silent', ...(process.env.INGEST_WORKERS ? { INGEST_WORKERS: process.env.INGEST_WORKERS } : {}) }) };
const real = await freshDatabase('real');
const deps = { db: real.handle.db, engine, handle: real.handle, config, credentialCache: new CredentialCache() };
await seedDemoWorld(deps, { password: 'benchmark-password' });
const organisations = (await deps.db.selectFrom('organisations').select(['id', 'type', 'country']).execute()) as { id: string; type: never; country: string }[];
const countryOf = new Map(organisations.map((o) => [o.id, o.country]));
const intelligence = await createIntelligence(deps);
const ingest = linking
  ? intelligence.ingest
  : createIngestService(deps, { fx: intelligence.fx, warninglists: intelligence.warninglists, withinTransaction: [intelligence.watch.matchWithinTransaction], onCommitted: [intelligence.lookup.onCommitted, intelligence.watch.afterCommit], decayDays: decayPolicy(deps.config.decayDays), normalisePool: intelligence.ingestPool });
const tables = await describeTables(deps.db, engine);
const before = await snapshot(deps.db, tables);

// Generate first (not timed): about 3.3 sightings per synthetic report.
const reports = Math.ceil(targetSightings / 3.3);
const byOrg = new Map<string, ReturnType<typeof createReportSchema.parse>[]>();
for (const item of generateSyntheticReports({ seed: 7, reports, organisations })) {
  const list = byOrg.get(item.organisationId) ?? [];
  list.push(createReportSchema.parse(item.report));
  byOrg.set(item.organisationId, list);
}

let started = performance.now();
for (const [organisationId, list] of byOrg) {
  const submitter = { organisationId, organisationCountry: countryOf.get(organisationId)!, userId: null, apiKeyId: null };
  const batches = function* () {
    for (let i = 0; i < list.length; i += INGEST_BATCH) yield { inputs: list.slice(i, i + INGEST_BATCH) };
  };
  // The bulk path (uploads and `gpos import` take it): each batch its own transaction, the next prepared meanwhile.
  await ingest.ingestBatches(submitter, { actor: OPERATOR, requestId: 'bench' }, batches(), 'bench.ingest', () => undefined);
}
const batchesDone = performance.now();
await intelligence.networkLinker.settle();
const ingestSeconds = (performance.now() - started) / 1000;
const settleSeconds = (performance.now() - batchesDone) / 1000;
await intelligence.networkLinker.stop();
await intelligence.closeWorkers();
const realCounts = await rowCounts(deps.db, tables);

// The baseline: the rows ingest left behind, written raw into a database that starts where the real one started.
const changes = await finalRows(deps.db, tables, before);
const raw = await freshDatabase('raw');
await restore(raw.handle.db, engine, tables, before);
started = performance.now();
const perTable = await writeRaw(raw.handle.db, engine, changes);
const rawSeconds = (performance.now() - started) / 1000;
const rawCounts = await rowCounts(raw.handle.db, tables);
const differing = tables.filter((t) => realCounts[t.name] !== rawCounts[t.name]).map((t) => `${t.name} ${realCounts[t.name]} vs ${rawCounts[t.name]}`);
if (differing.length > 0) throw new Error(`the raw database does not end like the ingested one: ${differing.join(', ')}`);

const FOUR_TABLES = ['markings', 'reports', 'indicators', 'sightings'];
console.log(
  JSON.stringify({
    engine,
    linking,
    reports: realCounts.reports,
    indicators: realCounts.indicators,
    sightings: realCounts.sightings,
    ingestSeconds,
    settleSeconds,
    rawSeconds,
    rawFourTablesSeconds: FOUR_TABLES.reduce((sum, t) => sum + (perTable.get(t) ?? 0), 0),
    finalRows: Object.fromEntries(changes.map((c) => [c.table, c.rows.length])),
    rawSecondsByTable: Object.fromEntries([...perTable].map(([t, s]) => [t, Math.round(s * 100) / 100])),
  }),
);
await real.drop();
await raw.drop();
process.exit(0);
