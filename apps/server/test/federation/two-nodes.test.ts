import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { collectionId } from '../../src/modules/taxii/index.js';
import { reportBody } from '../stix/stix-fixtures.js';
import { startTwoNodes } from './two-node-setup.js';

const TAXII = 'application/taxii+json;version=2.1';
const PHONE = '+66812345671';
const STRICT_PHONE = '+66812345672';
const RED_PHONE = '+66812345673';

/**
 * Two real GPOS nodes on loopback with separate databases: B pulls from A over HTTP with an API key of A,
 * finds A's report by lookup with its marking and source, re-syncs to no effect, never gets what B's
 * organisation on A may not see, never serves A's records back to A, and loses the report when A retracts it.
 */
describe.each(testEngines())('federation between two nodes (%s)', (engine) => {
  let a: TestApp;
  let b: TestApp;
  let analystA: Record<string, string>;
  let adminB: Record<string, string>;
  let analystB: Record<string, string>;
  let greenReportId = '';
  let peerId = '';
  let peerOrgOnB = '';
  let peerUrl = '';
  let peerKey = '';

  beforeAll(async () => {
    const nodes = await startTwoNodes(engine);
    ({ a, b, analystA, adminB } = nodes);
    peerUrl = nodes.urlA;
    peerKey = nodes.keyOfA;
    const colleagueA = await a.buildUser(nodes.bankA, 'investigator');

    const create = async (i: number, phone: string, marking: object) => {
      const response = await a.app.inject({ method: 'POST', url: '/api/v1/reports', headers: analystA, payload: { ...reportBody(i, marking as never), idempotencyKey: `two-nodes-${i}`, indicators: [{ type: 'phone', value: phone, role: 'contact' }] } });
      expect(response.statusCode, response.body).toBe(201);
      return (response.json() as { id: string }).id;
    };
    greenReportId = await create(1, PHONE, { tlp: 'GREEN' });
    await create(2, STRICT_PHONE, { tlp: 'AMBER+STRICT' });
    await create(3, RED_PHONE, { tlp: 'RED', recipientUserIds: [colleagueA.id] });

    analystB = await b.signIn((await b.buildUser(nodes.orgB, 'analyst')).email);
    const peer = await nodes.addPeerA();
    peerId = peer.id;
    peerOrgOnB = peer.organisationId;
    expect(JSON.stringify(peer)).not.toContain(nodes.keyOfA);
  }, 120_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const sync = async () => {
    const response = await b.app.inject({ method: 'POST', url: `/api/v1/federation/peers/${peerId}/sync`, headers: adminB });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { status: string; objectsReceived: number; collections: { collectionId: string; summary: Record<string, number>; error: string | null }[] };
  };
  const lookupOnB = async (value: string) => (await b.app.inject({ method: 'GET', url: `/api/v1/lookup?value=${encodeURIComponent(value)}`, headers: analystB })).json() as { found: boolean; indicator: { reports: number } | null };
  const importedOnB = () =>
    b.deps.db.selectFrom('reports as r').innerJoin('markings as m', 'm.id', 'r.marking_id').select(['r.id', 'r.status', 'r.source_node', 'r.version', 'm.tlp', 'r.organisation_id']).orderBy('r.id').execute();

  it('pulls a GREEN report from A: found by lookup on B, marking and source kept', async () => {
    const result = await sync();
    expect(result.status).toBe('ok');
    const created = result.collections.reduce((n, c) => n + c.summary.created!, 0);
    expect(created).toBe(1);
    const found = await lookupOnB(PHONE);
    expect(found.found).toBe(true);
    const rows = await importedOnB();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tlp: 'GREEN', source_node: 'node-a', status: 'active', organisation_id: peerOrgOnB });
    const provenance = await b.deps.db.selectFrom('stix_objects').select(['source_node']).where('local_type', '=', 'report').execute();
    expect(provenance.map((p) => p.source_node)).toEqual(['node-a']);
  });

  it("never receives what B's organisation on A may not see (AMBER+STRICT, RED)", async () => {
    expect((await lookupOnB(STRICT_PHONE)).found).toBe(false);
    expect((await lookupOnB(RED_PHONE)).found).toBe(false);
  });

  it('re-syncing changes nothing (cursor and de-duplication)', async () => {
    const before = await importedOnB();
    const again = await sync();
    expect(again.status).toBe('ok');
    expect(again.objectsReceived).toBe(0);
    expect(await importedOnB()).toEqual(before);
    const peers = (await b.app.inject({ method: 'GET', url: '/api/v1/federation/peers', headers: adminB })).json() as { items: { collections: { addedAfter: string | null }[]; lastSyncStatus: string }[] };
    expect(peers.items[0]!.lastSyncStatus).toBe('ok');
    expect(peers.items[0]!.collections.some((c) => c.addedAfter !== null)).toBe(true);
  });

  it("does not serve A's records back to A, but serves B's own", async () => {
    const keyOfBForA = await b.apiKey(peerOrgOnB, ['read']);
    const own = await b.app.inject({ method: 'POST', url: '/api/v1/reports', headers: analystB, payload: { ...reportBody(7, { tlp: 'GREEN' }), idempotencyKey: 'b-own', indicators: [{ type: 'phone', value: '+85512345678', role: 'contact' }] } });
    expect(own.statusCode).toBe(201);
    const objects = (await b.app.inject({ method: 'GET', url: `/taxii2/gpos/collections/${collectionId('tlp:GREEN')}/objects/?match[type]=report`, headers: { ...keyOfBForA, accept: TAXII } })).json() as { objects?: { id: string; extensions: Record<string, { gpos_report_id?: string }> }[] };
    const served = (objects.objects ?? []).map((o) => Object.values(o.extensions)[0]?.gpos_report_id);
    expect(served).toEqual([(own.json() as { id: string }).id]);
    // Another member of B sees both.
    const member = await b.apiKey((await importedOnB()).find((r) => r.source_node === null)!.organisation_id, ['read']);
    const all = (await b.app.inject({ method: 'GET', url: `/taxii2/gpos/collections/${collectionId('tlp:GREEN')}/objects/?match[type]=report`, headers: { ...member, accept: TAXII } })).json() as { objects: unknown[] };
    expect(all.objects).toHaveLength(2);
  });

  it('pulls a report of 100 URLs whose 100 domains A derived, with nothing refused', async () => {
    const indicators = Array.from({ length: 100 }, (_, n) => ({ type: 'url', value: `https://fed-${n}.sync-${n}-scam.top/pay`, role: 'landing_page' }));
    const wide = await a.app.inject({ method: 'POST', url: '/api/v1/reports', headers: analystA, payload: { ...reportBody(9, { tlp: 'GREEN' }), idempotencyKey: 'a-wide', indicators } });
    expect(wide.statusCode, wide.body).toBe(201);
    const result = await sync();
    expect(result.status, JSON.stringify(result.collections.map((c) => c.summary))).toBe('ok');
    expect(result.collections.reduce((n, c) => n + c.summary.rejected!, 0)).toBe(0);
    expect((await lookupOnB('https://fed-99.sync-99-scam.top/pay')).found).toBe(true);
    expect((await lookupOnB('sync-99-scam.top')).found).toBe(true);
  });

  it('a retraction on A reaches B at the next sync: the report is gone from lookups', async () => {
    const retract = await a.app.inject({ method: 'POST', url: `/api/v1/reports/${greenReportId}/retract`, headers: analystA, payload: { reason: 'wrong number' } });
    expect(retract.statusCode).toBe(200);
    const result = await sync();
    expect(result.collections.reduce((n, c) => n + c.summary.retracted!, 0), JSON.stringify(result)).toBe(1);
    expect((await lookupOnB(PHONE)).found).toBe(false);
    const row = (await importedOnB()).find((r) => r.source_node === 'node-a')!;
    expect(row.status).toBe('retracted');
  });

  it('keeps peer administration to platform admins and never returns the key', async () => {
    expect((await b.app.inject({ method: 'GET', url: '/api/v1/federation/peers', headers: analystB })).statusCode).toBe(403);
    expect((await b.app.inject({ method: 'GET', url: '/api/v1/federation/peers' })).statusCode).toBe(401);
    const sealed = await b.deps.db.selectFrom('federation_peers').select(['api_key_ciphertext', 'api_key_prefix']).executeTakeFirstOrThrow();
    expect(sealed.api_key_ciphertext).toMatch(/^v1\./);
    const listed = await b.app.inject({ method: 'GET', url: '/api/v1/federation/peers', headers: adminB });
    expect(listed.body).not.toContain(sealed.api_key_ciphertext);
  });

  it("gives a peer's new organisation no name another member has (ignoring case and spacing), and stores nothing", async () => {
    const peersBefore = await b.deps.db.selectFrom('federation_peers').select('id').execute();
    const clash = await b.app.inject({
      method: 'POST',
      url: '/api/v1/federation/peers',
      headers: adminB,
      payload: { name: 'node-a-again', url: peerUrl, apiKey: peerKey, organisation: { name: '  mekong   POLICE ', type: 'international_org', country: 'TH' } },
    });
    expect(clash.statusCode, clash.body).toBe(409);
    expect(clash.json().errors[0]).toMatchObject({ path: 'body.organisation.name', message: expect.stringContaining('Mekong Police') });
    expect(await b.deps.db.selectFrom('federation_peers').select('id').execute()).toEqual(peersBefore);
  });
});
