import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFederationService } from '../../src/modules/federation/index.js';
import { takeSyncLease } from '../../src/modules/federation/federation.repository.js';
import { testEngines } from '../helpers/test-db.js';
import { startTwoNodes, type TwoNodes } from './two-node-setup.js';

/**
 * Servers scaled out on one database each run the peers' schedules. A peer is synced by one server at a
 * time (its sync lease), a schedule's turn that another server already took is skipped, and every server
 * schedules the peers added or removed through the others.
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

  const leaseOf = async () => (await nodes.b.deps.db.selectFrom('federation_peers').select('sync_lease_until').where('id', '=', peerId).executeTakeFirstOrThrow()).sync_lease_until;
  const setLease = (until: string | null) => nodes.b.deps.db.updateTable('federation_peers').set({ sync_lease_until: until }).where('id', '=', peerId).execute();
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
  });

  it('skips a schedule’s turn that another server took within the interval, and takes a turn that is due', async () => {
    const now = Date.now();
    const lease = (minutesAgo: number) => ({ now: new Date(now).toISOString(), until: new Date(now + 60_000).toISOString(), notSyncedSince: new Date(now - minutesAgo * 60_000).toISOString() });
    await nodes.b.deps.db.updateTable('federation_peers').set({ last_sync_at: new Date(now - 10 * 60_000).toISOString() }).where('id', '=', peerId).execute();
    expect(await takeSyncLease(nodes.b.deps.db, peerId, lease(54))).toBe(false); // synced 10 min ago, every hour: not its turn
    expect(await leaseOf()).toBeNull();
    expect(await takeSyncLease(nodes.b.deps.db, peerId, lease(5))).toBe(true); // synced 10 min ago, every 5 min: due
    expect(await takeSyncLease(nodes.b.deps.db, peerId, { ...lease(5), notSyncedSince: null })).toBe(false); // held now
    await setLease(null);
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
