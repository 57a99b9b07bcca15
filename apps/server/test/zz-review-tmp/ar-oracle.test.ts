import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

describe('access request re-ask oracle', () => {
  let t: TestApp;
  let bank: Record<string, string>;
  const report = async (h: Record<string, string>) => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: h, payload: { scamType: 'investment', channel: 'call', victimCountry: 'TH', occurredAt: '2026-01-10T10:00:00Z', marking: { tlp: 'AMBER+STRICT' }, indicators: [{ type: 'phone', value: '+66812349999' }] } });
    expect(r.statusCode, r.body).toBe(201);
  };
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    bank = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'bank', country: 'TH' }), 'analyst')).email);
  });
  afterAll(() => t.close());

  it('tells apart another report of the same holder from a new holder of the same kind and country', async () => {
    const p1 = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'law_enforcement', country: 'TH' }), 'investigator')).email);
    await report(p1);
    const hit = (await t.app.inject({ method: 'GET', url: '/api/v1/lookup?value=%2B66812349999', headers: bank })).json();
    const ask = () => t.app.inject({ method: 'POST', url: hit.hiddenHit.accessRequest.href, headers: bank, payload: { reason: 'we need this for a fraud case' } });
    const a1 = await ask();
    console.log('first ask', a1.statusCode, JSON.stringify(a1.json().holders));
    // Same holder files another report.
    await report(p1);
    const h2 = (await t.app.inject({ method: 'GET', url: '/api/v1/lookup?value=%2B66812349999', headers: bank })).json();
    const a2 = await ask();
    console.log('after same holder again: lookup holders', JSON.stringify(h2.hiddenHit.holders), 'ask ->', a2.statusCode, a2.json().code ?? a2.json().error);
    // A second TH police organisation files one.
    const p2 = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'law_enforcement', country: 'TH' }), 'investigator')).email);
    await report(p2);
    const h3 = (await t.app.inject({ method: 'GET', url: '/api/v1/lookup?value=%2B66812349999', headers: bank })).json();
    const a3 = await ask();
    console.log('after new holder: lookup holders', JSON.stringify(h3.hiddenHit.holders), 'ask ->', a3.statusCode, JSON.stringify(a3.json().holders));
    const a4 = await ask();
    console.log('again ->', a4.statusCode);
  });
});
