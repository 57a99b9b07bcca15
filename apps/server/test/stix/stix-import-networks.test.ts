import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntelligence, type Intelligence } from '../../src/intelligence.js';
import { createNetworkLinker, type NetworkLinker } from '../../src/modules/networks/index.js';
import { readStixBundleFile, runStixImportFile } from '../../src/modules/stix/stix-cli.js';
import { collectionId } from '../../src/modules/taxii/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { expectLinkedAsRebuilt } from '../networks/stored-state.js';

type ImportResult = { applied: boolean; summary: Record<string, number>; results: { id: string; status: string; localId: string | null }[] };

const uuid = (n: number) => `5b2f6c9d-0000-4000-8000-${String(n).padStart(12, '0')}`;
const T = '2026-03-01T08:00:00.000Z';
const GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
const shared = { type: 'email-addr', spec_version: '2.1', id: `email-addr--${uuid(1)}`, value: 'payouts@gang-one-payouts.com' };
const other = { type: 'email-addr', spec_version: '2.1', id: `email-addr--${uuid(2)}`, value: 'alone@elsewhere-mail.net' };
/** Shared by the reports posted over TAXII (4–6) and by those imported with `gpos import` (7–9): two more networks. */
const sharedTaxii = { type: 'email-addr', spec_version: '2.1', id: `email-addr--${uuid(3)}`, value: 'payouts@gang-two-payouts.com' };
const sharedCli = { type: 'email-addr', spec_version: '2.1', id: `email-addr--${uuid(4)}`, value: 'payouts@gang-three-payouts.com' };
const TAXII = 'application/taxii+json;version=2.1';

/** A STIX report over the given observables, as a peer or another tool would send it. */
const stixReport = (n: number, refs: string[], over: { modified?: string; revoked?: boolean } = {}) => ({
  type: 'report',
  spec_version: '2.1',
  id: `report--${uuid(100 + n)}`,
  created: T,
  modified: over.modified ?? T,
  name: `Investment scam ${n}`,
  published: T,
  labels: ['investment'],
  object_refs: refs,
  object_marking_refs: [GREEN],
  ...(over.revoked ? { revoked: true } : {}),
});
const bundle = (n: number, objects: unknown[]) => ({ type: 'bundle', id: `bundle--${uuid(200 + n)}`, objects });

/**
 * A STIX import changes networks the way the report service does: a created or corrected report goes
 * through ingest (which queues it for the linker), and a revoked one (a retraction) is queued in its own
 * transaction, so it leaves its network without a rebuild. After every step the incremental state must
 * equal a full rebuild.
 */
describe.each(testEngines())('STIX import and networks (%s)', (engine) => {
  let target: TestApp;
  let importer: Record<string, string>;
  let org = '';
  // Drains the queue under the same lock as the app's own linker (any process may drain).
  let linker: NetworkLinker;

  beforeAll(async () => {
    target = await createTestApp(engine);
    linker = createNetworkLinker(target.deps);
    org = await target.buildOrganisation({ name: 'Importing FIU', type: 'fiu', country: 'PH' });
    importer = await target.signIn((await target.buildUser(org, 'analyst')).email);
  }, 120_000);
  afterAll(async () => {
    await linker.stop();
    await target.close();
  });

  const importBundle = async (body: unknown) => {
    const response = await target.app.inject({ method: 'POST', url: '/api/v1/stix/bundles', headers: { ...importer, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as ImportResult;
  };
  /** The local report of each STIX report id (reports `n` of the helper above), as the importer mapped them. */
  const localIdsOf = async (ns: number[]) => {
    const rows = await target.deps.db.selectFrom('stix_objects').select(['stix_id', 'local_id']).where('organisation_id', '=', org).where('stix_id', 'in', ns.map((n) => `report--${uuid(100 + n)}`)).execute();
    return ns.map((n) => rows.find((r) => r.stix_id === `report--${uuid(100 + n)}`)?.local_id ?? '');
  };
  const networkOf = async (reportId: string) => (await target.deps.db.selectFrom('report_networks').select('network_id').where('report_id', '=', reportId).executeTakeFirst())?.network_id;
  const expectConsistent = () => expectLinkedAsRebuilt(target.deps.db, engine, linker);
  /** Reports linked into one network (returned), as the state a rebuild would find. */
  const expectOneNetwork = async (reportIds: string[]) => {
    await expectConsistent();
    const network = await networkOf(reportIds[0]!);
    expect(network).toBeDefined();
    expect(await Promise.all(reportIds.map(networkOf))).toEqual(reportIds.map(() => network));
    return network!;
  };
  /** The retracted report (the first) is stored as retracted and out of the network; the others stay in it. */
  const expectLeftNetwork = async ([retracted, ...others]: string[], network: string) => {
    expect((await target.deps.db.selectFrom('reports').select('status').where('id', '=', retracted!).executeTakeFirstOrThrow()).status).toBe('retracted');
    await expectConsistent();
    expect(await networkOf(retracted!)).toBeUndefined();
    expect(await Promise.all(others.map(networkOf))).toEqual(others.map(() => network));
  };

  let ids: string[] = [];

  it('links imported reports that share an identifier', async () => {
    const result = await importBundle(bundle(1, [shared, other, stixReport(1, [shared.id]), stixReport(2, [shared.id]), stixReport(3, [shared.id, other.id])]));
    expect(result.summary).toMatchObject({ created: 3, rejected: 0 });
    ids = [1, 2, 3].map((n) => result.results.find((r) => r.id === `report--${uuid(100 + n)}`)!.localId!);
    await expectOneNetwork(ids);
  });

  it('takes a revoked (retracted) report out of its network without a rebuild', async () => {
    const network = await networkOf(ids[0]!);
    const result = await importBundle(bundle(2, [shared, stixReport(1, [shared.id], { modified: '2026-03-02T08:00:00.000Z', revoked: true })]));
    expect(result.results.find((r) => r.id === `report--${uuid(101)}`)).toMatchObject({ status: 'retracted', localId: ids[0] });
    await expectLeftNetwork(ids, network!);
  });

  it('takes a corrected report out of its network when the correction drops the shared identifier', async () => {
    const result = await importBundle(bundle(3, [other, stixReport(3, [other.id], { modified: '2026-03-02T08:00:00.000Z' })]));
    expect(result.results.find((r) => r.id === `report--${uuid(103)}`)).toMatchObject({ status: 'corrected', localId: ids[2] });
    await expectConsistent();
    // Reports 2 and 3 no longer share an identifier: each is a network of its own; the retracted one is in none.
    const [first, second, third] = await Promise.all(ids.map(networkOf));
    expect(first).toBeUndefined();
    expect(second).toBeDefined();
    expect(third).toBeDefined();
    expect(third).not.toBe(second);
  });

  it('takes a report revoked through TAXII add-objects out of its network without a rebuild', async () => {
    const key = await target.apiKey(org, ['write']);
    const post = async (objects: unknown[]) => {
      const response = await target.app.inject({ method: 'POST', url: `/taxii2/gpos/collections/${collectionId(`organisation:${org}`)}/objects/`, headers: { ...key, accept: TAXII, 'content-type': TAXII }, payload: { objects } });
      expect(response.statusCode, response.body).toBe(202);
      return response.json() as { status: string; failure_count: number; successes: { id: string; message: string }[] };
    };
    const created = await post([sharedTaxii, stixReport(4, [sharedTaxii.id]), stixReport(5, [sharedTaxii.id]), stixReport(6, [sharedTaxii.id])]);
    expect(created, JSON.stringify(created)).toMatchObject({ status: 'complete', failure_count: 0 });
    const taxiiIds = await localIdsOf([4, 5, 6]);
    expect(taxiiIds.every((id) => id !== '')).toBe(true);
    const network = await expectOneNetwork(taxiiIds);

    const revoked = await post([sharedTaxii, stixReport(4, [sharedTaxii.id], { modified: '2026-03-02T08:00:00.000Z', revoked: true })]);
    // The message goes on to say where the report is served (posted-messages.ts); its status leads.
    expect(revoked.successes.find((d) => d.id === `report--${uuid(104)}`)?.message).toMatch(/^retracted: stored as GPOS report /);
    await expectLeftNetwork(taxiiIds, network);
  });

  it('takes a report revoked in a bundle imported with `gpos import` (runStixImportFile) out of its network', async () => {
    // As intelligence-commands.ts wires it: the importer is the intelligence factory's `stixImport`.
    const intelligence: Intelligence = await createIntelligence(target.deps);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-stix-networks-'));
    try {
      const importFile = async (n: number, objects: unknown[]) => {
        const file = path.join(dir, `bundle-${n}.json`);
        fs.writeFileSync(file, JSON.stringify(bundle(n, objects)));
        let printed = '';
        const out = new Writable({
          write(chunk, _encoding, done) {
            printed += String(chunk);
            done();
          },
        });
        const result = await runStixImportFile(target.deps, intelligence.stixImport, { id: org, country: 'PH' }, file, readStixBundleFile(file), { json: true }, out);
        expect(JSON.parse(printed)).toEqual(JSON.parse(JSON.stringify(result)));
        await intelligence.networkLinker.settle();
        return result;
      };
      const created = await importFile(10, [sharedCli, stixReport(7, [sharedCli.id]), stixReport(8, [sharedCli.id]), stixReport(9, [sharedCli.id])]);
      expect(created.summary).toMatchObject({ created: 3, rejected: 0 });
      const cliIds = await localIdsOf([7, 8, 9]);
      const network = await expectOneNetwork(cliIds);

      const revoked = await importFile(11, [sharedCli, stixReport(7, [sharedCli.id], { modified: '2026-03-02T08:00:00.000Z', revoked: true })]);
      expect(revoked.summary).toMatchObject({ retracted: 1, rejected: 0 });
      expect(revoked.results.find((r) => r.id === `report--${uuid(107)}`)).toMatchObject({ status: 'retracted', localId: cliIds[0] });
      await expectLeftNetwork(cliIds, network);
    } finally {
      await intelligence.networkLinker.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
