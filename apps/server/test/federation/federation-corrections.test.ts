import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { collectionId } from '../../src/modules/taxii/index.js';
import { TLP2_MARKING_IDS } from '../../src/platform/sharing/marking.stix.js';
import { reportBody } from '../stix/stix-fixtures.js';
import { startTwoNodes } from './two-node-setup.js';

const TAXII = 'application/taxii+json;version=2.1';
const PHONE = '+66812345681';
const CORRECTED_PHONE = '+66812345682';
const LOCAL_PHONE = '+66812345683';
const AMBER_PHONE = '+66812345684';
const FILE_PHONE = '+66812345685';

/**
 * A report imported from a peer through its life: corrected on its source (a newer `modified` at B's next
 * sync), corrected here by the organisation that stands for the peer, then retracted on its source. Through
 * all of it the report keeps where it came from (`reports.source_node`), the peer's retraction still finds
 * it, B never serves it back to A, and pulling everything again from the start writes nothing. A correction
 * made on B keeps or narrows the marking the report has, never widens it; the peer's next version sets it.
 */
describe.each(testEngines())('federation: an imported report through corrections (%s)', (engine) => {
  let a: TestApp;
  let b: TestApp;
  let analystA: Record<string, string>;
  let adminB: Record<string, string>;
  let liaisonB: Record<string, string>;
  let analystB: Record<string, string>;
  let peerId = '';
  let peerOrgOnB = '';
  let reportOnA = '';
  let amberOnA = '';
  let nodes: Awaited<ReturnType<typeof startTwoNodes>>;

  beforeAll(async () => {
    nodes = await startTwoNodes(engine);
    ({ a, b, analystA, adminB } = nodes);
    const created = await a.app.inject({ method: 'POST', url: '/api/v1/reports', headers: analystA, payload: { ...reportBody(1, { tlp: 'GREEN' }), idempotencyKey: 'fed-corr-1', indicators: [{ type: 'phone', value: PHONE, role: 'contact' }] } });
    expect(created.statusCode, created.body).toBe(201);
    reportOnA = (created.json() as { id: string }).id;
    // AMBER for every member of A: B's organisation on A may see it, and it arrives as AMBER+STRICT.
    const amber = await a.app.inject({ method: 'POST', url: '/api/v1/reports', headers: analystA, payload: { ...reportBody(2, { tlp: 'AMBER' }), idempotencyKey: 'fed-corr-2', indicators: [{ type: 'phone', value: AMBER_PHONE, role: 'contact' }] } });
    expect(amber.statusCode, amber.body).toBe(201);
    amberOnA = (amber.json() as { id: string }).id;
    const peer = await nodes.addPeerA();
    peerId = peer.id;
    peerOrgOnB = peer.organisationId;
    // A liaison officer: a member of the organisation that stands for node A on B.
    liaisonB = await b.signIn((await b.buildUser(peerOrgOnB, 'analyst')).email);
    analystB = await b.signIn((await b.buildUser(nodes.orgB, 'analyst')).email);
  }, 120_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const sync = async () => {
    const response = await b.app.inject({ method: 'POST', url: `/api/v1/federation/peers/${peerId}/sync`, headers: adminB });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { status: string; objectsReceived: number; collections: { summary: Record<string, number> }[] };
  };
  const total = (result: Awaited<ReturnType<typeof sync>>, status: string) => result.collections.reduce((n, c) => n + (c.summary[status] ?? 0), 0);
  const imported = () =>
    b.deps.db
      .selectFrom('reports as r')
      .innerJoin('markings as m', 'm.id', 'r.marking_id')
      .select(['r.id', 'r.status', 'r.source_node', 'r.version', 'r.organisation_id', 'r.created_by_user_id', 'r.narrative', 'm.tlp'])
      .where('r.organisation_id', '=', peerOrgOnB)
      .orderBy('r.id')
      .execute();
  const indicatorsOf = async (reportId: string) =>
    (await b.deps.db.selectFrom('sightings as s').innerJoin('indicators as i', 'i.id', 's.indicator_id').select('i.value').where('s.report_id', '=', reportId).execute()).map((r) => r.value).sort();
  const importedGreen = async () => {
    const rows = await imported();
    const id = (await b.deps.db.selectFrom('sightings as s').innerJoin('indicators as i', 'i.id', 's.indicator_id').select('s.report_id').where('i.value', 'in', [PHONE, CORRECTED_PHONE, LOCAL_PHONE]).executeTakeFirst())?.report_id;
    return rows.find((r) => r.id === id) ?? rows.find((r) => r.tlp === 'GREEN')!;
  };

  it('imports both reports from A with their source node, the AMBER one as AMBER+STRICT', async () => {
    const result = await sync();
    expect(result.status).toBe('ok');
    expect(total(result, 'created')).toBe(2);
    const rows = await imported();
    expect(rows.map((r) => [r.tlp, r.source_node, r.version]).sort()).toEqual([
      ['AMBER+STRICT', 'node-a', 1],
      ['GREEN', 'node-a', 1],
    ]);
    // Who owns an imported report: the peer's organisation, with no person or key of B as its author.
    expect(rows.every((r) => r.created_by_user_id === null)).toBe(true);
  });

  it("a correction on A arrives as a correction of B's report, which keeps its source node", async () => {
    const before = await importedGreen();
    const put = await a.app.inject({ method: 'PUT', url: `/api/v1/reports/${reportOnA}`, headers: analystA, payload: { ...reportBody(1, { tlp: 'GREEN' }), idempotencyKey: undefined, narrative: 'corrected on A', indicators: [{ type: 'phone', value: CORRECTED_PHONE, role: 'contact' }] } });
    expect(put.statusCode, put.body).toBe(200);
    const result = await sync();
    expect(total(result, 'corrected'), JSON.stringify(result)).toBe(1);
    const after = await importedGreen();
    expect(after).toMatchObject({ id: before.id, version: 2, source_node: 'node-a', narrative: 'corrected on A', status: 'active' });
    expect(await indicatorsOf(after.id)).toEqual([CORRECTED_PHONE]);
  });

  it('a correction on B by the organisation standing for the peer keeps the source node', async () => {
    const before = await importedGreen();
    const put = await b.app.inject({ method: 'PUT', url: `/api/v1/reports/${before.id}`, headers: liaisonB, payload: { ...reportBody(1, { tlp: 'GREEN' }), idempotencyKey: undefined, narrative: 'amended on B', indicators: [{ type: 'phone', value: LOCAL_PHONE, role: 'contact' }] } });
    expect(put.statusCode, put.body).toBe(200);
    const after = await importedGreen();
    expect(after).toMatchObject({ id: before.id, version: 3, source_node: 'node-a', narrative: 'amended on B', created_by_user_id: null });
    const provenance = await b.deps.db.selectFrom('stix_objects').select(['local_id', 'source_node']).where('local_id', '=', before.id).executeTakeFirstOrThrow();
    expect(provenance.source_node).toBe('node-a');
  });

  it("still never serves the peer's report back to the peer after the local correction", async () => {
    const keyOfBForA = await b.apiKey(peerOrgOnB, ['read']);
    const served = (await b.app.inject({ method: 'GET', url: `/taxii2/gpos/collections/${collectionId('tlp:GREEN')}/objects/?match[type]=report`, headers: { ...keyOfBForA, accept: TAXII } })).json() as { objects?: unknown[] };
    expect(served.objects ?? []).toHaveLength(0);
  });

  it("never serves back to A a report another organisation of B imported from A's file and corrected", async () => {
    // A's report as a STIX file, imported by hand on B by B's own organisation, naming where it came from.
    // The GREEN one: a correction here may not widen an imported report's marking, so only one that came
    // GREEN can be corrected to GREEN (and is then served to B's members and clients).
    const file = await a.app.inject({ method: 'GET', url: `/api/v1/reports/${reportOnA}/stix`, headers: analystA });
    expect(file.statusCode, file.body.slice(0, 300)).toBe(200);
    const imported = await b.app.inject({ method: 'POST', url: '/api/v1/stix/bundles?sourceNode=node-a', headers: { ...analystB, 'content-type': 'application/json' }, payload: file.body });
    expect(imported.statusCode, imported.body.slice(0, 300)).toBe(200);
    const localId = (imported.json() as { results: { id: string; status: string; localId: string | null }[] }).results.find((r) => r.id.startsWith('report--') && r.status === 'created')!.localId!;
    const put = await b.app.inject({ method: 'PUT', url: `/api/v1/reports/${localId}`, headers: analystB, payload: { ...reportBody(2, { tlp: 'GREEN' }), idempotencyKey: undefined, indicators: [{ type: 'phone', value: FILE_PHONE, role: 'contact' }] } });
    expect(put.statusCode, put.body).toBe(200);
    const keyOfBForA = await b.apiKey(peerOrgOnB, ['read']);
    const served = (await b.app.inject({ method: 'GET', url: `/taxii2/gpos/collections/${collectionId('tlp:GREEN')}/objects/?match[type]=report`, headers: { ...keyOfBForA, accept: TAXII } })).json() as { objects?: { extensions: Record<string, { gpos_report_id?: string }> }[] };
    expect((served.objects ?? []).map((o) => Object.values(o.extensions)[0]?.gpos_report_id)).not.toContain(localId);
    expect(await b.deps.db.selectFrom('reports').select('source_node').where('id', '=', localId).executeTakeFirstOrThrow()).toEqual({ source_node: 'node-a' });
    // Another member of B is served it.
    const member = await b.apiKey(nodes.orgB, ['read']);
    const all = (await b.app.inject({ method: 'GET', url: `/taxii2/gpos/collections/${collectionId('tlp:GREEN')}/objects/?match[type]=report`, headers: { ...member, accept: TAXII } })).json() as { objects?: { extensions: Record<string, { gpos_report_id?: string }> }[] };
    expect((all.objects ?? []).map((o) => Object.values(o.extensions)[0]?.gpos_report_id)).toContain(localId);
  });

  it('pulling everything again from the start writes nothing', async () => {
    const rows = await imported();
    const changes = await b.deps.db.selectFrom('report_changes').selectAll().orderBy('seq').execute();
    const provenance = await b.deps.db.selectFrom('stix_objects').selectAll().orderBy('stix_id').execute();
    const imports = () => b.deps.db.selectFrom('audit_events').select('id').where('action', 'like', 'stix.%').execute();
    const audit = await imports();
    await b.deps.db.deleteFrom('federation_cursors').execute();
    const result = await sync();
    expect(result.objectsReceived).toBeGreaterThan(0);
    expect(total(result, 'created') + total(result, 'corrected') + total(result, 'retracted') + total(result, 'rejected')).toBe(0);
    expect(await imported()).toEqual(rows);
    expect(await b.deps.db.selectFrom('report_changes').selectAll().orderBy('seq').execute()).toEqual(changes);
    expect(await b.deps.db.selectFrom('stix_objects').selectAll().orderBy('stix_id').execute()).toEqual(provenance);
    expect(await imports()).toEqual(audit);
  });

  it("A's retraction finds the report B corrected, and keeps its source node", async () => {
    const before = await importedGreen();
    const retract = await a.app.inject({ method: 'POST', url: `/api/v1/reports/${reportOnA}/retract`, headers: analystA, payload: { reason: 'wrong number' } });
    expect(retract.statusCode, retract.body).toBe(200);
    const result = await sync();
    expect(total(result, 'retracted'), JSON.stringify(result)).toBe(1);
    expect(await importedGreen()).toMatchObject({ id: before.id, status: 'retracted', version: 4, source_node: 'node-a' });
    expect(await indicatorsOf(before.id)).toEqual([]);
  });

  it('a correction on A of the AMBER report keeps it AMBER+STRICT on B', async () => {
    const put = await a.app.inject({ method: 'PUT', url: `/api/v1/reports/${amberOnA}`, headers: analystA, payload: { ...reportBody(2, { tlp: 'AMBER' }), idempotencyKey: undefined, narrative: 'amber corrected', indicators: [{ type: 'phone', value: AMBER_PHONE, role: 'contact' }] } });
    expect(put.statusCode, put.body).toBe(200);
    const result = await sync();
    expect(total(result, 'corrected'), JSON.stringify(result)).toBe(1);
    const amber = (await imported()).find((r) => r.narrative === 'amber corrected')!;
    expect(amber).toMatchObject({ tlp: 'AMBER+STRICT', source_node: 'node-a', version: 2 });
  });

  describe('a correction on B may keep or narrow the marking the report arrived with, never widen it', () => {
    type Refusal = { errors: { path: string; code: string; params: Record<string, string>; message: string }[] };
    // The GREEN report is retracted by now: the AMBER one is the peer's only active report on B.
    const amberOnB = async () => (await imported()).find((r) => r.status === 'active')!;
    const correctOnB = async (marking: Parameters<typeof reportBody>[1]) => {
      const { id } = await amberOnB();
      return b.app.inject({ method: 'PUT', url: `/api/v1/reports/${id}`, headers: liaisonB, payload: { ...reportBody(2, marking), idempotencyKey: undefined, narrative: 'amended on B', indicators: [{ type: 'phone', value: AMBER_PHONE, role: 'contact' }] } });
    };

    it('refuses a freer TLP level (GREEN, CLEAR, AMBER) at marking.tlp, naming both markings, and changes nothing', async () => {
      for (const tlp of ['GREEN', 'CLEAR', 'AMBER'] as const) {
        const put = await correctOnB({ tlp });
        expect(put.statusCode, put.body).toBe(400);
        expect((put.json() as Refusal).errors).toEqual([
          expect.objectContaining({ path: 'body.marking.tlp', code: 'report.marking_wider_than_source', params: { marking: tlp, current: 'AMBER+STRICT', sourceNode: 'node-a' } }),
        ]);
      }
      expect(await amberOnB()).toMatchObject({ tlp: 'AMBER+STRICT', version: 2, narrative: 'amber corrected' });
    });

    it('refuses an added recipient organisation at marking.recipientOrganisationIds', async () => {
      const put = await correctOnB({ tlp: 'AMBER+STRICT', recipientOrganisationIds: [nodes.orgB] });
      expect(put.statusCode, put.body).toBe(400);
      const [error] = (put.json() as Refusal).errors;
      expect(error).toMatchObject({ path: 'body.marking.recipientOrganisationIds', code: 'report.marking_reaches_beyond_source', params: { marking: 'AMBER+STRICT', current: 'AMBER+STRICT', sourceNode: 'node-a' } });
      expect(error!.message).toContain('node-a');
      expect(await amberOnB()).toMatchObject({ tlp: 'AMBER+STRICT', version: 2 });
    });

    it('takes the same marking, then a narrower one; the narrowed marking is then the bound', async () => {
      const same = await correctOnB({ tlp: 'AMBER+STRICT' });
      expect(same.statusCode, same.body).toBe(200);
      expect(await amberOnB()).toMatchObject({ tlp: 'AMBER+STRICT', version: 3, narrative: 'amended on B', source_node: 'node-a' });
      const narrower = await correctOnB({ tlp: 'RED', redRecipientScope: 'organisations', recipientOrganisationIds: [peerOrgOnB] });
      expect(narrower.statusCode, narrower.body).toBe(200);
      expect(await amberOnB()).toMatchObject({ tlp: 'RED', version: 4, source_node: 'node-a' });
      // B keeps no earlier version: the marking it arrived with is not looked up again.
      const back = await correctOnB({ tlp: 'AMBER+STRICT' });
      expect(back.statusCode, back.body).toBe(400);
      expect((back.json() as Refusal).errors[0]).toMatchObject({ path: 'body.marking.tlp', params: { marking: 'AMBER+STRICT', current: 'RED' } });
    });

    it('a bulk line under the imported report\'s key corrects nothing, so cannot widen it', async () => {
      const { id } = await amberOnB();
      const key = (await b.deps.db.selectFrom('reports').select('idempotency_key').where('id', '=', id).executeTakeFirstOrThrow()).idempotency_key!;
      const line = { ...reportBody(2, { tlp: 'GREEN' }), idempotencyKey: key, indicators: [{ type: 'phone', value: AMBER_PHONE, role: 'contact' }] };
      const upload = await b.app.inject({ method: 'POST', url: '/api/v1/reports/bulk', headers: { ...liaisonB, 'content-type': 'application/x-ndjson' }, payload: `${JSON.stringify(line)}\n` });
      expect(upload.statusCode, upload.body).toBe(200);
      expect(upload.body).toContain('report.idempotency_key_reused');
      expect(await amberOnB()).toMatchObject({ tlp: 'RED', version: 4 });
    });

    it("a file naming the peer as its source, imported by the peer's liaison, is a correction here: it may not widen", async () => {
      // A's AMBER report as a newer version marked GREEN: naming node-a does not make the liaison its source.
      const file = await a.app.inject({ method: 'GET', url: `/api/v1/reports/${amberOnA}/stix`, headers: analystA });
      expect(file.statusCode, file.body.slice(0, 300)).toBe(200);
      const bundle = JSON.parse(file.body.replaceAll(TLP2_MARKING_IDS.AMBER, TLP2_MARKING_IDS.GREEN)) as { objects: { type: string; modified?: string }[] };
      for (const object of bundle.objects) if (object.type === 'report') object.modified = '2099-01-01T00:00:00.000Z';
      const response = await b.app.inject({ method: 'POST', url: '/api/v1/stix/bundles?partial=true&sourceNode=node-a', headers: { ...liaisonB, 'content-type': 'application/json' }, payload: bundle });
      expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
      const report = (response.json() as { results: { id: string; status: string; errors: { path: string; code: string }[] }[] }).results.find((r) => r.id.startsWith('report--'))!;
      expect(report).toMatchObject({ status: 'rejected', errors: [expect.objectContaining({ path: 'gpos.marking.tlp', code: 'report.marking_wider_than_source' })] });
      expect(await amberOnB()).toMatchObject({ tlp: 'RED', version: 4 });
    });

    it("the source's next version sets the marking again, as its owner's", async () => {
      const put = await a.app.inject({ method: 'PUT', url: `/api/v1/reports/${amberOnA}`, headers: analystA, payload: { ...reportBody(2, { tlp: 'AMBER' }), idempotencyKey: undefined, narrative: 'amber corrected', indicators: [{ type: 'phone', value: AMBER_PHONE, role: 'contact' }] } });
      expect(put.statusCode, put.body).toBe(200);
      const result = await sync();
      expect(total(result, 'corrected'), JSON.stringify(result)).toBe(1);
      expect(await amberOnB()).toMatchObject({ tlp: 'AMBER+STRICT', version: 5, source_node: 'node-a' });
    });

    describe("a TAXII push to the peer's collection speaks for the peer only with a key the secretariat gave the node scope", () => {
      let nodeKey = '';
      const pushed = async (headers: Record<string, string>, modified: string) => {
        const file = await a.app.inject({ method: 'GET', url: `/api/v1/reports/${amberOnA}/stix`, headers: analystA });
        const bundle = JSON.parse(file.body.replaceAll(TLP2_MARKING_IDS.AMBER, TLP2_MARKING_IDS.GREEN)) as { objects: { type: string; id: string; modified?: string }[] };
        for (const object of bundle.objects) if (object.type === 'report') object.modified = modified;
        const url = `/taxii2/gpos/collections/${collectionId(`organisation:${peerOrgOnB}`)}/objects/`;
        const response = await b.app.inject({ method: 'POST', url, headers: { ...headers, accept: TAXII, 'content-type': TAXII }, payload: { objects: bundle.objects } });
        expect(response.statusCode, response.body.slice(0, 300)).toBe(202);
        const status = response.json() as { successes?: { id: string }[]; failures?: { id: string; message: string }[] };
        return { status, reportId: bundle.objects.find((o) => o.type === 'report')!.id };
      };

      it('a liaison signed in is a recipient: the widening version is refused', async () => {
        const { status, reportId } = await pushed(liaisonB, '2099-02-01T00:00:00.000Z');
        expect(status.failures?.find((f) => f.id === reportId)?.message).toContain('wider than AMBER+STRICT');
        expect(await amberOnB()).toMatchObject({ tlp: 'AMBER+STRICT', version: 5 });
      });

      it("a write key the peer's organisation made itself is a recipient too: the widening version is refused", async () => {
        // The organisation's own admins (who may be the peer's liaison officers) make keys; theirs never speak for the node.
        const adminOfPeerOrg = await b.signIn((await b.buildUser(peerOrgOnB, 'admin')).email);
        const made = await b.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: adminOfPeerOrg, payload: { name: 'liaison push', scopes: ['write'] } });
        expect(made.statusCode, made.body).toBe(201);
        const { status, reportId } = await pushed({ authorization: `Bearer ${(made.json() as { secret: string }).secret}` }, '2099-02-01T12:00:00.000Z');
        expect(status.failures?.find((f) => f.id === reportId)?.message).toContain('wider than AMBER+STRICT');
        expect(await amberOnB()).toMatchObject({ tlp: 'AMBER+STRICT', version: 5 });
      });

      it("refuses the node scope to the peer's organisation's own admins, alone, and for an organisation standing for no peer", async () => {
        const adminOfPeerOrg = await b.signIn((await b.buildUser(peerOrgOnB, 'admin')).email);
        const refusedAt = async (headers: Record<string, string>, payload: object) => {
          const response = await b.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers, payload: { name: 'node key', ...payload } });
          expect(response.statusCode, response.body).toBe(400);
          const error = (response.json() as { errors: { path: string; code: string }[] }).errors[0]!;
          expect(error.path).toBe('body.scopes');
          return error.code;
        };
        expect(await refusedAt(adminOfPeerOrg, { scopes: ['write', 'node'] })).toBe('refusal.node_scope_secretariat_only');
        expect(await refusedAt(adminB, { scopes: ['node'], organisationId: peerOrgOnB })).toBe('refusal.node_scope_needs_write');
        expect(await refusedAt(adminB, { scopes: ['read', 'node'], organisationId: peerOrgOnB })).toBe('refusal.node_scope_needs_write');
        expect(await refusedAt(adminB, { scopes: ['write', 'node'], organisationId: nodes.orgB })).toBe('refusal.node_scope_not_a_peer');
        const keys = await b.deps.db.selectFrom('api_keys').select('scopes').where('scopes', 'like', '%node%').execute();
        expect(keys).toEqual([]);
      });

      it("the peer's node key, given by the secretariat, sets the marking, as the source's", async () => {
        const made = await b.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: adminB, payload: { name: 'node-a push', scopes: ['write', 'node'], organisationId: peerOrgOnB } });
        expect(made.statusCode, made.body).toBe(201);
        expect((made.json() as { apiKey: { scopes: string[] } }).apiKey.scopes).toEqual(['write', 'node']);
        nodeKey = (made.json() as { secret: string }).secret;
        const { status, reportId } = await pushed({ authorization: `Bearer ${nodeKey}` }, '2099-02-02T00:00:00.000Z');
        expect(status.successes?.map((d) => d.id)).toContain(reportId);
        expect(await amberOnB()).toMatchObject({ tlp: 'GREEN', version: 6, source_node: 'node-a' });
      });

      it("removing the peer revokes its node keys, audited with the reason, and leaves the organisation's other keys", async () => {
        const removed = await b.app.inject({ method: 'DELETE', url: `/api/v1/federation/peers/${peerId}`, headers: adminB });
        expect(removed.statusCode, removed.body).toBe(204);
        const keys = await b.deps.db.selectFrom('api_keys').select(['name', 'scopes', 'revoked_at']).where('organisation_id', '=', peerOrgOnB).execute();
        expect(keys.filter((k) => k.scopes.split(',').includes('node')).map((k) => [k.name, k.revoked_at !== null])).toEqual([['node-a push', true]]);
        expect(keys.find((k) => k.name === 'liaison push')?.revoked_at).toBeNull();
        // At once: the key no longer authenticates (the credential cache was cleared).
        const refused = await b.app.inject({ method: 'GET', url: '/api/v1/reports?limit=1', headers: { authorization: `Bearer ${nodeKey}` } });
        expect(refused.statusCode).toBe(401);
        const events = await b.deps.db.selectFrom('audit_events').select(['action', 'summary']).where('subject_organisation_id', '=', peerOrgOnB).where('action', 'in', ['apikey.revoke', 'federation.peer.delete']).execute();
        expect(events.map((e) => [e.action, JSON.parse(e.summary) as object])).toEqual(
          expect.arrayContaining([
            ['apikey.revoke', expect.objectContaining({ name: 'node-a push', reason: 'federation peer node-a removed' })],
            ['federation.peer.delete', expect.objectContaining({ name: 'node-a', revokedNodeKeys: 1 })],
          ]),
        );
      });
    });
  });
});
