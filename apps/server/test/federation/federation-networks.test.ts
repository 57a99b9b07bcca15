import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetworkLinker, type NetworkLinker } from '../../src/modules/networks/index.js';
import type { TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';
import { expectLinkedAsRebuilt } from '../networks/stored-state.js';
import { reportBody } from '../stix/stix-fixtures.js';
import { startTwoNodes } from './two-node-setup.js';

const PHONE = '+66812345691';

/**
 * Networks on a pulling node (two real nodes on loopback, as two-nodes.test.ts): A's reports that share an
 * identifier form one network on B after a pull, and when A retracts one of them the next pull (a revoked
 * STIX version) takes it out of B's network without a rebuild — the federation service imports with the
 * intelligence factory's retraction hooks. After every pull B's incremental state equals a full rebuild.
 */
describe.each(testEngines())('federation pulls and networks (%s)', (engine) => {
  let a: TestApp;
  let b: TestApp;
  let analystA: Record<string, string>;
  let adminB: Record<string, string>;
  let peerId = '';
  let reportIdsOnA: string[] = [];
  // Drains B's queue under the same lock as B's own linker (any process may drain).
  let linkerB: NetworkLinker;

  beforeAll(async () => {
    const nodes = await startTwoNodes(engine);
    ({ a, b, analystA, adminB } = nodes);
    linkerB = createNetworkLinker(b.deps);
    for (const i of [1, 2, 3]) {
      const response = await a.app.inject({ method: 'POST', url: '/api/v1/reports', headers: analystA, payload: { ...reportBody(i, { tlp: 'GREEN' }), idempotencyKey: `federation-networks-${i}`, indicators: [{ type: 'phone', value: PHONE, role: 'contact' }] } });
      expect(response.statusCode, response.body).toBe(201);
      reportIdsOnA.push((response.json() as { id: string }).id);
    }

    peerId = (await nodes.addPeerA()).id;
  }, 120_000);

  afterAll(async () => {
    await linkerB?.stop();
    await b?.close();
    await a?.close();
  });

  const sync = async () => {
    const response = await b.app.inject({ method: 'POST', url: `/api/v1/federation/peers/${peerId}/sync`, headers: adminB });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { status: string; collections: { summary: Record<string, number> }[] };
  };
  const total = (result: Awaited<ReturnType<typeof sync>>, key: string) => result.collections.reduce((n, c) => n + c.summary[key]!, 0);
  const pulledOnB = () => b.deps.db.selectFrom('reports').select(['id', 'status']).where('source_node', '=', 'node-a').orderBy('id').execute();
  const networkOnB = async (reportId: string) => (await b.deps.db.selectFrom('report_networks').select('network_id').where('report_id', '=', reportId).executeTakeFirst())?.network_id;
  const expectConsistentOnB = () => expectLinkedAsRebuilt(b.deps.db, engine, linkerB);

  it("links A's pulled reports that share an identifier into one network on B", async () => {
    const result = await sync();
    expect(result.status).toBe('ok');
    expect(total(result, 'created')).toBe(3);
    await expectConsistentOnB();
    const pulled = await pulledOnB();
    expect(pulled).toHaveLength(3);
    const networks = await Promise.all(pulled.map((r) => networkOnB(r.id)));
    expect(networks[0]).toBeDefined();
    expect(new Set(networks)).toEqual(new Set([networks[0]]));
  });

  it('a retraction on A, pulled by B, takes the report out of its network on B without a rebuild', async () => {
    const network = await networkOnB((await pulledOnB())[0]!.id);
    const retract = await a.app.inject({ method: 'POST', url: `/api/v1/reports/${reportIdsOnA[0]}/retract`, headers: analystA, payload: { reason: 'wrong number' } });
    expect(retract.statusCode, retract.body).toBe(200);
    const result = await sync();
    expect(total(result, 'retracted'), JSON.stringify(result)).toBe(1);
    await expectConsistentOnB();
    const pulled = await pulledOnB();
    const retracted = pulled.filter((r) => r.status === 'retracted');
    expect(retracted).toHaveLength(1);
    expect(await networkOnB(retracted[0]!.id)).toBeUndefined();
    // The two others still share their identifier: still one network, the one they were in.
    const remaining = await Promise.all(pulled.filter((p) => p.status !== 'retracted').map((r) => networkOnB(r.id)));
    expect(remaining).toHaveLength(2);
    expect(remaining[0]).toBeDefined();
    expect(remaining[1]).toBe(remaining[0]);
    expect(remaining[0]).toBe(network);
  });
});
