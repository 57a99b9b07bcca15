/**
 * Ingest benchmark body (bundled and run by bench/ingest.bench.mjs). Generates the synthetic world,
 * ingests it through the real ingest path into a fresh database, then writes the very same final rows
 * (reports, indicators, sightings) with plain multi-row inserts into another fresh database of the same
 * engine, and prints both rates and their ratio.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createReportSchema } from '@gpos/contracts';
import { loadConfig } from '../../apps/server/src/config.js';
import { bulkInsert, migrateToLatest, openDatabase, rowsPerInsert, type DatabaseHandle, type Engine } from '../../apps/server/src/db/index.js';
import { createIntelligence } from '../../apps/server/src/intelligence.js';
import { seedDemoWorld } from '../../apps/server/src/modules/demo/index.js';
import { generateSyntheticReports } from '../../apps/server/src/modules/demo/synthetic/index.js';
import { OPERATOR, CredentialCache } from '../../apps/server/src/platform/auth/index.js';
import { INGEST_BATCH } from '../../apps/server/src/modules/reports/index.js';

const engine = (process.env.BENCH_ENGINE ?? 'sqlite') as Engine;
const targetSightings = Number(process.env.BENCH_SIGHTINGS ?? 100_000);

async function freshDatabase(label: string): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gpos-bench-${label}-`));
    const handle = openDatabase({ engine: 'sqlite', file: path.join(dir, 'bench.sqlite') });
    await migrateToLatest(handle);
    return { handle, drop: async () => { await handle.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
  }
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('BENCH_ENGINE=postgres needs TEST_DATABASE_URL');
  const schema = `bench_${label}_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
  await admin.end();
  const handle = openDatabase({ engine: 'postgres', url, searchPath: schema, poolSize: 4 });
  await migrateToLatest(handle);
  return {
    handle,
    drop: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

const config = { ...loadConfig({ LOG_LEVEL: 'silent' }) };
const real = await freshDatabase('real');
const deps = { db: real.handle.db, engine, handle: real.handle, config, credentialCache: new CredentialCache() };
await seedDemoWorld(deps, { password: 'benchmark-password' });
const organisations = (await deps.db.selectFrom('organisations').select(['id', 'type', 'country']).execute()) as { id: string; type: never; country: string }[];
const countryOf = new Map(organisations.map((o) => [o.id, o.country]));
const intelligence = await createIntelligence(deps);

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
  for (let i = 0; i < list.length; i += INGEST_BATCH) await intelligence.ingest.ingestBatch(submitter, { actor: OPERATOR, requestId: 'bench' }, list.slice(i, i + INGEST_BATCH), 'bench.ingest');
}
const ingestSeconds = (performance.now() - started) / 1000;
const count = async (table: 'reports' | 'indicators' | 'sightings') => Number((await deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const totals = { reports: await count('reports'), indicators: await count('indicators'), sightings: await count('sightings') };

// The baseline: the same final rows, copied out, inserted raw into a fresh database in big transactions.
const raw = await freshDatabase('raw');
const tables = ['markings', 'reports', 'indicators', 'sightings'] as const;
const dumps: Record<string, { columns: string[]; rows: unknown[][] }> = {};
for (const table of tables) {
  const rows = (await deps.db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
  const columns = Object.keys(rows[0] ?? {});
  dumps[table] = { columns, rows: rows.map((r) => columns.map((c) => r[c])) };
}
await raw.handle.db.insertInto('organisations').values((await deps.db.selectFrom('organisations').selectAll().execute())).execute();
started = performance.now();
for (const table of tables) {
  const { columns, rows } = dumps[table]!;
  const chunk = rowsPerInsert(columns.length);
  const transactionRows = chunk * 20;
  for (let t = 0; t < rows.length; t += transactionRows) {
    await raw.handle.db.transaction().execute(async (trx) => {
      for (let i = t; i < Math.min(rows.length, t + transactionRows); i += chunk) await bulkInsert(trx, engine, table, columns, rows.slice(i, i + chunk));
    });
  }
}
const rawSeconds = (performance.now() - started) / 1000;

console.log(JSON.stringify({ engine, ...totals, ingestSeconds, rawSeconds }));
await real.drop();
await raw.drop();
process.exit(0);
