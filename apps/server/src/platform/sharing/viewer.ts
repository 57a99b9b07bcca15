import type { Db } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { PUBLIC_VIEWER, type Viewer } from './policy.js';

/**
 * The viewer of each actor object, computed once. An API key's actor is one object shared by every request
 * for as long as the credential cache keeps it (a few seconds, cleared by any change to keys, organisations
 * or communities in this process), so its communities are read once per cache lifetime instead of once per
 * request: the lookup hot path asked for them on every hit. A session user's actor is built per request,
 * so this also serves the several calls one request may make. Entries die with their actor.
 */
const viewers = new WeakMap<Actor, Promise<Viewer>>();

/** Turns the request's actor into the sharing policy's viewer (its organisation's communities included). */
export function viewerOf(db: Db, actor: Actor): Promise<Viewer> {
  if (actor.kind !== 'user' && actor.kind !== 'api_key') return Promise.resolve(PUBLIC_VIEWER);
  let viewer = viewers.get(actor);
  if (!viewer) {
    viewer = readViewer(db, actor);
    viewers.set(actor, viewer);
    // A failed read is not remembered: the next request asks the database again.
    viewer.catch(() => viewers.delete(actor));
  }
  return viewer;
}

async function readViewer(db: Db, actor: Extract<Actor, { kind: 'user' | 'api_key' }>): Promise<Viewer> {
  const rows = await db
    .selectFrom('community_members')
    .select('community_id')
    .where('organisation_id', '=', actor.organisationId)
    .execute();
  return {
    kind: 'member',
    organisationId: actor.organisationId,
    userId: actor.kind === 'user' ? actor.userId : null,
    apiKeyId: actor.kind === 'api_key' ? actor.apiKeyId : null,
    communityIds: new Set(rows.map((r) => r.community_id)),
  };
}
