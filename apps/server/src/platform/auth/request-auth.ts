import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import '../http/fastify-types.js';
import type { Db } from '../../db/index.js';
import { safeEqualText, sha256Hex } from '../crypto.js';
import type { Said } from '../coded-text.js';
import { coded } from '../errors.js';
import { requestRefusals } from '../http/request-refusals.js';
import { refusals } from '../refusals.js';
import { nulInUrlError } from '../storable-text.js';
import { ANONYMOUS, type Actor } from './actor.js';
import { findApiKeyActor, findSession } from './credentials.repository.js';
import { sessionActivity, sessionExpired } from './session-activity.js';
import type { CredentialCache } from './credential-cache.js';
import { can } from './permissions.js';
import type { Access } from '../http/fastify-types.js';

export const SESSION_COOKIE = 'gpos_session';
export const CSRF_HEADER = 'x-csrf-token';
/**
 * `1` on a request a page makes by itself (a list polled while shown): its session is judged as any other,
 * but the request is no activity of the person (SESSION_IDLE_MINUTES), so a page left open still signs out.
 */
export const BACKGROUND_HEADER = 'x-gpos-background';
/** A Set-Cookie value that makes the browser forget the session cookie. */
export const CLEARED_SESSION_COOKIE = serializeCookie(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', path: '/', expires: new Date(0) });
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LAST_USED_EVERY_MS = 60_000;
const BEARER = /^Bearer\s+(\S{1,512})$/i;
/** TAXII clients mostly speak HTTP Basic: `Basic base64(<anything>:<API key>)` carries the same key. */
const BASIC = /^Basic\s+([A-Za-z0-9+/=]{1,1024})$/i;

/** The API key of an `Authorization` header, Bearer or Basic (the password part); undefined when neither. */
export function apiKeyOfAuthorization(header: string): string | undefined {
  const bearer = BEARER.exec(header)?.[1];
  if (bearer) return bearer;
  const basic = BASIC.exec(header)?.[1];
  if (!basic) return undefined;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const secret = colon >= 0 ? decoded.slice(colon + 1) : '';
  return secret.length > 0 && secret.length <= 512 && !/\s/.test(secret) ? secret : undefined;
}

/**
 * Resolves the actor of every request (API key first, then session cookie) and enforces the route's
 * access rule and, for cookie-authenticated writes, the CSRF token. Runs before body parsing, so a
 * refused request costs no parsing.
 */
export function registerRequestAuth(
  app: FastifyInstance,
  deps: {
    db: Db;
    metricsToken: string | null;
    /** TRUST_PROXY: requests come through a reverse proxy. */
    trustProxy?: boolean;
    credentialCache: CredentialCache;
    /** SESSION_IDLE_MINUTES: a session unused this long has ended (session-activity.ts). */
    sessionIdleMinutes: number;
    /** Work every request needs before anything can fail (the security headers), run in this same hook. */
    first?: (request: FastifyRequest, reply: FastifyReply) => void;
  },
): void {
  const lastUsedWritten = new Map<string, number>();
  // Behind a reverse proxy every client reaches us from the proxy's address, often loopback, and the
  // forwarded address is whatever the client wrote first in X-Forwarded-For: neither can vouch for a
  // local scraper, so with TRUST_PROXY the metrics token is the only way in.
  const loopbackMeansLocal = !deps.trustProxy;

  app.decorateRequest('actor', null as never);
  app.decorateRequest('idleSession', false);

  app.addHook('onRoute', (route) => {
    if (!route.config?.access) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule (config.access)`);
    }
  });

  // Callback style with a synchronous fast path: most machine traffic is a cached API key, and that
  // request then costs no promise at all.
  const first = deps.first;
  app.addHook('onRequest', (request, reply, done) => {
    if (first) first(request, reply);
    // A NUL in a query value or path parameter is no text the databases store (storable-text.ts).
    if (request.url.includes('%00')) {
      done(nulInUrlError(request.query, request.params));
      return;
    }
    const settle = (actor: Actor) => {
      request.actor = actor;
      const access = request.routeOptions.config?.access;
      // Unmatched routes reach the not-found handler, which has no rule of its own and reveals nothing.
      if (access) enforce(request, access);
    };
    try {
      const cached = cachedActor(request);
      if (cached) {
        settle(cached);
        done();
        return;
      }
    } catch (error) {
      done(error as Error);
      return;
    }
    resolveActor(request).then(
      (actor) => {
        try {
          settle(actor);
          done();
        } catch (error) {
          done(error as Error);
        }
      },
      (error: Error) => done(error),
    );
  });

  function cachedActor(request: FastifyRequest): Actor | undefined {
    const secret = apiKeyOfAuthorization(request.headers.authorization ?? '');
    if (!secret || request.routeOptions.config?.access === 'metrics') return undefined;
    const actor = deps.credentialCache.get(sha256Hex(secret), Date.now());
    if (actor === null) throw coded('unauthenticated', requestRefusals.say('request.api_key_not_valid'));
    return actor;
  }

  async function resolveActor(request: FastifyRequest): Promise<Actor> {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const secret = apiKeyOfAuthorization(authorization);
      if (!secret) throw coded('unauthenticated', requestRefusals.say('request.authorization_malformed'));
      if (request.routeOptions.config?.access === 'metrics') return ANONYMOUS;
      const secretHash = sha256Hex(secret);
      const now = Date.now();
      let actor = deps.credentialCache.get(secretHash, now);
      if (actor === undefined) {
        actor = await findApiKeyActor(deps.db, secretHash, new Date(now).toISOString());
        deps.credentialCache.set(secretHash, actor, now);
      }
      if (!actor) throw coded('unauthenticated', requestRefusals.say('request.api_key_not_valid'));
      touchApiKey(actor.apiKeyId);
      return actor;
    }
    // Only the session cookie matters, so the header is parsed here rather than by a hook on every request.
    const header = request.headers.cookie;
    const token = header && header.length <= 8192 ? parseCookies(header)[SESSION_COOKIE] : undefined;
    if (token && token.length <= 512) return sessionActor(request, sha256Hex(token));
    return ANONYMOUS;
  }

  /**
   * The person of a session cookie. A session past its idle limit is answered with 401 `session_expired`
   * (the cookie cleared), so the web app can say why its user is back at sign-in. Its row is left to the
   * sweep (kept IDLE_SESSION_KEPT_MS), so it says so again to each request that still sends the cookie: one
   * cut short by a reload or a closed tab never delivered the cleared cookie, and the page that follows must
   * be told why too, not that its session is unknown. A
   * public route (signing in again, asking whether one is signed in, the web app's files) goes on for a
   * visitor, as with a session that is unknown or past its absolute expiry, and leaves the session to be
   * ended by what reports it (GET /auth/session, a refused request): a script the app loads on the way to
   * its next API request must not make that request's session unknown rather than expired.
   */
  async function sessionActor(request: FastifyRequest, sessionIdHash: string): Promise<Actor> {
    const nowMs = Date.now();
    const found = await findSession(deps.db, sessionIdHash, new Date(nowMs).toISOString());
    if (!found) return ANONYMOUS;
    const activity = sessionActivity(found.lastSeenAt, nowMs, deps.sessionIdleMinutes);
    if (activity === 'idle') {
      const access = request.routeOptions.config?.access;
      if (access === undefined || access === 'public' || access === 'metrics') {
        request.idleSession = true;
        return ANONYMOUS;
      }
      // The browser reopens the event stream by itself and no page reads its refusal: clearing the cookie
      // there would leave the page's next request without one, and its person to be told only that the
      // session ended. The stream is refused; the page's own request clears the cookie.
      if (request.routeOptions.config?.background === true) throw sessionExpired(deps.sessionIdleMinutes, {});
      throw sessionExpired(deps.sessionIdleMinutes, { 'set-cookie': CLEARED_SESSION_COOKIE });
    }
    if (activity === 'to_record' && !isBackground(request)) await recordSessionUse(sessionIdHash, nowMs);
    return found.actor;
  }

  /** A request the page made by itself (the header) or to a route only pages call by themselves (`config.background`): no activity. */
  const isBackground = (request: FastifyRequest) => request.headers[BACKGROUND_HEADER] === '1' || request.routeOptions.config?.background === true;

  function enforce(request: FastifyRequest, access: Access): void {
    const { actor } = request;
    if (access === 'public') return;
    if (access === 'metrics') {
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const loopback = loopbackMeansLocal && ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '');
      if (loopback || (deps.metricsToken && bearer && safeEqualText(bearer, deps.metricsToken))) return;
      throw coded('forbidden', requestRefusals.say(loopbackMeansLocal ? 'request.metrics_loopback_or_token' : 'request.metrics_token_only'));
    }
    if (actor.kind === 'anonymous') throw coded('unauthenticated', anonymousRefusal(request.headers));
    if (actor.kind === 'user' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqualText(sent, actor.csrfToken)) {
        throw coded('csrf_failed', requestRefusals.say('request.csrf_missing', { header: CSRF_HEADER }));
      }
    }
    if (access !== 'authenticated' && !can(actor, access.permission)) {
      throw coded('forbidden', refusals.say('refusal.not_permitted'));
    }
  }

  // Awaited (once a minute per session), so the next request judges the session on it; a failure to write
  // refuses nothing, it only leaves the session to be judged on the use recorded before.
  async function recordSessionUse(sessionIdHash: string, nowMs: number): Promise<void> {
    try {
      await deps.db.updateTable('sessions').set({ last_seen_at: new Date(nowMs).toISOString() }).where('id_hash', '=', sessionIdHash).execute();
    } catch (err) {
      app.log.warn({ err }, 'could not record session use');
    }
  }

  // Recording every use would turn each read into a write; once a minute per key is enough to audit use.
  function touchApiKey(apiKeyId: string): void {
    const now = Date.now();
    if ((lastUsedWritten.get(apiKeyId) ?? 0) > now - LAST_USED_EVERY_MS) return;
    lastUsedWritten.set(apiKeyId, now);
    deps.db
      .updateTable('api_keys')
      .set({ last_used_at: new Date(now).toISOString() })
      .where('id', '=', apiKeyId)
      .execute()
      .catch((err: unknown) => app.log.warn({ err }, 'could not record API key use'));
  }
}

/** Headers other APIs take a key in; a key sent in one of them is not read, and the refusal says where it goes. */
const KEY_HEADERS_ELSEWHERE = ['x-api-key', 'api-key', 'apikey'] as const;

/**
 * Why a request without credentials is refused, and where a key goes: a client that sent its key as
 * `X-API-Key`, as many APIs take it, was told to "send an API key", which it had.
 */
export function anonymousRefusal(headers: Readonly<Record<string, unknown>>): Said {
  const misplaced = misplacedKeyHeader(headers);
  return misplaced ? requestRefusals.say('request.key_header_not_read', { header: misplaced }) : requestRefusals.say('request.sign_in_or_send_key');
}

/** The header other APIs take a key in that this request sent (and that is not read), if any. */
export function misplacedKeyHeader(headers: Readonly<Record<string, unknown>>): string | undefined {
  return KEY_HEADERS_ELSEWHERE.find((name) => headers[name] !== undefined);
}
