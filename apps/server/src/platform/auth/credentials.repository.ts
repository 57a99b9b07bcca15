import type { ApiKeyScope, OrganisationType } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import { userActorOf, type ApiKeyActor, type UserActor } from './actor.js';
import { sessionActivity } from './session-activity.js';

/** A session in force (not past its absolute expiry, its person and organisation active) and its last recorded use. */
export interface SessionFound {
  actor: UserActor;
  lastSeenAt: string;
}

/**
 * The two lookups that turn a credential into an actor: one indexed query each. A session is read afresh
 * on every request (none is cached), so whether it has gone idle is judged on its row each time.
 */
export async function findSession(db: Db, sessionIdHash: string, now: string): Promise<SessionFound | null> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select(['s.csrf_token', 's.expires_at', 's.last_seen_at', 'u.id as user_id', 'u.role', 'u.status as user_status', 'o.id as org_id', 'o.type as org_type', 'o.country as org_country', 'o.status as org_status'])
    .where('s.id_hash', '=', sessionIdHash)
    .executeTakeFirst();
  if (!row || row.expires_at <= now || row.user_status !== 'active' || row.org_status !== 'active') return null;
  const actor = userActorOf({ userId: row.user_id, role: row.role, organisationId: row.org_id, organisationType: row.org_type, organisationCountry: row.org_country }, { sessionIdHash, csrfToken: row.csrf_token });
  return { actor, lastSeenAt: row.last_seen_at };
}

/** The session's person, or null when it has ended (expired, idle, signed out) or they may no longer act. */
export async function findSessionActor(db: Db, sessionIdHash: string, nowMs: number, idleMinutes: number): Promise<UserActor | null> {
  const found = await findSession(db, sessionIdHash, new Date(nowMs).toISOString());
  return found && sessionActivity(found.lastSeenAt, nowMs, idleMinutes) !== 'idle' ? found.actor : null;
}

export async function findApiKeyActor(db: Db, secretHash: string, now: string): Promise<ApiKeyActor | null> {
  const row = await db
    .selectFrom('api_keys as k')
    .innerJoin('organisations as o', 'o.id', 'k.organisation_id')
    .select(['k.id', 'k.scopes', 'k.expires_at', 'k.revoked_at', 'o.id as org_id', 'o.type as org_type', 'o.country as org_country', 'o.status as org_status'])
    .where('k.secret_hash', '=', secretHash)
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now) || row.org_status !== 'active') {
    return null;
  }
  return {
    kind: 'api_key',
    apiKeyId: row.id,
    expiresAtMs: row.expires_at === null ? null : new Date(row.expires_at).getTime(),
    scopes: row.scopes.split(',') as ApiKeyScope[],
    organisationId: row.org_id,
    organisationType: row.org_type as OrganisationType,
    organisationCountry: row.org_country,
  };
}
