import { createReportSchema, type OrganisationType } from '@gpos/contracts';
import type { ServerDeps } from '../../platform/context.js';
import { OPERATOR } from '../../platform/auth/index.js';
import { INGEST_BATCH, type IngestService } from '../reports/index.js';
import { generateSyntheticReports } from './synthetic/index.js';

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
 * Fills the platform with the synthetic world's reports through the real ingest path, as each partner
 * organisation would submit them (grouped per organisation into ingest batches). Deterministic for a
 * seed; re-running with the same seed adds nothing (every report carries an idempotency key).
 */
export async function seedDemoReports(
  deps: Pick<ServerDeps, 'db'>,
  ingest: IngestService,
  options: { seed: number; reports: number; onProgress?: (done: number) => void; now?: Date },
): Promise<DemoReportsResult> {
  const started = performance.now();
  const organisations = (await deps.db.selectFrom('organisations').select(['id', 'type', 'country']).where('status', '=', 'active').execute()).map((o) => ({
    id: o.id,
    type: o.type as OrganisationType,
    country: o.country,
  }));
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
