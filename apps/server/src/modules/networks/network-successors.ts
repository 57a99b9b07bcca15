import type { Db } from '../../db/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Viewer } from '../../platform/sharing/index.js';
import { seesAnyMember } from './network.repository.js';

/**
 * Hops followed at most. Merges are by size (the smaller network moves), so every hop at least doubles
 * the network an id's reports are in: a chain is a few dozen hops long only for billions of reports.
 */
const MAX_HOPS = 64;

/** networkNotFound's answer as the OpenAPI document tells it, on every route that takes a network id. */
export const NETWORK_MOVED_404 =
  '`not_found`: you see none of its reports. When the network was merged into another (or replaced by a rebuild) and you may see that one, `successorId` names it: links to old ids keep working.';

/**
 * The network that holds now what `networkId` held: the one holding the report the id was left with when it
 * disappeared (network_successors.report_id), or else the end of the chain of merges and rebuilds; null
 * when the id never went anywhere. The chain alone is not enough: a network merged into another and split
 * out again (the merge undone, a "does not link") lives on under a new id, and the chain still led to the
 * network it had been merged into, which holds none of its reports.
 */
export async function currentSuccessor(db: Db, networkId: string): Promise<string | null> {
  const left = await db.selectFrom('network_successors').select('report_id').where('network_id', '=', networkId).executeTakeFirst();
  if (!left) return null;
  if (left.report_id !== null) {
    const holder = await db.selectFrom('report_networks').select('network_id').where('report_id', '=', left.report_id).executeTakeFirst();
    if (holder && holder.network_id !== networkId) return holder.network_id;
  }
  const seen = new Set([networkId]);
  let current = networkId;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const row = await db.selectFrom('network_successors').select('successor_id').where('network_id', '=', current).executeTakeFirst();
    if (!row || seen.has(row.successor_id)) break;
    seen.add(row.successor_id);
    current = row.successor_id;
  }
  return current === networkId ? null : current;
}

/**
 * The 404 for a network the viewer sees nothing of. When the id was merged away and the viewer may see
 * the network that holds its reports now, the answer names it (`successorId`), so a saved or shared link
 * still leads somewhere; otherwise a plain 404 — a network the viewer may not see is never named.
 */
export async function networkNotFound(db: Db, viewer: Viewer, networkId: string): Promise<AppError> {
  const successor = await currentSuccessor(db, networkId);
  if (successor !== null && (await seesAnyMember(db, viewer, successor))) {
    return new AppError('not_found', `Network ${networkId} was merged into network ${successor}`, { successorId: successor });
  }
  return notFound(`Network ${networkId}`);
}
