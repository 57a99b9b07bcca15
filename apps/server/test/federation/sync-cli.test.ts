import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPeerSchema, type PeerSyncResult } from '@gpos/contracts';
import { runGpos } from '../helpers/run-cli.js';
import { EXIT } from '../../src/cli/cli-support.js';
import { loadConfig } from '../../src/config.js';
import { createIntelligence } from '../../src/intelligence.js';
import { createFederationService } from '../../src/modules/federation/index.js';
import { CredentialCache, OPERATOR } from '../../src/platform/auth/index.js';
import type { ServerDeps } from '../../src/platform/context.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { cliDatabase } from '../helpers/cli-database.js';
import { testEngines } from '../helpers/test-db.js';
import { reportBody } from '../stix/stix-fixtures.js';

const FEDERATION_KEY = 'test-federation-key-0123456789';
const PHONE = '+66812345681';

/**
 * `gpos sync` (the operator's pull) between two real nodes: node A serves TAXII on loopback, node B is a
 * database with a peer for A; the CLI pulls A's GREEN report into B with its marking and source, and a
 * second run receives nothing and changes nothing (the per-collection cursor is kept).
 */
describe.each(testEngines())('gpos sync (%s)', (engine) => {
  let a: TestApp;
  let b: Awaited<ReturnType<typeof cliDatabase>>;
  let peerOrgOnB = '';
  const saved = { ...process.env };

  const cli = runGpos;

  const reportsOnB = () =>
    b.handle.db.selectFrom('reports as r').innerJoin('markings as m', 'm.id', 'r.marking_id').select(['r.id', 'r.status', 'r.version', 'r.source_node', 'r.organisation_id', 'm.tlp']).orderBy('r.id').execute();
  const cursorsOnB = () => b.handle.db.selectFrom('federation_cursors').selectAll().orderBy('collection_id').execute();
  const created = (results: PeerSyncResult[]) => results.flatMap((r) => r.collections).reduce((n, c) => n + c.summary.created, 0);

  beforeAll(async () => {
    a = await createTestApp(engine, { FEDERATION_KEY });
    await a.app.listen({ port: 0, host: '127.0.0.1' });
    const address = a.app.server.address();
    const urlA = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/taxii2/`;
    const bankA = await a.buildOrganisation({ name: 'Lotus Bank', country: 'TH' });
    const analystA = await a.signIn((await a.buildUser(bankA, 'analyst')).email);
    const report = await a.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: analystA,
      payload: { ...reportBody(1, { tlp: 'GREEN' } as never), idempotencyKey: 'sync-cli-1', indicators: [{ type: 'phone', value: PHONE, role: 'contact' }] },
    });
    expect(report.statusCode, report.body).toBe(201);
    const nodeBOnA = await a.buildOrganisation({ name: 'GPOS node B', type: 'international_org', country: 'KH' });
    const keyOfA = (await a.apiKey(nodeBOnA, ['read'])).authorization!.replace('Bearer ', '');

    // Node B: its peer for A, added through the federation service as the peers API would.
    b = await cliDatabase(engine, 'gpos-sync-cli');
    const env = { ...b.env, FEDERATION_KEY, LOG_LEVEL: 'silent' };
    const deps: ServerDeps = { db: b.handle.db, engine, handle: b.handle, config: loadConfig(env), credentialCache: new CredentialCache() };
    const intelligence = await createIntelligence(deps);
    await intelligence.networkLinker.stop();
    const peer = await createFederationService(deps, intelligence.stixImport).create(
      { actor: OPERATOR, requestId: 'sync-cli-test' },
      createPeerSchema.parse({ name: 'node-a', url: urlA, apiKey: keyOfA, organisation: { name: 'GPOS node A', type: 'international_org', country: 'TH' } }),
    );
    peerOrgOnB = peer.organisationId;
    Object.assign(process.env, env);
  }, 60_000);

  afterAll(async () => {
    process.env = saved;
    await b?.drop();
    await a?.close();
  });

  it('pulls the report from node A: marking, source node and organisation of the peer kept', async () => {
    const { out, err, code } = await cli('sync', '--json');
    expect(code, err).toBe(0);
    const results = JSON.parse(out) as PeerSyncResult[];
    expect(results.map((r) => [r.peerName, r.status, r.error])).toEqual([['node-a', 'ok', null]]);
    expect(results[0]!.objectsReceived).toBeGreaterThan(0);
    expect(created(results)).toBe(1);
    const rows = await reportsOnB();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tlp: 'GREEN', source_node: 'node-a', status: 'active', version: 1, organisation_id: peerOrgOnB });
    const indicator = await b.handle.db.selectFrom('indicators').select('value').execute();
    expect(indicator.map((i) => i.value)).toEqual([PHONE]);
    expect((await cursorsOnB()).some((c) => c.added_after !== null)).toBe(true);
  });

  it('a second run is a no-op: nothing received, nothing changed, the cursor kept', async () => {
    const reportsBefore = await reportsOnB();
    const cursorsBefore = await cursorsOnB();
    const { out, err, code } = await cli('sync', '--peer', 'node-a', '--json');
    expect(code, err).toBe(0);
    const results = JSON.parse(out) as PeerSyncResult[];
    expect(results.map((r) => [r.peerName, r.status, r.objectsReceived])).toEqual([['node-a', 'ok', 0]]);
    expect(created(results)).toBe(0);
    expect(await reportsOnB()).toEqual(reportsBefore);
    expect((await cursorsOnB()).map((c) => [c.collection_id, c.added_after])).toEqual(cursorsBefore.map((c) => [c.collection_id, c.added_after]));
  });

  it('refuses a peer name it does not know (exit 4, EXIT.NOT_FOUND, the name in the message), syncing nothing', async () => {
    const { out, err, code } = await cli('sync', '--peer', 'no-such-peer');
    expect(code).toBe(EXIT.NOT_FOUND);
    expect(err).toContain('no-such-peer');
    expect(out).toBe('');
  });
});
