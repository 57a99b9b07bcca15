import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * Fuzzing the two intelligence write routes, single reports and bulk uploads: random and hostile input
 * never produces a 5xx or a stack trace, every bulk line gets exactly one result, and nothing is ever
 * accepted twice (the same idempotency key answers `duplicate` with the first report's id).
 */
describe.each(testEngines())('report write routes under fuzzing (%s)', (engine) => {
  let t: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const bank = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    headers = await t.apiKey(bank, ['write']);
  });
  afterAll(() => t.close());

  // Identifier-shaped strings with the tricks partners' data really carries: zero-width and bidi
  // characters, full-width digits, look-alike letters, odd separators, schemes and over-long values.
  const noise = fc.constantFrom('\u200b', '\u200d', '\u202e', '\u00ad', '\ufeff', ' ', '-', '.', '/', '(', ')', '\u3000', '\u0000');
  const indicatorValue = fc.oneof(
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    { weight: 2, arbitrary: fc.constantFrom('+66 81 234 5678', '081-234-5678', '０８１２３４５６７８', 'https://exаmple.com/pay', 'https://xn--exmple-cua.com', 'wa.me/66812345678', 'TH12 3456 7890', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'scam@fraud-mail.net', '192.0.2.1', '@some_handle', 'javascript:alert(1)', 'x'.repeat(3000)) },
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom('+66 81 234 5678', 'https://scam-shop.com/p', 'payout@fraud-mail.net'), noise, fc.nat(20)).map(([v, n, at]) => v.slice(0, at) + n + v.slice(at)) },
  );
  // Mostly well-formed reports (so the storing path is exercised), some with one field made hostile.
  // Usually without a type (detected from the value), as most partners send them.
  const indicator = fc.oneof(
    { weight: 3, arbitrary: fc.record({ value: indicatorValue }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constantFrom('phone', 'url', 'domain', 'email', 'messaging_account'), value: indicatorValue, role: fc.constantFrom('contact', 'payment', 'landing_page') }) },
  );
  const wellFormed = fc.record({
    scamType: fc.constantFrom('investment', 'romance', 'job'),
    channel: fc.constantFrom('messaging_app', 'call', 'website'),
    victimCountry: fc.constantFrom('TH', 'IN', 'RW'),
    occurredAt: fc.constant('2026-10-01T10:00:00Z'),
    loss: fc.record({ amount: fc.nat({ max: 10_000_000 }), currency: fc.constantFrom('THB', 'USD') }),
    indicators: fc.array(indicator, { minLength: 1, maxLength: 3 }),
    marking: fc.constantFrom({ tlp: 'GREEN' }, { tlp: 'AMBER' }),
    narrative: fc.string({ maxLength: 200 }),
  });
  const hostileField = fc.oneof(
    fc.record({ scamType: fc.constantFrom('nonsense', '', 'INVESTMENT') }),
    fc.record({ victimCountry: fc.constantFrom('XX', 'tha', '') }),
    fc.record({ occurredAt: fc.constantFrom('2026-13-01T00:00:00Z', 'yesterday', '2999-01-01T00:00:00Z') }),
    fc.record({ loss: fc.record({ amount: fc.oneof(fc.integer({ max: -1 }), fc.double()), currency: fc.constantFrom('XXX', 'thb') }) }),
    fc.record({ marking: fc.record({ tlp: fc.constantFrom('RED', 'PURPLE', 'AMBER+STRICT') }) }),
    fc.record({ confidence: fc.oneof(fc.integer({ min: -5, max: 105 }), fc.constant('high')) }),
    fc.record({ unexpected: fc.string({ maxLength: 5 }) }),
    fc.record({ indicators: fc.array(fc.record({ type: fc.constantFrom('nonsense', 'bank_account', 'crypto_wallet', 'app'), value: indicatorValue, country: fc.constantFrom('XX', 'th', '') }), { maxLength: 101 }) }),
  );
  const report = fc.oneof({ weight: 3, arbitrary: wellFormed }, { weight: 1, arbitrary: fc.tuple(wellFormed, hostileField).map(([r, h]) => ({ ...r, ...h })) });

  const expectProblem = (response: { statusCode: number; body: string; json: () => { code?: unknown } }) => {
    expect(response.statusCode, response.body).toBeLessThan(500);
    if (response.statusCode >= 400) {
      expect(response.json().code).toEqual(expect.any(String));
      expect(response.body).not.toMatch(/\.(ts|js):\d+:\d+/);
    }
  };

  it('POST /reports never answers 5xx, and an idempotency key is never accepted twice', async () => {
    let key = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(report, async (body) => {
        const idempotencyKey = `fuzz-${engine}-${key++}`;
        const payload = { ...body, idempotencyKey };
        const first = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers, payload });
        expectProblem(first);
        statuses.set(first.statusCode, (statuses.get(first.statusCode) ?? 0) + 1);
        if (first.statusCode !== 201) return;
        for (const item of first.json().indicators as { value: string }[]) expect(item.value).not.toMatch(/[\u200b\u200d\u202e\u00ad\ufeff]/);
        const again = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers, payload });
        expect(again.statusCode, again.body).toBe(200);
        expect(again.json().id).toBe(first.json().id);
      }),
      { numRuns: 150, seed: 20251217 },
    );
    // The generator must reach the storing path often enough for the duplicate check to mean something.
    expect(statuses.get(201) ?? 0, JSON.stringify([...statuses])).toBeGreaterThanOrEqual(10);
  });

  it('POST /reports/bulk answers every line exactly once and stores each idempotency key once', async () => {
    let batch = 0;
    let accepted = 0;
    const line = fc.oneof(
      { weight: 3, arbitrary: report.map((r) => JSON.stringify(r)) },
      { weight: 1, arbitrary: fc.string({ maxLength: 80 }).filter((s) => !s.includes('\n') && !s.includes('\r')) },
      { weight: 1, arbitrary: fc.constantFrom('{', '[]', 'null', '{"indicators": "x"}', '  ', '"\\u0000"') },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 12 }), async (lines) => {
        batch += 1;
        // Give the JSON lines idempotency keys, so a second upload of the same file must store nothing.
        const keyed = lines.map((l, i) => {
          try {
            const parsed: unknown = JSON.parse(l);
            return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? JSON.stringify({ ...parsed, idempotencyKey: `bulk-${engine}-${batch}-${i}` }) : l;
          } catch {
            return l;
          }
        });
        const upload = () => t.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...headers, 'content-type': 'application/x-ndjson' }, payload: keyed.join('\n') });
        const first = await upload();
        expectProblem(first);
        if (first.statusCode !== 200) return;
        const out = first.body.trim().split('\n').map((l) => JSON.parse(l) as { line?: number; status?: string; summary?: { lines: number; accepted: number; rejected: number; duplicates: number } });
        const summary = out.pop()!.summary!;
        accepted += summary.accepted;
        const nonBlank = keyed.filter((l) => l.trim() !== '').length;
        expect(out.length).toBe(summary.lines);
        expect(summary.lines).toBe(nonBlank);
        expect(summary.accepted + summary.rejected + summary.duplicates).toBe(summary.lines);
        expect(new Set(out.map((r) => r.line)).size).toBe(out.length);
        const again = await upload();
        const secondSummary = again.body.trim().split('\n').map((l) => JSON.parse(l)).pop().summary;
        expect(secondSummary.accepted).toBe(0);
        expect(secondSummary.duplicates).toBe(summary.accepted + summary.duplicates);
      }),
      { numRuns: 40, seed: 20251218 },
    );
    expect(accepted).toBeGreaterThanOrEqual(20);
  });
});
