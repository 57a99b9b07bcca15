import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { reportStixId } from '../../src/modules/reports/report.stix.js';
import { collectionId } from '../../src/modules/taxii/index.js';
import { reportBody } from '../stix/stix-fixtures.js';

const TAXII = 'application/taxii+json;version=2.1';
const ROOT = '/taxii2/gpos';
type Obj = Record<string, unknown> & { id: string; type: string };

/**
 * The TAXII feed's withdrawals (taxii/withdrawals.ts), client by client: a report narrowed so that a
 * client may no longer see it is served to that client as a withdrawal without content, in the collection
 * it saw the report in, at the narrowing's place; a client that never was in the report's audience is
 * served nothing of it, and one that still may see it (elsewhere) the report as before.
 */
describe.each(testEngines())('TAXII withdrawals (%s)', (engine) => {
  let t: TestApp;
  let analyst: Record<string, string>;
  let recipient = '';
  let recipientKey: Record<string, string>;
  let outsiderKey: Record<string, string>;
  let addressed = '';
  let amber = '';

  beforeAll(async () => {
    t = await createTestApp(engine);
    const bank = await t.buildOrganisation({ name: 'Owner Bank', country: 'TH' });
    analyst = await t.signIn((await t.buildUser(bank, 'analyst')).email);
    recipient = await t.buildOrganisation({ name: 'Recipient Police', type: 'law_enforcement', country: 'TH' });
    const outsider = await t.buildOrganisation({ name: 'Outsider Bank', country: 'KH' });
    recipientKey = await t.apiKey(recipient, ['read']);
    outsiderKey = await t.apiKey(outsider, ['read']);
    const file = async (i: number, marking: Record<string, unknown>) => {
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: analyst, payload: { ...reportBody(i, marking as never), idempotencyKey: `withdrawal-${i}` } });
      expect(created.statusCode, created.body).toBe(201);
      return (created.json() as { id: string }).id;
    };
    addressed = await file(1, { tlp: 'AMBER+STRICT', recipientOrganisationIds: [recipient] });
    amber = await file(2, { tlp: 'GREEN' });
    // The recipient is taken off the first; the second goes from GREEN to AMBER for every member.
    for (const [id, i, marking] of [[addressed, 1, { tlp: 'AMBER+STRICT' }], [amber, 2, { tlp: 'AMBER' }]] as const) {
      const put = await t.app.inject({ method: 'PUT', url: `/api/v1/reports/${id}`, headers: analyst, payload: { ...reportBody(i, marking as never), idempotencyKey: undefined, narrative: 'narrowed' } });
      expect(put.statusCode, put.body).toBe(200);
    }
  }, 120_000);
  afterAll(() => t.close());

  const objects = async (collection: string, key: Record<string, string>, query = ''): Promise<Obj[]> => {
    const response = await t.app.inject({ method: 'GET', url: `${ROOT}/collections/${collectionId(collection)}/objects/${query}`, headers: { ...key, accept: TAXII } });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { objects?: Obj[] }).objects ?? [];
  };

  it('serves the organisation taken off the recipients a withdrawal in its restricted collection, by id too', async () => {
    const mine = `organisation:${recipient}`;
    const served = await objects(mine, recipientKey);
    const withdrawal = served.find((o) => o.id === reportStixId(addressed));
    expect(withdrawal).toMatchObject({ type: 'report', revoked: true, name: 'Withdrawn from this audience' });
    expect(JSON.stringify(served)).not.toContain('narrowed');
    expect(served.filter((o) => o.type !== 'extension-definition' && o.type !== 'identity').map((o) => o.id)).toEqual([reportStixId(addressed)]);
    const byId = await objects(mine, recipientKey, `${reportStixId(addressed)}/`);
    expect(byId).toEqual([withdrawal]);
    const manifest = await t.app.inject({ method: 'GET', url: `${ROOT}/collections/${collectionId(mine)}/manifest/`, headers: { ...recipientKey, accept: TAXII } });
    expect((manifest.json() as { objects: { id: string; version: string }[] }).objects.find((o) => o.id === reportStixId(addressed))?.version).toBe(withdrawal!.modified);
  });

  it('serves a client that never was in its audience nothing of it: no withdrawal anywhere, and 404 by id', async () => {
    for (const collection of ['tlp:CLEAR', 'tlp:GREEN', 'tlp:AMBER']) expect((await objects(collection, outsiderKey)).map((o) => o.id)).not.toContain(reportStixId(addressed));
    const response = await t.app.inject({ method: 'GET', url: `${ROOT}/collections/${collectionId('tlp:GREEN')}/objects/${reportStixId(addressed)}/`, headers: { ...outsiderKey, accept: TAXII } });
    expect(response.statusCode).toBe(404);
  });

  it('a report narrowed to an audience the client is still in is no withdrawal: served whole in its new collection', async () => {
    for (const key of [recipientKey, outsiderKey]) {
      expect((await objects('tlp:GREEN', key)).map((o) => o.id)).not.toContain(reportStixId(amber));
      const report = (await objects('tlp:AMBER', key)).find((o) => o.id === reportStixId(amber));
      expect(report).toMatchObject({ description: 'narrowed' });
      expect(report?.revoked).toBeUndefined();
    }
  });
});
