import type { ServerDeps } from '../../platform/context.js';
import { can, type Actor, type MemberActor } from '../../platform/auth/index.js';
import { findApiKeyActor, findSessionActor } from '../../platform/auth/credentials.repository.js';
import { apiKeyOfAuthorization } from '../../platform/auth/request-auth.js';
import { sha256Hex } from '../../platform/crypto.js';

/**
 * Whether the credential an event stream was opened with still stands for the same member with the same
 * rights. A stream outlives the request that authenticated it by hours, while its user may be suspended
 * or change role (both delete the sessions), sign out, leave the session idle (SESSION_IDLE_MINUTES), or its organisation be suspended, or its API key
 * revoked or expire: each answers false here, and the stream ends. The credential is resolved as a request
 * would resolve it: an API key through the credential cache (a map lookup; cleared at once by a change to
 * keys or organisations in this process, within CREDENTIAL_CACHE_TTL_MS by one elsewhere), a session by
 * its one indexed read.
 */
export function streamCredentialCheck(deps: Pick<ServerDeps, 'db' | 'credentialCache' | 'config'>, actor: MemberActor, authorization: string | undefined): () => Promise<boolean> {
  if (actor.kind === 'user') {
    // The stream itself is no activity: a session left alone with a page open still ends when idle.
    return async () => same(actor, await findSessionActor(deps.db, actor.sessionIdHash, Date.now(), deps.config.sessionIdleMinutes));
  }
  // The key is the one in the header the stream was opened with (the actor holds no secret of it).
  const secret = apiKeyOfAuthorization(authorization ?? '');
  if (!secret) return () => Promise.resolve(false);
  const secretHash = sha256Hex(secret);
  return async () => {
    const now = Date.now();
    let found = deps.credentialCache.get(secretHash, now);
    if (found === undefined) {
      found = await findApiKeyActor(deps.db, secretHash, new Date(now).toISOString());
      deps.credentialCache.set(secretHash, found, now);
    }
    return same(actor, found);
  };
}

/**
 * The same person or key, of the same organisation, with the same role or scopes, still allowed to read
 * events. Any change ends the stream, even one that keeps the permission: the client reconnects (with
 * Last-Event-ID, missing nothing) and is judged afresh.
 */
function same(opened: MemberActor, now: Actor | null): boolean {
  if (!now || now.kind !== opened.kind || !can(now, 'events.read')) return false;
  if (now.kind === 'user' && opened.kind === 'user') return now.userId === opened.userId && now.organisationId === opened.organisationId && now.role === opened.role;
  if (now.kind === 'api_key' && opened.kind === 'api_key') return now.apiKeyId === opened.apiKeyId && now.organisationId === opened.organisationId && [...now.scopes].sort().join() === [...opened.scopes].sort().join();
  return false;
}
