import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

type Result = { line: number; status: string; reportId: string | null; errors: { path: string; code?: string }[] };

/**
 * A report refused after its idempotency key was looked up (its loss over the cap, `report.loss_over_cap`)
 * stores nothing, so it must not take the key: the corrected report sent again under the same key is
 * stored, not answered as a `duplicate` of a report that never existed. In one request and across
 * requests, by `POST /reports` and by the bulk upload, within one of its batches and across two.
 */
describe.each(testEngines())('an idempotency key of a refused report stays free (%s)', (engine) => {
  let t: TestApp;
  let key: Record<string, string>;
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const bank = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    key = await t.apiKey(bank, ['read', 'write']);
  });
  afterAll(() => t.close());

  /** USD 20 billion (in cents), over the USD 10 billion one report may claim. */
  const OVER_CAP = 2_000_000_000_000;
  const phone = () => `+66815${String(100_000 + (serial += 1)).slice(-6)}`;
  const report = (idempotencyKey: string | undefined, amount: number) => ({
    scamType: 'investment',
    channel: 'call',
    victimCountry: 'TH',
    occurredAt: '2026-09-01T00:00:00Z',
    loss: { amount, currency: 'USD' },
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    indicators: [{ value: phone() }],
  });
  const post = (body: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: key, payload: body as Record<string, unknown> });
  const upload = async (lines: unknown[]) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...key, 'content-type': 'application/x-ndjson' }, payload: `${lines.map((l) => JSON.stringify(l)).join('\n')}\n` });
    expect(response.statusCode, response.body).toBe(200);
    return response.body.trim().split('\n').map((l) => JSON.parse(l) as Result & { summary?: unknown }).filter((l) => l.summary === undefined) as Result[];
  };
  /** The report is stored and readable: a phantom id (a key taken by a refused line) would be 404. */
  const storedStatus = async (id: string | null) => (await t.app.inject({ method: 'GET', url: `/api/v1/reports/${id}`, headers: key })).statusCode;

  it('by POST /reports: the corrected report under the key of one refused for its loss is created (201), then a duplicate (200)', async () => {
    const refused = await post(report('cap-single', OVER_CAP));
    expect(refused.statusCode, refused.body).toBe(400);
    expect((refused.json() as { errors: { path: string; code: string }[] }).errors).toEqual([expect.objectContaining({ path: 'body.loss.amount', code: 'report.loss_over_cap' })]);
    const corrected = report('cap-single', 150_000_00);
    const created = await post(corrected);
    expect(created.statusCode, created.body).toBe(201);
    const again = await post(corrected);
    expect([again.statusCode, (again.json() as { id: string }).id]).toEqual([200, (created.json() as { id: string }).id]);
  });

  it('in one bulk batch: the corrected line after the refused one is accepted and stored', async () => {
    const results = await upload([report('cap-batch', OVER_CAP), report('cap-batch', 150_000_00), report('cap-batch', 150_000_00)]);
    expect(results.map((r) => [r.line, r.status, r.errors[0]?.code])).toEqual([
      [1, 'rejected', 'report.loss_over_cap'],
      [2, 'accepted', undefined],
      // The third line is the second's report again (its identifier aside, which differs): refused as a reuse.
      [3, 'rejected', 'report.idempotency_key_reused'],
    ]);
    expect(await storedStatus(results[1]!.reportId)).toBe(200);
    const retry = report('cap-batch-2', 150_000_00);
    const twice = await upload([report('cap-batch-2', OVER_CAP), retry, retry]);
    expect(twice.map((r) => r.status)).toEqual(['rejected', 'accepted', 'duplicate']);
    expect(twice[2]!.reportId).toBe(twice[1]!.reportId);
    expect(await storedStatus(twice[1]!.reportId)).toBe(200);
  });

  it('across batches of one upload, across uploads, and from an upload to POST /reports', async () => {
    // Line 1 in the first batch of 500 reports, line 501 in the second.
    const fillers = Array.from({ length: 499 }, () => report(undefined, 100));
    const results = await upload([report('cap-across', OVER_CAP), ...fillers, report('cap-across', 150_000_00)]);
    expect([results[0]!.status, results[500]!.line, results[500]!.status]).toEqual(['rejected', 501, 'accepted']);
    expect(await storedStatus(results[500]!.reportId)).toBe(200);

    expect((await upload([report('cap-later', OVER_CAP)]))[0]!.status).toBe('rejected');
    const later = await upload([report('cap-later', 150_000_00)]);
    expect(later[0]!.status).toBe('accepted');
    expect(await storedStatus(later[0]!.reportId)).toBe(200);

    expect((await upload([report('cap-posted', OVER_CAP)]))[0]!.status).toBe('rejected');
    expect((await post(report('cap-posted', 150_000_00))).statusCode).toBe(201);
  }, 60_000);
});
