import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFederationService } from '../../src/modules/federation/index.js';
import { syncTurnOf } from '../../src/modules/federation/federation.repository.js';
import { testEngines } from '../helpers/test-db.js';
import { startTwoNodes, type TwoNodes } from './two-node-setup.js';

/**
 * Servers scaled out on one database each run the peers' schedules. A peer is synced by one server at a
 * time (its turn in `job_turns`, whose rules job-turns.api.test.ts checks), and every server schedules the
 * peers added or removed through the others.
 */
describe.each(testEngines())('federation with several servers on one database (%s)', (engine) => {
  let nodes: TwoNodes;
  let peerId = '';

  beforeAll(async () => {
    nodes = await startTwoNodes(engine);
    peerId = (await nodes.addPeerA()).id;
  }, 120_000);
  afterAll(async () => {
    await nodes?.b.close();
    await nodes?.a.close();
  });

  // The peer's sync turn (platform/jobs/job-turns.ts), as another server holding it would leave it.
  const leaseOf = async () => (await nodes.b.deps.db.selectFrom('job_turns').select('lease_until').where('name', '=', syncTurnOf(peerId)).executeTakeFirst())?.lease_until ?? null;
  const setLease = (until: string | null) =>
    nodes.b.deps.db.insertInto('job_turns').values({ name: syncTurnOf(peerId), lease_until: until, last_finished_at: null }).onConflict((oc) => oc.column('name').doUpdateSet({ lease_until: until })).execute();
  const sync = () => nodes.b.app.inject({ method: 'POST', url: `/api/v1/federation/peers/${peerId}/sync`, headers: nodes.adminB });

  it('answers a conflict, syncing nothing, while another server holds the peer; syncs once its lease runs out, and frees it', async () => {
    const held = new Date(Date.now() + 60_000).toISOString();
    await setLease(held);
    const refused = await sync();
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'conflict', detail: expect.stringContaining('another server') });
    const peer = await nodes.b.app.inject({ method: 'GET', url: `/api/v1/federation/peers/${peerId}`, headers: nodes.adminB });
    expect(peer.json()).toMatchObject({ lastSyncStatus: 'never', lastSyncAt: null });
    expect(new Date(String(await leaseOf())).toISOString()).toBe(held);

    await setLease(new Date(Date.now() - 1_000).toISOString()); // the other server died mid-sync: its lease ran out
    const synced = await sync();
    expect(synced.statusCode, synced.body).toBe(200);
    expect(synced.json().status).toBe('ok');
    expect(await leaseOf()).toBeNull();
    const removed = await nodes.b.app.inject({ method: 'DELETE', url: `/api/v1/federation/peers/${peerId}`, headers: nodes.adminB });
    expect(removed.statusCode).toBe(204);
    expect(await nodes.b.deps.db.selectFrom('job_turns').select('name').where('name', '=', syncTurnOf(peerId)).execute()).toEqual([]);
  });

  it('skips a schedule’s tick when another server synced the peer within most of its interval, and runs it after', async () => {
    const added = await nodes.b.app.inject({
      method: 'POST',
      url: '/api/v1/federation/peers',
      headers: nodes.adminB,
      payload: { name: 'node-a-ticks', url: nodes.urlA, apiKey: nodes.keyOfA, intervalMinutes: 60, organisation: { name: 'GPOS node A, ticks', type: 'international_org', country: 'TH' } },
    });
    expect(added.statusCode, added.body).toBe(201);
    const id = added.json().id as string;
    const finishedAgo = (minutes: number) =>
      nodes.b.deps.db
        .insertInto('job_turns')
        .values({ name: syncTurnOf(id), lease_until: null, last_finished_at: new Date(Date.now() - minutes * 60_000).toISOString() })
        .onConflict((oc) => oc.column('name').doUpdateSet({ lease_until: null, last_finished_at: new Date(Date.now() - minutes * 60_000).toISOString() }))
        .execute();
    const service = createFederationService(nodes.b.deps, {} as never);
    try {
      // 10 minutes ago, of a 60-minute interval: another server's sync stands; nothing is pulled.
      await finishedAgo(10);
      expect(await service.tick(id)).toBeNull();
      // 55 minutes ago: past 90% of the interval, the tick runs (and fails to import, having no importer: it ran).
      await finishedAgo(55);
      expect(await service.tick(id)).not.toBeNull();
    } finally {
      await service.stop();
      await nodes.b.app.inject({ method: 'DELETE', url: `/api/v1/federation/peers/${id}`, headers: nodes.adminB });
    }
  });

  it('schedules the peers another server adds and drops the ones it removes', async () => {
    // A second server on B's database; it only schedules here, so it needs no importer.
    const second = createFederationService(nodes.b.deps, {} as never);
    await second.start();
    try {
      const added = await nodes.b.app.inject({
        method: 'POST',
        url: '/api/v1/federation/peers',
        headers: nodes.adminB,
        payload: { name: 'node-a-hourly', url: nodes.urlA, apiKey: nodes.keyOfA, intervalMinutes: 60, organisation: { name: 'GPOS node A, hourly', type: 'international_org', country: 'TH' } },
      });
      expect(added.statusCode, added.body).toBe(201);
      const hourly = added.json().id as string;
      expect(second.scheduledPeerIds()).not.toContain(hourly);
      await second.followPeers();
      expect(second.scheduledPeerIds()).toContain(hourly);
      expect(second.scheduledPeerIds()).not.toContain(peerId); // no interval: synced on request only

      const removed = await nodes.b.app.inject({ method: 'DELETE', url: `/api/v1/federation/peers/${hourly}`, headers: nodes.adminB });
      expect(removed.statusCode, removed.body).toBe(204);
      await second.followPeers();
      expect(second.scheduledPeerIds()).not.toContain(hourly);
    } finally {
      await second.stop();
    }
  });
});
