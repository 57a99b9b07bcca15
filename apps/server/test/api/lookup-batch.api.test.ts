import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupBatchResponseSchema } from '@gpos/contracts';
import { normaliseIndicator } from '../../src/modules/indicators/normalise/index.js';
import { responseSerializerCompiler } from '../../src/platform/http/response-serializer.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

// What every other route's writer would write for the same answer, compiled from the contract.
const contractWriter = responseSerializerCompiler({ schema: lookupBatchResponseSchema, method: 'POST', url: '/api/v1/lookup', httpStatus: '200' } as never) as (data: unknown) => string;

describe.each(testEngines())('batch lookup answer (%s)', (engine) => {
  let t: TestApp;
  let owner: Record<string, string>;
  let stranger: Record<string, string>;

  const items = [
    { value: '+66 81 234 5678' }, // visible hit, written differently from its canonical form
    { type: 'phone' as const, value: '081-234-5678' }, // the same number, national, with the reporter's country
    { type: 'bank_account' as const, value: 'TH:BKKBTHBK:1234567890' }, // hidden from the stranger
    { value: 'https://Login.Scam-Shop.example.com/a?utm_source=x' }, // miss (never reported)
    { value: 'Scam-Shop.COM' }, // visible domain hit
    { value: 'Payout.Desk+x@Gmail.com' }, // visible e-mail hit, Gmail rules
    { value: '+999 1234567' }, // invalid: no such calling code
    { value: 'not an identifier at all' },
    { type: 'phone' as const, value: '12' },
  ];

  beforeAll(async () => {
    t = await createTestApp(engine);
    const bank = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    const police = await t.buildOrganisation({ name: 'Mekong Police', type: 'law_enforcement', country: 'KH' });
    owner = await t.signIn((await t.buildUser(bank, 'analyst')).email);
    stranger = await t.signIn((await t.buildUser(police, 'analyst')).email);
    const report = (indicators: object[], tlp: string) => ({
      scamType: 'investment',
      channel: 'messaging_app',
      victimCountry: 'TH',
      occurredAt: '2026-10-01T10:00:00Z',
      loss: { amount: 1_000, currency: 'USD' },
      indicators,
      marking: { tlp },
    });
    const visible = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: owner, payload: report([{ value: '+66812345678' }, { value: 'scam-shop.com' }, { value: 'payoutdesk@gmail.com' }], 'GREEN') });
    expect(visible.statusCode).toBe(201);
    const hidden = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: owner, payload: report([{ type: 'bank_account', value: 'TH:BKKBTHBK:1234567890' }], 'AMBER+STRICT') });
    expect(hidden.statusCode).toBe(201);
  });
  afterAll(() => t.close());

  it('writes, byte for byte, what the contract writer writes for the same answer', async () => {
    for (const headers of [owner, stranger]) {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/lookup', headers, payload: { items } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toBe(contractWriter(response.json()));
    }
  });

  it('gives each item the key and rejection the full normaliser gives it, and finds what was reported', async () => {
    const results = (await t.app.inject({ method: 'POST', url: '/api/v1/lookup', headers: owner, payload: { items } })).json().results as Array<Record<string, unknown>>;
    expect(results).toHaveLength(items.length);
    items.forEach((item, i) => {
      const full = normaliseIndicator(item, { reporterCountry: 'TH' });
      const result = results[i]!;
      expect(result.input).toBe(item.value);
      if (full.ok) expect({ type: result.type, canonical: result.canonical, error: result.error }).toEqual({ type: full.indicator.type, canonical: full.indicator.value, error: null });
      else expect({ canonical: result.canonical, error: result.error }).toEqual({ canonical: null, error: { field: full.field, reason: full.reason, code: full.code, params: full.params } });
    });
    expect(results.map((r) => r.found)).toEqual([true, true, true, false, true, true, false, false, false]);
  });

  it('answers many batches sent at once (they pass the admission gate in turn), and a client that leaves mid-body gives its place back', async () => {
    const many = await Promise.all(Array.from({ length: 8 }, () => t.app.inject({ method: 'POST', url: '/api/v1/lookup', headers: owner, payload: { items } })));
    expect(many.map((r) => r.statusCode)).toEqual(Array(8).fill(200));

    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    // More clients than the gate has places, each sending headers and half a body, then leaving.
    for (let i = 0; i < 4; i += 1) {
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          const head = [`POST /api/v1/lookup HTTP/1.1`, `Host: 127.0.0.1`, `Content-Type: application/json`, `Content-Length: 1000`, ...Object.entries(owner).map(([k, v]) => `${k}: ${v}`)];
          socket.write(`${head.join('\r\n')}\r\n\r\n{"items":[`);
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 50);
        });
        socket.on('error', reject);
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await fetch(`${address}/api/v1/lookup`, { method: 'POST', headers: { ...owner, 'content-type': 'application/json' }, body: JSON.stringify({ items }), signal: AbortSignal.timeout(5_000) });
    expect(after.status).toBe(200);
  });

  it('shows the stranger only a hit with the holder for what it may not see, and the same as a single lookup', async () => {
    const results = (await t.app.inject({ method: 'POST', url: '/api/v1/lookup', headers: stranger, payload: { items } })).json().results as Array<Record<string, unknown>>;
    expect(results[2]).toMatchObject({ found: true, indicator: null, hiddenHit: { holders: [{ organisationType: 'bank', country: 'TH' }] } });
    for (const [i, item] of items.entries()) {
      const query = new URLSearchParams(item.type ? { value: item.value, type: item.type } : { value: item.value });
      const single = (await t.app.inject({ method: 'GET', url: `/api/v1/lookup?${query}`, headers: stranger })).json();
      // The stranger's reporter country is KH: the national number is judged by KH's plan in both routes.
      expect(single).toEqual(results[i]);
    }
  });
});
