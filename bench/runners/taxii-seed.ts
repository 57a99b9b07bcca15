/**
 * TAXII benchmark seed (bundled and run by bench/taxii.bench.mjs): BENCH_TAXII_OBJECTS STIX objects'
 * worth of GREEN reports (8 objects each: report, observed-data, and per identifier — a phone and a
 * domain — its observable, indicator and sighting), written raw with multi-row inserts into an existing
 * GPOS SQLite database together with their change-feed rows, exactly as ingest stores them. Prints one
 * JSON line: reports and indicators seeded.
 */
import path from 'node:path';
import { bulkInsert, openDatabase, rowsPerInsert } from '../../apps/server/src/db/index.js';
import { ensureMarking } from '../../apps/server/src/platform/sharing/index.js';
import { newId } from '../../apps/server/src/platform/ids.js';

export const OBJECTS_PER_REPORT = 8;
const objects = Number(process.env.BENCH_TAXII_OBJECTS ?? 1_000_000);
const reportsTotal = Math.ceil(objects / OBJECTS_PER_REPORT);
const dataDir = process.env.DATA_DIR;
if (!dataDir) throw new Error('DATA_DIR is required');

const handle = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'gpos.sqlite') });
const { db } = handle;
const orgs = await db.selectFrom('organisations').select(['id', 'country']).orderBy('id').execute();
const markingByOrg = new Map<string, string>();
for (const org of orgs) markingByOrg.set(org.id, await ensureMarking(db, { tlp: 'GREEN', ownerOrganisationId: org.id, createdByUserId: null, communityId: null, redScope: 'users', recipientOrganisationIds: [], recipientUserIds: [] }));

const indicatorColumns = ['id', 'type', 'value', 'display', 'attributes', 'status', 'status_reason', 'status_changed_at', 'benign', 'first_seen_at', 'last_seen_at', 'report_count', 'created_at', 'updated_at'];
const reportColumns = ['id', 'organisation_id', 'marking_id', 'created_by_user_id', 'created_by_api_key_id', 'scam_type', 'channel', 'victim_country', 'occurred_at', 'loss_amount', 'loss_currency', 'loss_usd', 'narrative', 'language', 'confidence', 'external_ref', 'idempotency_key', 'status', 'version', 'retraction_reason', 'retracted_at', 'source_node', 'created_at', 'updated_at'];
const sightingColumns = ['report_id', 'indicator_id', 'role', 'organisation_id', 'marking_id', 'victim_country', 'scam_type', 'occurred_at', 'loss_usd', 'benign', 'created_at'];
const changeColumns = ['report_id', 'change', 'version', 'at'];

const base = Date.parse('2026-06-01T00:00:00.000Z');
const CHUNK = 10_000;
for (let start = 0; start < reportsTotal; start += CHUNK) {
  const reports: unknown[][] = [];
  const indicators: unknown[][] = [];
  const sightings: unknown[][] = [];
  const changes: unknown[][] = [];
  for (let i = start; i < Math.min(reportsTotal, start + CHUNK); i += 1) {
    const org = orgs[i % orgs.length]!;
    const marking = markingByOrg.get(org.id);
    const at = new Date(base + i * 1000).toISOString();
    const reportId = newId();
    reports.push([reportId, org.id, marking, null, null, 'investment', 'messaging_app', org.country, at, 10_000, 'USD', 10_000, `Bench report ${i}`, 'en', 60, `BENCH-${i}`, null, 'active', 1, null, null, null, at, at]);
    changes.push([reportId, 'created', 1, at]);
    const digits = String(10_000_000 + i).padStart(8, '0');
    for (const [type, value, display, role] of [
      ['phone', `+668${digits}`, `+66 8${digits.slice(0, 1)} ${digits.slice(1, 4)} ${digits.slice(4)}`, 'contact'],
      ['domain', `bench-${i.toString(36)}.example-shop.com`, `bench-${i.toString(36)}.example-shop.com`, 'landing_page'],
    ] as const) {
      const id = newId();
      indicators.push([id, type, value, display, '{}', 'active', null, null, 0, at, at, 1, at, at]);
      sightings.push([reportId, id, role, org.id, marking, org.country, 'investment', at, 10_000, 0, at]);
    }
  }
  await db.transaction().execute(async (trx) => {
    for (const [table, columns, rows] of [['reports', reportColumns, reports], ['indicators', indicatorColumns, indicators], ['sightings', sightingColumns, sightings], ['report_changes', changeColumns, changes]] as const) {
      const size = rowsPerInsert(columns.length);
      for (let i = 0; i < rows.length; i += size) await bulkInsert(trx, 'sqlite', table, columns, rows.slice(i, i + size));
    }
  });
}
await handle.close();
console.log(JSON.stringify({ reports: reportsTotal, indicators: reportsTotal * 2, objectsPerReport: OBJECTS_PER_REPORT }));
