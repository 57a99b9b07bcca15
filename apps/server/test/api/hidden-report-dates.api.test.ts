import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * Security review (session 26): neither when a hidden report was stored nor what it names may reach a
 * viewer who may not see it — through a network's STIX export (the network row's times were written by
 * any report joining it), or through an access request naming an indicator by its raw id.
 */
type Headers = Record<string, string>;

describe.each(testEngines())('hidden reports stay undated and unnamed (%s)', (engine) => {
  let t: TestApp;
  let alpha: Headers;
  let bravo: Headers;
  const base = { scamType: 'investment', channel: 'messaging_app', victimCountry: 'TH', occurredAt: '2026-03-10T10:00:00Z' };
  const post = (url: string, headers: Headers, payload: object) => t.app.inject({ method: 'POST', url, headers, payload });
  const get = (url: string, headers: Headers) => t.app.inject({ method: 'GET', url, headers });
  /** The report's network, once the linker has placed it. */
  const networkOf = async (reportId: string) => {
    for (let i = 0; i < 100; i += 1) {
      const row = await t.deps.db.selectFrom('report_networks').select('network_id').where('report_id', '=', reportId).executeTakeFirst();
      if (row) return row.network_id;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`report ${reportId} was never linked`);
  };
  const createdAt = async (reportId: string) => new Date((await t.deps.db.selectFrom('reports').select('created_at').where('id', '=', reportId).executeTakeFirstOrThrow()).created_at).toISOString();
  const intrusionSet = async (networkId: string) => {
    const response = await get(`/api/v1/networks/${networkId}/stix`, bravo);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().objects as { type: string; created: string; modified: string }[]).find((o) => o.type === 'intrusion-set')!;
  };
  const hiddenReport = async (phones: string[]) => {
    const response = await post('/api/v1/reports', alpha, { ...base, marking: { tlp: 'AMBER+STRICT' }, indicators: phones.map((value) => ({ type: 'phone', value })) });
    expect(response.statusCode, response.body).toBe(201);
    expect((await get(`/api/v1/reports/${response.json().id}`, bravo)).statusCode).toBe(404);
    return response.json() as { id: string; indicators: { type: string; indicatorId: string }[] };
  };
  const ownReport = async (phone: string) => {
    const response = await post('/api/v1/reports', bravo, { ...base, marking: { tlp: 'GREEN' }, indicators: [{ type: 'phone', value: phone }] });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    alpha = await t.signIn((await t.buildUser(await t.buildOrganisation({ name: 'Alpha Police', type: 'law_enforcement', country: 'TH' }), 'analyst')).email);
    bravo = await t.signIn((await t.buildUser(await t.buildOrganisation({ name: 'Bravo Bank', type: 'bank', country: 'KH' }), 'analyst')).email);
  });
  afterAll(() => t.close());

  it('dates a network’s STIX intrusion-set by the reports the viewer sees, never by a hidden one joining it', async () => {
    const own = await ownReport('+66812555001');
    const before = await intrusionSet(await networkOf(own));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const hidden = await hiddenReport(['+66812555001', '+66812555999']);
    await networkOf(hidden.id);
    const after = await intrusionSet(await networkOf(own));
    expect(after).toMatchObject({ created: before.created, modified: before.modified });
    expect(after.created).toBe(await createdAt(own));
  });

  it('does not date the hidden report that made a network the viewer’s report joined later', async () => {
    const hidden = await hiddenReport(['+66812555777']);
    await networkOf(hidden.id);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const own = await ownReport('+66812555777');
    const set = await intrusionSet(await networkOf(own));
    expect(set.created).not.toBe(await createdAt(hidden.id));
    expect(set.created).toBe(await createdAt(own));
  });

  it('answers 404 to an access request naming by its raw id an identifier only hidden reports name, not its value', async () => {
    const hidden = await post('/api/v1/reports', alpha, { ...base, marking: { tlp: 'AMBER+STRICT' }, indicators: [{ type: 'email', value: 'boss.secret@lotus-pay.top' }] });
    const indicatorId = (hidden.json().indicators as { type: string; indicatorId: string }[]).find((i) => i.type === 'email')!.indicatorId;
    expect((await get(`/api/v1/indicators/${indicatorId}`, bravo)).statusCode).toBe(404);
    const asked = await post(`/api/v1/indicators/${indicatorId}/access-requests`, bravo, { reason: 'asked by an id we should not have' });
    expect(asked.statusCode).toBe(404);
    expect(asked.body).not.toContain('boss.secret');
    // The lookup's hit handle is the way: it still works.
    const hit = (await post('/api/v1/lookup', bravo, { items: [{ value: 'boss.secret@lotus-pay.top' }] })).json().results[0];
    expect((await post(hit.hiddenHit.accessRequest.href, bravo, { reason: 'a victim of ours wrote to this address' })).statusCode).toBe(201);
  });
});
