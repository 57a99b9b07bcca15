/**
 * Lookup benchmark seed (bundled and run by bench/lookup.bench.mjs): loads BENCH_INDICATORS canonical
 * indicators (Thai mobile phones, scam domains and e-mail addresses), each seen in one report of four
 * indicators, into an existing GPOS SQLite database with multi-row inserts. The lookup path reads these
 * rows exactly as it reads ingested ones; seeding raw keeps the benchmark about lookups, not ingest.
 * Prints one JSON line: the seeded count and sample hit/miss values for the load generator.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bulkInsert, openDatabase, rowsPerInsert } from '../../apps/server/src/db/index.js';
import { ensureMarking } from '../../apps/server/src/platform/sharing/index.js';
import { newId } from '../../apps/server/src/platform/ids.js';

const total = Number(process.env.BENCH_INDICATORS ?? 1_000_000);
const dataDir = process.env.DATA_DIR;
if (!dataDir) throw new Error('DATA_DIR is required');

const handle = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'gpos.sqlite') });
const { db } = handle;
const orgs = await db.selectFrom('organisations').select(['id', 'country']).orderBy('id').execute();
const markingByOrg = new Map<string, string>();
for (const org of orgs) markingByOrg.set(org.id, await ensureMarking(db, { tlp: 'GREEN', ownerOrganisationId: org.id, createdByUserId: null, communityId: null, redScope: 'users', recipientOrganisationIds: [], recipientUserIds: [] }));

/** Indicator i, in the canonical form the normalisers produce; `miss` gives a value never seeded. */
function canonical(i: number, miss = false): { type: string; value: string; display: string } {
  const kind = i % 10;
  const n = miss ? i + 50_000_000 : i;
  if (kind < 7) {
    const digits = String(10_000_000 + (n % 90_000_000)).padStart(8, '0');
    return { type: 'phone', value: `+668${digits}`, display: `+66 8${digits.slice(0, 1)} ${digits.slice(1, 4)} ${digits.slice(4)}` };
  }
  if (kind < 9) return { type: 'domain', value: `scam-${n.toString(36)}.example-shop.com`, display: `scam-${n.toString(36)}.example-shop.com` };
  return { type: 'email', value: `payout-${n.toString(36)}@example-mail.com`, display: `payout-${n.toString(36)}@example-mail.com` };
}

const at = new Date('2026-06-01T00:00:00.000Z').toISOString();
const indicatorColumns = ['id', 'type', 'value', 'display', 'attributes', 'status', 'status_reason', 'status_changed_at', 'benign', 'first_seen_at', 'last_seen_at', 'report_count', 'created_at', 'updated_at'];
const reportColumns = ['id', 'organisation_id', 'marking_id', 'created_by_user_id', 'created_by_api_key_id', 'scam_type', 'channel', 'victim_country', 'occurred_at', 'loss_amount', 'loss_currency', 'loss_usd', 'narrative', 'language', 'confidence', 'external_ref', 'idempotency_key', 'status', 'version', 'retraction_reason', 'retracted_at', 'source_node', 'created_at', 'updated_at'];
const sightingColumns = ['report_id', 'indicator_id', 'role', 'organisation_id', 'marking_id', 'victim_country', 'scam_type', 'occurred_at', 'loss_usd', 'benign', 'created_at'];

// The bare baseline server loads the very same values into its Map.
const valuesFile = fs.openSync(path.join(dataDir, 'values.txt'), 'w');
const CHUNK = 20_000;
for (let start = 0; start < total; start += CHUNK) {
  const indicators: unknown[][] = [];
  const reports: unknown[][] = [];
  const sightings: unknown[][] = [];
  const lines: string[] = [];
  let reportId = '';
  let org = orgs[0]!;
  for (let i = start; i < Math.min(total, start + CHUNK); i += 1) {
    if (i % 4 === 0) {
      reportId = newId();
      org = orgs[(i / 4) % orgs.length]!;
      reports.push([reportId, org.id, markingByOrg.get(org.id), null, null, 'investment', 'messaging_app', org.country, at, 10_000, 'USD', 10_000, null, null, 60, null, null, 'active', 1, null, null, null, at, at]);
    }
    const c = canonical(i);
    const id = newId();
    lines.push(`${c.type}\t${c.value}\t${id}`);
    indicators.push([id, c.type, c.value, c.display, '{}', 'active', null, null, 0, at, at, 1, at, at]);
    sightings.push([reportId, id, c.type === 'phone' ? 'contact' : 'landing_page', org.id, markingByOrg.get(org.id), org.country, 'investment', at, 10_000, 0, at]);
  }
  fs.writeSync(valuesFile, `${lines.join('\n')}\n`);
  await db.transaction().execute(async (trx) => {
    for (const [table, columns, rows] of [['reports', reportColumns, reports], ['indicators', indicatorColumns, indicators], ['sightings', sightingColumns, sightings]] as const) {
      const size = rowsPerInsert(columns.length);
      for (let i = 0; i < rows.length; i += size) await bulkInsert(trx, 'sqlite', table, columns, rows.slice(i, i + size));
    }
  });
}
fs.closeSync(valuesFile);
await handle.close();

const sample = (miss: boolean) => Array.from({ length: 2000 }, (_, k) => canonical(Math.floor((k * 7919) % total), miss).value);
console.log(JSON.stringify({ seeded: total, hits: sample(false), misses: sample(true) }));
