import { sql } from 'kysely';
import { createReportSchema } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFxService } from '../../src/modules/fx/index.js';
import { decayPolicy } from '../../src/modules/indicators/index.js';
import { createLookupService } from '../../src/modules/lookup/lookup.service.js';
import { FEED_POLL_MS } from '../../src/modules/lookup/filter-feed.js';
import { createIngestService, type CommittedBatch, type IngestService, type Submitter } from '../../src/modules/reports/ingest.service.js';
import { createWarninglistService } from '../../src/modules/warninglists/warninglist.service.js';
import { OPERATOR, type MemberActor } from '../../src/platform/auth/index.js';
import { newId } from '../../src/platform/ids.js';
import type { Db } from '../../src/db/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * Lookups answer misses from a membership filter in the server's memory. Reports that another process
 * commits to the same database (a second server on the same PostgreSQL, `gpos import` beside a server on
 * the same SQLite file) never pass through this server's ingest: the server follows the change feed, and
 * finds them within a poll or two.
 */
describe.each(testEngines())('lookups find what another process ingested (%s)', (engine) => {
  let t: TestApp;
  let reader: Record<string, string>;
  let submitter: Submitter;
  /** Another process's ingest: same database, its own services, nothing of it reaches the app's lookup. */
  let elsewhere: IngestService;
  /** Run inside the other process's next transaction, after its feed row is written. */
  let inTransaction: ((trx: Db, batch: CommittedBatch) => Promise<void>) | null = null;
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const organisationId = await t.buildOrganisation({ country: 'TH' });
    submitter = { organisationId, organisationCountry: 'TH', userId: null, apiKeyId: null };
    reader = await t.apiKey(organisationId, ['read']);
    const within = async (trx: Db, batch: CommittedBatch) => {
      if (inTransaction) await inTransaction(trx, batch);
    };
    elsewhere = createIngestService(t.deps, { fx: createFxService(t.deps), warninglists: createWarninglistService(t.deps), withinTransaction: [within], onCommitted: [] });
  });
  afterAll(() => t.close());

  const phone = () => `+6689${String(1_000_000 + (serial += 1) * 7919).slice(-7)}`;
  const ingestElsewhere = async (value: string) => {
    const input = createReportSchema.parse({
      scamType: 'investment',
      channel: 'call',
      victimCountry: 'TH',
      occurredAt: '2026-11-01T10:00:00Z',
      marking: { tlp: 'GREEN' },
      indicators: [{ type: 'phone', value, role: 'contact' }],
    });
    const [outcome] = await elsewhere.ingestBatch(submitter, { actor: OPERATOR, requestId: 'elsewhere' }, [input], 'test.elsewhere');
    expect(outcome!.status).toBe('accepted');
    return outcome!.status === 'accepted' ? outcome!.reportId : '';
  };
  const found = async (value: string) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/lookup?value=${encodeURIComponent(value)}`, headers: reader });
    expect(response.statusCode).toBe(200);
    return response.json().found as boolean;
  };
  const foundWithin = async (value: string, ms: number) => {
    const deadline = Date.now() + ms;
    for (;;) {
      if (await found(value)) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('finds a phone number another process reported, within a few polls of the change feed', async () => {
    const value = phone();
    expect(await found(value)).toBe(false);
    await ingestElsewhere(value);
    expect(await foundWithin(value, 8 * FEED_POLL_MS)).toBe(true);
    // In a batch too, which asks the same filter.
    const batch = await t.app.inject({ method: 'POST', url: '/api/v1/lookup', headers: reader, payload: { items: [{ value }, { value: phone() }] } });
    expect(batch.json().results.map((r: { found: boolean }) => r.found)).toEqual([true, false]);
  });

  it('answers from the database while the filter is not built yet (a server just started), then from the filter', async () => {
    // A second lookup service on the same database, as a server process has right after its start.
    const starting = createLookupService(t.deps, { warninglists: createWarninglistService(t.deps), decayDays: decayPolicy({}) });
    const actor: MemberActor = { kind: 'api_key', apiKeyId: newId(), organisationId: submitter.organisationId, scopes: ['read'], organisationType: 'bank', organisationCountry: 'TH' };
    const value = phone();
    await ingestElsewhere(value);
    expect(starting.filterComplete()).toBe(false);
    const [before] = await starting.lookup(actor, [{ value }, { value: phone() }]);
    expect(before!.found).toBe(true);
    let failed: unknown = null;
    starting.follow((error) => (failed = error));
    const deadline = Date.now() + 5000;
    while (!starting.filterComplete() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(failed).toBeNull();
    expect(starting.filterComplete()).toBe(true);
    expect((await starting.lookup(actor, [{ value }]))[0]!.found).toBe(true);
    await starting.stopFollowing();
  });

  it.runIf(engine === 'postgres')('finds a report whose transaction took an earlier feed number but committed after a later one', async () => {
    // A number taken and not yet committed (as a slow transaction holds it), then a later report commits:
    // the follower reads past the number and keeps it as a gap.
    const { rows } = await sql<{ seq: string }>`select nextval(pg_get_serial_sequence('report_changes', 'seq')) as seq`.execute(t.deps.db);
    const early = Number(rows[0]!.seq);
    const later = phone();
    await ingestElsewhere(later);
    expect(await foundWithin(later, 8 * FEED_POLL_MS)).toBe(true);
    // The slow transaction commits now, with its early number.
    const late = phone();
    inTransaction = async (trx, batch) => {
      await sql`update report_changes set seq = ${early} where report_id = ${batch.reports[0]!.id}`.execute(trx);
    };
    try {
      await ingestElsewhere(late);
    } finally {
      inTransaction = null;
    }
    expect(await foundWithin(late, 8 * FEED_POLL_MS)).toBe(true);
  });
});
