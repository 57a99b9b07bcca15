import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { validateStixObject } from '../../src/modules/stix/index.js';
import { reportStixId } from '../../src/modules/reports/report.stix.js';
import { collectionId } from '../../src/modules/taxii/index.js';
import { reportBody } from '../stix/stix-fixtures.js';
import { startTwoNodes } from './two-node-setup.js';

const TAXII = 'application/taxii+json;version=2.1';
const NARROWED_PHONE = '+66812345701';
const SHARED_PHONE = '+66812345702';
const RETRACTED_PHONE = '+66812345703';
const SECRET_PHONE = '+66812345704';
const SECRET_NARRATIVE = 'Only for the owner now: the mule account is at Lotus Bank branch 12';

type Sync = { status: string; collections: { summary: Record<string, number> }[] };
type Obj = Record<string, unknown> & { id: string; type: string };

/**
 * A report narrowed on its source so that the peer is no longer in its audience (GREEN → AMBER+STRICT):
 * the peer is served a withdrawal without content at the narrowing's place in the feed, and takes away
 * what it holds for the report, as for a retraction; widened again, the report comes back as a new local
 * report. A report narrowed to an audience the peer is still in arrives as the full correction, as before.
 */
describe.each(testEngines())('federation: a marking narrowed on the source (%s)', (engine) => {
  let a: TestApp;
  let b: TestApp;
  let nodes: Awaited<ReturnType<typeof startTwoNodes>>;
  let analystA: Record<string, string>;
  let analystB: Record<string, string>;
  let liaisonB: Record<string, string>;
  let peerId = '';
  let peerOrgOnB = '';
  const onA: Record<'narrowed' | 'shared' | 'retracted', string> = { narrowed: '', shared: '', retracted: '' };

  beforeAll(async () => {
    nodes = await startTwoNodes(engine);
    ({ a, b, analystA } = nodes);
    const file = async (key: keyof typeof onA, i: number, phone: string) => {
      const created = await a.app.inject({ method: 'POST', url: '/api/v1/reports', headers: analystA, payload: { ...reportBody(i, { tlp: 'GREEN' }), idempotencyKey: `fed-narrow-${i}`, indicators: [{ type: 'phone', value: phone, role: 'contact' }] } });
      expect(created.statusCode, created.body).toBe(201);
      onA[key] = (created.json() as { id: string }).id;
    };
    await file('narrowed', 1, NARROWED_PHONE);
    await file('shared', 2, SHARED_PHONE);
    await file('retracted', 3, RETRACTED_PHONE);
    const peer = await nodes.addPeerA();
    peerId = peer.id;
    peerOrgOnB = peer.organisationId;
    analystB = await b.signIn((await b.buildUser(nodes.orgB, 'analyst')).email);
    liaisonB = await b.signIn((await b.buildUser(peerOrgOnB, 'analyst')).email);
  }, 120_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const sync = async (): Promise<Sync> => {
    const response = await b.app.inject({ method: 'POST', url: `/api/v1/federation/peers/${peerId}/sync`, headers: nodes.adminB });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Sync;
  };
  const total = (result: Sync, status: string) => result.collections.reduce((n, c) => n + (c.summary[status] ?? 0), 0);
  const found = async (value: string, headers = analystB) => ((await b.app.inject({ method: 'GET', url: `/api/v1/lookup?value=${encodeURIComponent(value)}`, headers })).json() as { found: boolean }).found;
  const correct = (id: string, i: number, marking: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    a.app.inject({ method: 'PUT', url: `/api/v1/reports/${id}`, headers: analystA, payload: { ...reportBody(i, marking as never), idempotencyKey: undefined, ...extra } });
  /** What B is served of A's GREEN collection: exactly what its sync pulls there. */
  const servedToB = async (): Promise<Obj[]> => {
    const response = await a.app.inject({ method: 'GET', url: `/taxii2/gpos/collections/${collectionId('tlp:GREEN')}/objects/`, headers: { authorization: `Bearer ${nodes.keyOfA}`, accept: TAXII } });
    expect(response.statusCode).toBe(200);
    return (response.json() as { objects?: Obj[] }).objects ?? [];
  };
  const reportsOnB = () =>
    b.deps.db.selectFrom('reports as r').innerJoin('markings as m', 'm.id', 'r.marking_id').select(['r.id', 'r.status', 'r.retraction_reason', 'm.tlp']).where('r.organisation_id', '=', peerOrgOnB).execute();
  const provenanceOf = (reportId: string) => b.deps.db.selectFrom('stix_objects').select(['local_id', 'revoked', 'modified']).where('stix_id', '=', reportStixId(reportId)).executeTakeFirstOrThrow();

  it('pulls the three GREEN reports', async () => {
    const result = await sync();
    expect(total(result, 'created'), JSON.stringify(result)).toBe(3);
    for (const phone of [NARROWED_PHONE, SHARED_PHONE, RETRACTED_PHONE]) expect(await found(phone)).toBe(true);
  });

  it('GREEN → AMBER+STRICT: B is served a withdrawal without content, and takes the report away at its next sync', async () => {
    const put = await correct(onA.narrowed, 1, { tlp: 'AMBER+STRICT' }, { narrative: SECRET_NARRATIVE, indicators: [{ type: 'phone', value: SECRET_PHONE, role: 'payment' }] });
    expect(put.statusCode, put.body).toBe(200);
    const objects = await servedToB();
    const withdrawal = objects.find((o) => o.id === reportStixId(onA.narrowed))!;
    expect(withdrawal).toBeDefined();
    // Only what STIX requires, filled with values that say nothing, and the extension saying why.
    expect(Object.keys(withdrawal).sort()).toEqual(['created', 'extensions', 'id', 'modified', 'name', 'object_refs', 'published', 'revoked', 'spec_version', 'type']);
    expect(withdrawal).toMatchObject({ type: 'report', revoked: true, name: 'Withdrawn from this audience' });
    expect(Object.values(withdrawal.extensions as Record<string, unknown>)).toEqual([{ extension_type: 'property-extension', withdrawn_from_audience: true }]);
    expect(validateStixObject(withdrawal)).toEqual([]);
    // Nothing of the narrowed version (nor of the earlier one) anywhere on the page.
    const page = JSON.stringify(objects);
    for (const secret of [SECRET_NARRATIVE, SECRET_PHONE, NARROWED_PHONE, 'CASE-1']) expect(page).not.toContain(secret);
    // Served once: the report B may no longer see has no other object there.
    expect(objects.filter((o) => JSON.stringify(o).includes(onA.narrowed))).toEqual([]);

    const result = await sync();
    expect(total(result, 'retracted'), JSON.stringify(result)).toBe(1);
    expect(total(result, 'rejected')).toBe(0);
    expect(await found(NARROWED_PHONE)).toBe(false);
    expect(await found(NARROWED_PHONE, liaisonB)).toBe(false);
    expect(await found(SECRET_PHONE, liaisonB)).toBe(false);
    const local = (await provenanceOf(onA.narrowed)).local_id;
    const row = (await reportsOnB()).find((r) => r.id === local)!;
    expect(row.status).toBe('retracted');
    expect(row.retraction_reason).toMatch(/^withdrawn from this node's audience by its source node-a/);
    expect((await provenanceOf(onA.narrowed)).revoked).toBe(2);
    // Nothing more: the next sync has nothing new.
    const again = await sync();
    expect(total(again, 'retracted') + total(again, 'created') + total(again, 'corrected')).toBe(0);
  });

  it('narrowed to an audience B is still in: B gets the full correction, as before', async () => {
    const put = await correct(onA.shared, 2, { tlp: 'AMBER+STRICT', recipientOrganisationIds: [nodes.nodeBOnA] }, { narrative: 'still shared with node B', indicators: [{ type: 'phone', value: SHARED_PHONE, role: 'contact' }] });
    expect(put.statusCode, put.body).toBe(200);
    expect((await servedToB()).map((o) => o.id)).not.toContain(reportStixId(onA.shared));
    const result = await sync();
    expect(total(result, 'corrected'), JSON.stringify(result)).toBe(1);
    expect(total(result, 'retracted')).toBe(0);
    const local = (await provenanceOf(onA.shared)).local_id;
    expect((await reportsOnB()).find((r) => r.id === local)).toMatchObject({ status: 'active', tlp: 'AMBER+STRICT' });
    expect(await found(SHARED_PHONE, liaisonB)).toBe(true);
  });

  it('narrowed, then retracted before B syncs: the withdrawal still reaches B', async () => {
    expect((await correct(onA.retracted, 3, { tlp: 'AMBER+STRICT' }, { indicators: [{ type: 'phone', value: RETRACTED_PHONE, role: 'contact' }] })).statusCode).toBe(200);
    const retract = await a.app.inject({ method: 'POST', url: `/api/v1/reports/${onA.retracted}/retract`, headers: analystA, payload: { reason: 'not for node B after all' } });
    expect(retract.statusCode, retract.body).toBe(200);
    const result = await sync();
    expect(total(result, 'retracted'), JSON.stringify(result)).toBe(1);
    expect(await found(RETRACTED_PHONE)).toBe(false);
    // The retraction's reason stays on A: B was served the withdrawal only.
    const local = (await provenanceOf(onA.retracted)).local_id;
    expect((await reportsOnB()).find((r) => r.id === local)?.retraction_reason).not.toContain('not for node B');
  });

  it('an organisation that joined after the narrowings is served no withdrawal: it never held those reports', async () => {
    const newcomer = await a.buildOrganisation({ name: 'Joined after the narrowings' });
    const key = await a.apiKey(newcomer, ['read']);
    const response = await a.app.inject({ method: 'GET', url: `/taxii2/gpos/collections/${collectionId('tlp:GREEN')}/objects/`, headers: { ...key, accept: TAXII } });
    expect(response.statusCode).toBe(200);
    const served = ((response.json() as { objects?: Obj[] }).objects ?? []).map((o) => o.id);
    expect(served).not.toContain(reportStixId(onA.narrowed));
    expect(served).not.toContain(reportStixId(onA.retracted));
    // Node B, here before them, is still served both.
    const toB = (await servedToB()).map((o) => o.id);
    expect(toB).toEqual(expect.arrayContaining([reportStixId(onA.narrowed), reportStixId(onA.retracted)]));
  });

  it('widened again: B imports it again, as a new report, and the withdrawn one stays retracted', async () => {
    const withdrawnLocal = (await provenanceOf(onA.narrowed)).local_id;
    const put = await correct(onA.narrowed, 1, { tlp: 'GREEN' }, { narrative: 'public again', indicators: [{ type: 'phone', value: NARROWED_PHONE, role: 'contact' }] });
    expect(put.statusCode, put.body).toBe(200);
    const result = await sync();
    expect(total(result, 'created'), JSON.stringify(result)).toBe(1);
    expect(await found(NARROWED_PHONE)).toBe(true);
    const provenance = await provenanceOf(onA.narrowed);
    expect(provenance.revoked).toBe(0);
    expect(provenance.local_id).not.toBe(withdrawnLocal);
    const rows = await reportsOnB();
    expect(rows.find((r) => r.id === withdrawnLocal)?.status).toBe('retracted');
    expect(rows.find((r) => r.id === provenance.local_id)).toMatchObject({ status: 'active', tlp: 'GREEN' });
    // A retraction on A now reaches the new report, as any retraction does.
    const retract = await a.app.inject({ method: 'POST', url: `/api/v1/reports/${onA.narrowed}/retract`, headers: analystA, payload: { reason: 'done' } });
    expect(retract.statusCode).toBe(200);
    expect(total(await sync(), 'retracted')).toBe(1);
    expect(await found(NARROWED_PHONE)).toBe(false);
  });

  it('pulling everything again from the start writes nothing', async () => {
    await b.deps.db.deleteFrom('federation_cursors').execute();
    const result = await sync();
    for (const status of ['created', 'corrected', 'retracted', 'rejected']) expect(total(result, status), `${status}: ${JSON.stringify(result)}`).toBe(0);
  });
});
