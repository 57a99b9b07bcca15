import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hitHandlesOf } from '../../src/platform/hit-handles.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

type Headers = Record<string, string>;

/**
 * The requester withdraws its request while no holder has granted it: holders still waiting cannot answer
 * it any more and are told; holders that answered keep their answer on record.
 */
describe.each(testEngines())('access request withdrawal (%s)', (engine) => {
  let t: TestApp;
  /** How a hit names an identifier to one who may not see it (lookups give it); its id answers 404 to them. */
  const handleOf = async (indicatorId: string) => (await hitHandlesOf(t.deps.db)).of(indicatorId);
  let bank: Headers;
  let bankAdmin: Headers;
  let stranger: Headers;
  const holders = {} as Record<'refuser' | 'waiting', { analyst: Headers; admin: Headers }>;

  const get = (url: string, headers: Headers) => t.app.inject({ method: 'GET', url, headers });
  const post = (url: string, headers: Headers, payload?: object) => t.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const ask = async (phone: string) => {
    let indicatorId = '';
    for (const key of ['refuser', 'waiting'] as const) {
      const created = await post('/api/v1/reports', holders[key].analyst, {
        scamType: 'investment',
        channel: 'call',
        victimCountry: 'TH',
        occurredAt: '2026-02-01T10:00:00Z',
        marking: { tlp: 'AMBER+STRICT' },
        indicators: [{ type: 'phone', value: phone }],
      });
      expect(created.statusCode, created.body).toBe(201);
      indicatorId = created.json().indicators[0].indicatorId;
    }
    const asked = await post(`/api/v1/indicators/${await handleOf(indicatorId)}/access-requests`, bank, { reason: 'a customer paid this number: case 2026/31' });
    expect(asked.statusCode, asked.body).toBe(201);
    return asked.json().id as string;
  };
  const events = async (headers: Headers) => (await get('/api/v1/events/recent', headers)).json().items as { type: string; data: { accessRequest?: { id: string } } }[];

  beforeAll(async () => {
    t = await createTestApp(engine);
    const bankOrg = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    bank = await t.signIn((await t.buildUser(bankOrg, 'analyst')).email);
    bankAdmin = await t.signIn((await t.buildUser(bankOrg, 'admin')).email);
    stranger = await t.signIn((await t.buildUser(await t.buildOrganisation({ name: 'Straits Bank', type: 'bank', country: 'MY' }), 'analyst')).email);
    for (const [key, name] of [['refuser', 'CCIB'], ['waiting', 'KH Police']] as const) {
      const org = await t.buildOrganisation({ name, type: 'law_enforcement', country: key === 'refuser' ? 'TH' : 'KH' });
      holders[key] = { analyst: await t.signIn((await t.buildUser(org, 'analyst')).email), admin: await t.signIn((await t.buildUser(org, 'admin')).email) };
    }
  });
  afterAll(() => t.close());

  it('withdraws a request no holder granted; the holder still waiting sees it withdrawn, cannot answer it, and is told', async () => {
    const id = await ask('+66812340501');
    const refused = await post(`/api/v1/access-requests/${id}/answer`, holders.refuser.analyst, { decision: 'refused', note: 'not without a court order' });
    expect(refused.statusCode, refused.body).toBe(200);

    // Only the requesting organisation may withdraw: to anyone else the request does not exist.
    for (const other of [stranger, holders.waiting.analyst]) expect((await post(`/api/v1/access-requests/${id}/withdraw`, other)).statusCode).toBe(404);
    const withdrawn = await post(`/api/v1/access-requests/${id}/withdraw`, bank);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({ id, status: 'withdrawn', answers: [{ organisationName: 'CCIB', decision: 'refused' }] });
    expect((await post(`/api/v1/access-requests/${id}/withdraw`, bankAdmin)).statusCode).toBe(409);

    const waiting = (await get('/api/v1/access-requests/incoming?status=withdrawn', holders.waiting.analyst)).json().items;
    expect(waiting.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([[id, 'withdrawn']]);
    expect((await get('/api/v1/access-requests/incoming?status=pending', holders.waiting.analyst)).json().items).toEqual([]);
    const late = await post(`/api/v1/access-requests/${id}/answer`, holders.waiting.analyst, { decision: 'granted', note: 'sharing it now by marking' });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toMatch(/withdrawn/);
    // The holder that answered keeps its answer; its status is that answer.
    expect((await get('/api/v1/access-requests/incoming?status=refused', holders.refuser.analyst)).json().items.map((r: { id: string }) => r.id)).toEqual([id]);

    // Told: the holder still waiting, not the one that answered already.
    expect((await events(holders.waiting.admin)).filter((e) => e.type === 'access_request.withdrawn').map((e) => e.data.accessRequest?.id)).toEqual([id]);
    expect((await events(holders.refuser.admin)).some((e) => e.type === 'access_request.withdrawn')).toBe(false);
    const audit = (await get('/api/v1/audit-events?action=access_request.withdraw', bankAdmin)).json().items;
    expect(audit.map((a: { targetId: string }) => a.targetId)).toEqual([id]);
    expect((await get('/api/v1/access-requests?status=withdrawn', bank)).json().items.map((r: { id: string }) => r.id)).toEqual([id]);
  });

  it('refuses to ask again while the request stands, naming it; once withdrawn, one may ask again', async () => {
    // API review (session 25): each repeat landed in every holder's queue and on their streams.
    const id = await ask('+66812340509');
    const target = ((await get('/api/v1/access-requests', bank)).json().items as { id: string; targetId: string }[]).find((r) => r.id === id)!.targetId;
    const again = await post(`/api/v1/indicators/${target}/access-requests`, bank, { reason: 'asking once more for case 2026/31' });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().detail).toContain(`access request ${id}, pending`);
    expect((await post(`/api/v1/access-requests/${id}/withdraw`, bank)).statusCode).toBe(200);
    const renewed = await post(`/api/v1/indicators/${target}/access-requests`, bank, { reason: 'asking again for case 2026/31' });
    expect(renewed.statusCode, renewed.body).toBe(201);
  });

  it('lets a read-only API key see a hit but not ask for access or withdraw: asking speaks for the organisation', async () => {
    const bankOrg = (await get('/api/v1/auth/me', bank)).json().organisation.id as string;
    const readOnly = await t.apiKey(bankOrg, ['read']);
    const writer = await t.apiKey(bankOrg, ['write']);
    const id = await ask('+66812340503');
    const indicatorId = (await get('/api/v1/access-requests', bank)).json().items.find((r: { id: string }) => r.id === id).targetId as string;
    expect((await post(`/api/v1/indicators/${await handleOf(indicatorId)}/access-requests`, readOnly, { reason: 'asked by a read-only key' })).statusCode).toBe(403);
    expect((await post(`/api/v1/access-requests/${id}/withdraw`, readOnly)).statusCode).toBe(403);
    expect((await get('/api/v1/access-requests', readOnly)).statusCode).toBe(200);
    expect((await post(`/api/v1/access-requests/${id}/withdraw`, writer)).statusCode).toBe(200);
  });

  it('refuses to withdraw a request a holder granted', async () => {
    const id = await ask('+66812340502');
    const granted = await post(`/api/v1/access-requests/${id}/answer`, holders.waiting.analyst, { decision: 'granted', note: 'shared by marking with your bank' });
    expect(granted.statusCode, granted.body).toBe(200);
    const refused = await post(`/api/v1/access-requests/${id}/withdraw`, bank);
    expect(refused.statusCode).toBe(409);
    expect((await get('/api/v1/access-requests?status=granted', bank)).json().items.map((r: { id: string }) => r.id)).toContain(id);
  });
});
