import type { Db } from '../../db/index.js';
import type { Actor } from '../auth/actor.js';
import { PUBLIC_VIEWER, type Viewer } from './policy.js';

/** Turns the request's actor into the sharing policy's viewer (its organisation's communities included). */
export async function viewerOf(db: Db, actor: Actor): Promise<Viewer> {
  if (actor.kind !== 'user' && actor.kind !== 'api_key') return PUBLIC_VIEWER;
  const rows = await db
    .selectFrom('community_members')
    .select('community_id')
    .where('organisation_id', '=', actor.organisationId)
    .execute();
  return {
    kind: 'member',
    organisationId: actor.organisationId,
    userId: actor.kind === 'user' ? actor.userId : null,
    communityIds: new Set(rows.map((r) => r.community_id)),
  };
}
