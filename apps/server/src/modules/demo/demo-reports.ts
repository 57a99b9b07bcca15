import { createReportSchema, type OrganisationType } from '@gpos/contracts';
import type { ServerDeps } from '../../platform/context.js';
import { OPERATOR } from '../../platform/auth/index.js';
import { INGEST_BATCH, type IngestService } from '../reports/index.js';
import { generateSyntheticReports } from './synthetic/index.js';
import { DEMO_ORGANISATIONS } from './demo-organisations.js';

export interface DemoReportsResult {
  reports: number;
  /** Stored by this run. */
  accepted: number;
  /** Stored already, by an earlier run of the same seed (their idempotency keys): not stored again. */
  duplicates: number;
  rejected: number;
  seconds: number;
}

/**
 * The demo world's own organisations, active ones, in the order the world was created (DEMO_ORGANISATIONS):
 * the organisations the synthetic reports are spread over. Told by their demo name and short name together,
 * so an organisation the platform got since (`gpos org create`) is never one of them: it would be given
 * synthetic reports as its own, and — the world being spread over a different list — a re-run of the same
 * seed would store part of the world anew (CLI review). A demo organisation renamed or suspended since drops
 * out of the list, which changes the world just as much; the demo has no reason to.
 */
export async function demoOrganisationsOf(db: Pick<ServerDeps, 'db'>['db']): Promise<{ id: string; type: OrganisationType; country: string }[]> {
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'name', 'short_name', 'type', 'country'])
    .where('status', '=', 'active')
    .where('short_name', 'in', DEMO_ORGANISATIONS.map((o) => o.shortName))
    .execute();
  return DEMO_ORGANISATIONS.flatMap((demo) => {
    const row = rows.find((r) => r.short_name === demo.shortName && r.name === demo.name);
    return row ? [{ id: row.id, type: row.type as OrganisationType, country: row.country }] : [];
  });
}

/**
 * Fills the demo world with the synthetic world's reports through the real ingest path, as each of its
 * partner organisations (demoOrganisationsOf, never another) would submit them (grouped per organisation
 * into ingest batches). Deterministic for a seed; re-running with the same seed adds nothing (every report
 * carries an idempotency key), whatever organisations the platform got since.
 */
export async function seedDemoReports(
  deps: Pick<ServerDeps, 'db'>,
  ingest: IngestService,
  options: { seed: number; reports: number; onProgress?: (done: number) => void; now?: Date },
): Promise<DemoReportsResult> {
  const started = performance.now();
  const organisations = await demoOrganisationsOf(deps.db);
  // The CLI refuses this before (exit 5); a first start seeds into the world it has just made.
  if (options.reports > 0 && organisations.length === 0) throw new Error('none of the demo world\'s organisations is here, active and as created: no synthetic reports stored');
  const countryOf = new Map(organisations.map((o) => [o.id, o.country]));
  const buffers = new Map<string, ReturnType<typeof createReportSchema.parse>[]>();
  const result: DemoReportsResult = { reports: 0, accepted: 0, duplicates: 0, rejected: 0, seconds: 0 };
  const context = { actor: OPERATOR, requestId: `demo-seed-${options.seed}` };

  const flush = async (organisationId: string) => {
    const batch = buffers.get(organisationId) ?? [];
    buffers.delete(organisationId);
    if (batch.length === 0) return;
    const submitter = { organisationId, organisationCountry: countryOf.get(organisationId) ?? 'TH', userId: null, apiKeyId: null };
    for (const outcome of await ingest.ingestBatch(submitter, context, batch, 'demo.reports', undefined, { sameKeyOtherContent: 'duplicate' })) {
      if (outcome.status === 'rejected') result.rejected += 1;
      else if (outcome.status === 'duplicate') result.duplicates += 1;
      else result.accepted += 1;
    }
    options.onProgress?.(result.accepted + result.duplicates + result.rejected);
  };

  // The world ends today (midnight UTC), so a new demo shows networks still growing, not a history that
  // stopped on a fixed date. Content is the seed's; only the calendar moves.
  const now = options.now ?? new Date(new Date().toISOString().slice(0, 10));
  for (const item of generateSyntheticReports({ seed: options.seed, reports: options.reports, organisations, now })) {
    result.reports += 1;
    const parsed = createReportSchema.safeParse(item.report);
    if (!parsed.success) {
      result.rejected += 1;
      continue;
    }
    const buffer = buffers.get(item.organisationId) ?? [];
    buffer.push(parsed.data);
    buffers.set(item.organisationId, buffer);
    if (buffer.length >= INGEST_BATCH) await flush(item.organisationId);
  }
  for (const organisationId of [...buffers.keys()]) await flush(organisationId);
  result.seconds = Math.round((performance.now() - started) / 100) / 10;
  return result;
}
