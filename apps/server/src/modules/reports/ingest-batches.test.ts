import { PassThrough, Readable } from 'node:stream';
import { createReportSchema, type ParsedCreateReport } from '@gpos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNormaliseWorker } from '../../../test/helpers/normalise-worker.js';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.js';
import { testEngines } from '../../../test/helpers/test-db.js';
import { OPERATOR } from '../../platform/auth/index.js';
import { createFxService } from '../fx/index.js';
import { NormalisePool } from '../indicators/normalise/normalise-pool.js';
import { createWarninglistService } from '../warninglists/warninglist.service.js';
import { runBulkIngest } from './bulk-ingest.js';
import { createIngestService, INGEST_BATCH, type IngestOutcome, type IngestService, type Submitter } from './ingest.service.js';

/**
 * The pipelined form of the ingest path (bulk uploads, imports): batch after batch, the next one
 * prepared while the previous one is written, with the outcomes of one ingestBatch call per batch.
 */
describe.each(testEngines())('ingest of a sequence of batches (%s)', (engine) => {
  let t: TestApp;
  let ingest: IngestService;
  let submitter: Submitter;
  const context = { actor: OPERATOR, requestId: 'test' };

  beforeAll(async () => {
    t = await createTestApp(engine);
    const organisationId = await t.buildOrganisation({ country: 'TH' });
    submitter = { organisationId, organisationCountry: 'TH', userId: null, apiKeyId: null };
    ingest = createIngestService(t.deps, { fx: createFxService(t.deps), warninglists: createWarninglistService(t.deps), onCommitted: [] });
  });
  afterAll(() => t.close());

  let serial = 0;
  const report = (over: Record<string, unknown> = {}): ParsedCreateReport =>
    createReportSchema.parse({
      scamType: 'investment',
      channel: 'messaging_app',
      victimCountry: 'TH',
      occurredAt: '2026-10-01T10:00:00Z',
      indicators: [{ type: 'domain', value: `batch-scam-${engine}-${(serial += 1)}.com` }, { type: 'domain', value: `shared-${engine}.com` }],
      ...over,
    });
  const reportCount = async () => Number((await t.deps.db.selectFrom('reports').select((eb) => eb.fn.countAll<number>().as('n')).where('organisation_id', '=', submitter.organisationId).executeTakeFirstOrThrow()).n);

  it('answers each batch as ingestBatch would, in order, each committed before the next is written', async () => {
    const start = await reportCount();
    // A key sent again comes with the same report (a retry): another report under it would be refused.
    const a = report({ idempotencyKey: 'seq-a' });
    const b = report({ idempotencyKey: 'seq-b' });
    const batches = [
      { name: 'first', inputs: [a, report(), report({ indicators: [{ type: 'phone', value: 'not a phone' }] })] },
      { name: 'second', inputs: [b, b] },
      { name: 'third', inputs: [a, report()] },
    ];
    const seen: { name: string; statuses: string[]; storedAfter: number }[] = [];
    const outcomes = new Map<string, IngestOutcome[]>();
    await ingest.ingestBatches(submitter, context, batches, 'test.ingest', async (batch, result) => {
      outcomes.set(batch.name, result);
      seen.push({ name: batch.name, statuses: result.map((o) => o.status), storedAfter: (await reportCount()) - start });
    });
    expect(seen).toEqual([
      { name: 'first', statuses: ['accepted', 'accepted', 'rejected'], storedAfter: 2 },
      { name: 'second', statuses: ['accepted', 'duplicate'], storedAfter: 3 },
      // A key committed by an earlier batch of the same sequence answers with that batch's report.
      { name: 'third', statuses: ['duplicate', 'accepted'], storedAfter: 4 },
    ]);
    const first = outcomes.get('first')![0]!;
    expect(outcomes.get('third')![0]).toEqual({ status: 'duplicate', reportId: first.status === 'accepted' ? first.reportId : 'none', visible: true, otherContent: false, retracted: false });
    // The indicator shared by every accepted report counts each of them once.
    const shared = await t.deps.db.selectFrom('indicators').select('report_count').where('value', '=', `shared-${engine}.com`).executeTakeFirstOrThrow();
    expect(shared.report_count).toBe(4);
  });

  it('stops at a failure, writing nothing after it', async () => {
    const start = await reportCount();
    const batches = [{ inputs: [report()] }, { inputs: [report()] }, { inputs: [report()] }];
    let calls = 0;
    await expect(
      ingest.ingestBatches(submitter, context, batches, 'test.ingest', () => {
        calls += 1;
        throw new Error('the consumer failed');
      }),
    ).rejects.toThrow('the consumer failed');
    expect(calls).toBe(1);
    expect((await reportCount()) - start).toBe(1);

    async function* failingSource() {
      yield { inputs: [report()] };
      throw new Error('the upload broke');
    }
    const before = await reportCount();
    await expect(ingest.ingestBatches(submitter, context, failingSource(), 'test.ingest', () => undefined)).rejects.toThrow('the upload broke');
    // What was read before the failure is committed, as with one batch at a time.
    expect((await reportCount()) - before).toBe(1);
  });

  it('writes one result per line of a multi-batch upload, in line order, refused lines included', async () => {
    const total = INGEST_BATCH * 2 + 37;
    const refused = new Set([2, INGEST_BATCH - 1, INGEST_BATCH, INGEST_BATCH + 1, INGEST_BATCH + 2, total - 1]);
    const lines: string[] = [];
    for (let line = 1; line <= total; line += 1) {
      if (line === INGEST_BATCH) lines.push('{ not json');
      else if (refused.has(line)) lines.push(JSON.stringify({ ...report(), indicators: [{ type: 'phone', value: 'abc' }] }));
      else if (line === total) lines.push(lines[0]!); // the first line again: a retry
      else lines.push(JSON.stringify({ ...report(), idempotencyKey: `upload-${line}` }));
    }
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const summary = await runBulkIngest(ingest, submitter, context, Readable.from([lines.join('\n')]), 'ndjson', out);
    const results = chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as { line?: number; status?: string; summary?: unknown });
    expect(results.pop()).toEqual({ summary });
    expect(results.map((r) => r.line)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(results.filter((r) => r.status === 'rejected').map((r) => r.line)).toEqual([...refused].sort((a, b) => a - b));
    // The last line repeats the first line's key: a duplicate of a report two batches earlier.
    expect(results[total - 1]!.status).toBe('duplicate');
    expect(summary).toMatchObject({ lines: total, accepted: total - refused.size - 1, duplicates: 1, rejected: refused.size });
  });

  it('normalises in the worker exactly as in-thread: the same outcomes, refusals and derived identifiers', async () => {
    const worker = await buildNormaliseWorker();
    const pool = new NormalisePool(worker.url, 1);
    try {
      const pooled = createIngestService(t.deps, { fx: createFxService(t.deps), warninglists: createWarninglistService(t.deps), onCommitted: [], normalisePool: pool });
      const second = await t.buildOrganisation({ country: 'TH' });
      // Ten batches of 40 reports, 3 identifiers each, in every kind of format: the first eight are
      // normalised in-thread (IN_THREAD_BATCHES), the last two in the worker.
      const inputs = (b: number) =>
        Array.from({ length: 40 }, (_, i) =>
          report({
            indicators: [
              { value: `08${String(12_345_678 + b * 1000 + i)}` },
              { value: i % 7 === 0 ? 'not an identifier at all' : `https://wa.me/6681${String(2_345_600 + i)}` },
              { type: 'url', value: `https://pay-${engine}-${b}-${i}.example.co.uk/login?utm_source=x` },
            ],
          }),
        );
      const batches = Array.from({ length: 10 }, (_, b) => ({ inputs: inputs(b) }));
      const shape = (o: IngestOutcome) => (o.status === 'accepted' ? { status: o.status, indicators: o.indicators.map(({ indicatorId: _id, ...rest }) => rest) } : o.status === 'rejected' ? o : { status: o.status });
      // A sequence of eight batches (a small upload) does not start the worker.
      await pooled.ingestBatches({ ...submitter, organisationId: second }, context, batches.slice(0, 8), 'test.ingest', () => undefined);
      expect(pool.workers).toBe(0);
      const inThread: unknown[] = [];
      await ingest.ingestBatches(submitter, context, batches, 'test.ingest', (_batch, outcomes) => void inThread.push(...outcomes.map(shape)));
      const inWorker: unknown[] = [];
      await pooled.ingestBatches({ ...submitter, organisationId: second }, context, batches, 'test.ingest', (_batch, outcomes) => void inWorker.push(...outcomes.map(shape)));
      expect(pool.workers).toBe(1);
      expect(inWorker).toEqual(inThread);
      expect(inThread.filter((o) => (o as IngestOutcome).status === 'rejected')).toHaveLength(60);
    } finally {
      await pool.close();
      worker.remove();
    }
  }, 60_000);
});
