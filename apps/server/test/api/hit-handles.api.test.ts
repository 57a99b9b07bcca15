import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlesWith } from '../../src/platform/hit-handles.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

type Headers = Record<string, string>;

/**
 * A hidden hit names its identifier by a hit handle, never by the indicator's id: ids are UUIDv7, and the
 * id of an identifier the requester may not see a report of dated the first report of it, to the
 * millisecond (security review, session 24). The handle is what the requester asks at, lists its requests
 * by and is told of; the holders, who see the reports, keep the id.
 */
describe.each(testEngines())('hit handles (%s)', (engine) => {
  let t: TestApp;
  let bank: Headers;
  let bankAdmin: Headers;
  let holder: Headers;
  let holderAnalyst: Headers;
  let indicatorId: string;
  const PHONE = '+66812340777';
  const get = (url: string, headers: Headers) => t.app.inject({ method: 'GET', url, headers });
  const post = (url: string, headers: Headers, payload: object) => t.app.inject({ method: 'POST', url, headers, payload });

  beforeAll(async () => {
    t = await createTestApp(engine);
    const requester = await t.buildOrganisation({ name: 'Lotus Bank', type: 'bank', country: 'TH' });
    bank = await t.signIn((await t.buildUser(requester, 'analyst')).email);
    bankAdmin = await t.signIn((await t.buildUser(requester, 'admin')).email);
    expect((await post('/api/v1/watchlists', bank, { name: 'our customer', kind: 'exact', indicatorType: 'phone', pattern: PHONE })).statusCode).toBe(201);
    const police = await t.buildOrganisation({ name: 'CCIB', type: 'law_enforcement', country: 'TH' });
    holder = await t.signIn((await t.buildUser(police, 'investigator')).email);
    holderAnalyst = await t.signIn((await t.buildUser(police, 'analyst')).email);
    const created = await post('/api/v1/reports', holder, { scamType: 'investment', channel: 'call', victimCountry: 'TH', occurredAt: '2026-01-10T10:00:00Z', marking: { tlp: 'AMBER+STRICT' }, indicators: [{ type: 'phone', value: PHONE }] });
    expect(created.statusCode, created.body).toBe(201);
    indicatorId = created.json().indicators[0].indicatorId;
  });
  afterAll(() => t.close());

  it('gives the same opaque handle in every answer, takes the request at it, and never hands the requester the id', async () => {
    const looked = await get(`/api/v1/lookup?value=${encodeURIComponent(PHONE)}`, bank);
    const href = looked.json().hiddenHit.accessRequest.href as string;
    expect(href).toMatch(/^\/api\/v1\/indicators\/hit-[A-Za-z0-9_-]{22}\/access-requests$/);
    expect(looked.body).not.toContain(indicatorId);
    const handle = href.split('/')[4]!;
    // The same handle for the batch lookup and the watch's event (the web recognises a pending request by it).
    const batch = await post('/api/v1/lookup', bank, { items: [{ value: PHONE }] });
    expect(batch.json().results[0].hiddenHit.accessRequest.href).toBe(href);
    const events = (await get('/api/v1/events/recent', bank)).json().items as { type: string; data: { hiddenHit?: { accessRequest: { href: string } } } }[];
    expect(events.find((e) => e.type === 'watch.match')!.data.hiddenHit!.accessRequest.href).toBe(href);
    expect(JSON.stringify(events)).not.toContain(indicatorId);

    const asked = await post(href, bank, { reason: 'a customer paid this number' });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({ targetType: 'indicator', targetId: handle, indicator: { type: 'phone' } });
    expect(asked.body).not.toContain(indicatorId);
    const listed = await get('/api/v1/access-requests', bank);
    expect(listed.json().items.map((i: { targetId: string }) => i.targetId)).toEqual([handle]);
    expect(listed.body).not.toContain(indicatorId);
    expect((await get('/api/v1/audit-events?limit=200', bankAdmin)).body).not.toContain(indicatorId);

    // The holder sees the identifier, and the request, by its id.
    const incoming = (await get('/api/v1/access-requests/incoming', holderAnalyst)).json().items;
    expect(incoming[0]).toMatchObject({ targetId: indicatorId, indicator: { id: indicatorId } });
    const answered = await post(`/api/v1/access-requests/${asked.json().id}/answer`, holderAnalyst, { decision: 'refused', note: 'not for now, the case is open' });
    expect(answered.statusCode, answered.body).toBe(200);
    const told = (await get('/api/v1/events/recent', bank)).json().items.find((e: { type: string }) => e.type === 'access_request.answered');
    expect(told.data.accessRequest.targetId).toBe(handle);
  });

  it('dates the ids of identifiers and networks to their day only, so that one the bank comes to see does not date the hidden report that made it', async () => {
    // Security review (session 25): the bank's own report of the number handed it the id, a UUIDv7 of
    // the moment the police's hidden report created the indicator (and its network).
    const mine = await post('/api/v1/reports', bank, { scamType: 'investment', channel: 'call', victimCountry: 'TH', occurredAt: '2026-01-11T10:00:00Z', indicators: [{ type: 'phone', value: PHONE }] });
    expect(mine.statusCode, mine.body).toBe(201);
    const id = mine.json().indicators[0].indicatorId as string;
    expect(id).toBe(indicatorId);
    const dayOf = (uuid: string) => new Date(parseInt(uuid.replace(/-/g, '').slice(0, 12), 16)).toISOString();
    expect(dayOf(id)).toMatch(/T00:00:00\.000Z$/);
    // The app's linker links the report just after its commit.
    let networks: { id: string }[] = [];
    for (let tries = 0; tries < 100 && networks.length === 0; tries++) {
      networks = (await get(`/api/v1/networks?report=${mine.json().id}`, bank)).json().items as { id: string }[];
      if (networks.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(networks).toHaveLength(1);
    for (const n of networks) expect(dayOf(n.id)).toMatch(/T00:00:00\.000Z$/);
    await t.app.inject({ method: 'POST', url: `/api/v1/reports/${mine.json().id}/retract`, headers: bank, payload: { reason: 'test done' } });
  });

  it('answers 404 for a handle of nothing, and 400 for a path that is neither id nor handle', async () => {
    const forged = handlesWith(Buffer.alloc(32, 7)).of(indicatorId); // another key: stands for no indicator here
    const missing = await post(`/api/v1/indicators/${forged}/access-requests`, bank, { reason: 'probing for ids' });
    expect(missing.statusCode).toBe(404);
    const bad = await post('/api/v1/indicators/hit-short/access-requests', bank, { reason: 'probing for ids' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ path: 'params.id', message: 'must be an indicator id (a UUID) or the hit handle a hidden hit names (hit-…) (got "hit-short")' })]);
  });

  it('turns a handle back into the id it stands for, and only a handle', () => {
    const handles = handlesWith(Buffer.alloc(32, 1));
    const id = '01a22f06-6c2c-7000-8000-0123456789ab';
    expect(handles.idOf(handles.of(id))).toBe(id);
    expect(handles.of(id)).not.toContain('01a22f06');
    expect(handles.idOf(id)).toBeNull();
    expect(handles.idOf('hit-!!')).toBeNull();
  });
});
