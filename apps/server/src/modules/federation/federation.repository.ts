import { hasUserinfo, type Peer, type PeerCollectionState, type PeerSyncStatus } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import type { FederationCursorsTable, FederationPeersTable } from '../../db/schema.js';

/** Peers and their per-collection cursors: the only SQL of the federation module. */
const iso = (v: string | Date | null): string | null => (v === null ? null : new Date(v).toISOString());

export async function listPeerRows(db: Db): Promise<(FederationPeersTable & { organisation_name: string })[]> {
  return db
    .selectFrom('federation_peers as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .selectAll('p')
    .select('o.name as organisation_name')
    .orderBy('p.name')
    .execute();
}

export async function findPeerRow(db: Db, by: { id?: string; name?: string }) {
  let q = db.selectFrom('federation_peers as p').innerJoin('organisations as o', 'o.id', 'p.organisation_id').selectAll('p').select('o.name as organisation_name');
  if (by.id) q = q.where('p.id', '=', by.id);
  if (by.name) q = q.where('p.name', '=', by.name);
  return q.executeTakeFirst();
}

export async function cursorsOf(db: Db, peerIds: string[]): Promise<FederationCursorsTable[]> {
  if (peerIds.length === 0) return [];
  return db.selectFrom('federation_cursors').selectAll().where('peer_id', 'in', peerIds).orderBy('collection_id').execute();
}

export async function insertPeer(db: Db, row: FederationPeersTable): Promise<void> {
  await db.insertInto('federation_peers').values(row).execute();
}

/** The name of a peer's sync turn in `job_turns` (platform/jobs/job-turns.ts). */
export const syncTurnOf = (peerId: string) => `federation-sync:${peerId}`;

export async function deletePeer(db: Db, id: string): Promise<void> {
  await db.deleteFrom('job_turns').where('name', '=', syncTurnOf(id)).execute();
  await db.deleteFrom('federation_cursors').where('peer_id', '=', id).execute();
  await db.deleteFrom('federation_peers').where('id', '=', id).execute();
}

export async function saveCursor(db: Db, row: FederationCursorsTable): Promise<void> {
  await db
    .insertInto('federation_cursors')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['peer_id', 'collection_id']).doUpdateSet({
        title: row.title,
        added_after: row.added_after,
        last_sync_at: row.last_sync_at,
        objects_received: row.objects_received,
        last_error: row.last_error,
      }),
    )
    .execute();
}

export async function recordSync(db: Db, peerId: string, outcome: { at: string; status: PeerSyncStatus; error: string | null; received: number }): Promise<void> {
  await db
    .updateTable('federation_peers')
    .set((eb) => ({ last_sync_at: outcome.at, last_sync_status: outcome.status, last_error: outcome.error, objects_received: eb('objects_received', '+', outcome.received), updated_at: outcome.at }))
    .where('id', '=', peerId)
    .execute();
}

/** What a server's schedules depend on, for every peer. */
export async function peerSchedules(db: Db): Promise<{ id: string; name: string; enabled: boolean; intervalMinutes: number | null }[]> {
  const rows = await db.selectFrom('federation_peers').select(['id', 'name', 'enabled', 'interval_minutes']).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, enabled: Number(r.enabled) === 1, intervalMinutes: r.interval_minutes === null ? null : Number(r.interval_minutes) }));
}

/**
 * A stored URL as shown, without the user name and password a peer added before they were refused in URLs
 * (session 58) may hold: they are secrets, and a sync never used them (fetch refuses such a URL).
 */
function withoutUserinfo(url: string): string {
  if (!hasUserinfo(url)) return url;
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  return shown.toString();
}

export function toPeer(row: FederationPeersTable & { organisation_name: string }, cursors: FederationCursorsTable[]): Peer {
  return {
    id: row.id,
    name: row.name,
    url: withoutUserinfo(row.url),
    apiRoot: row.api_root === null ? null : withoutUserinfo(row.api_root),
    collectionIds: JSON.parse(row.collection_ids) as string[],
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    apiKeyPrefix: row.api_key_prefix,
    intervalMinutes: row.interval_minutes === null ? null : Number(row.interval_minutes),
    enabled: Number(row.enabled) === 1,
    lastSyncAt: iso(row.last_sync_at),
    lastSyncStatus: row.last_sync_status as PeerSyncStatus,
    lastError: row.last_error,
    objectsReceived: Number(row.objects_received),
    collections: cursors.filter((c) => c.peer_id === row.id).map(
      (c): PeerCollectionState => ({
        collectionId: c.collection_id,
        title: c.title,
        addedAfter: c.added_after,
        lastSyncAt: iso(c.last_sync_at),
        objectsReceived: Number(c.objects_received),
        lastError: c.last_error,
      }),
    ),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}
