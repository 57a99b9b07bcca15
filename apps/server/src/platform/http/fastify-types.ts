import type { Actor } from '../auth/actor.js';
import type { Permission } from '../auth/permissions.js';
import type { SendCode } from './request-refusals.js';

/**
 * Every route states who may call it, in its `config.access`; a route without one refuses to register.
 *   'public'         anyone, signed in or not
 *   'authenticated'  any signed-in user or valid API key
 *   'metrics'        loopback clients (not behind a proxy: TRUST_PROXY), or the METRICS_TOKEN bearer
 *   { permission }   the permission table in auth/permissions.ts decides
 */
export type Access = 'public' | 'authenticated' | 'metrics' | { permission: Permission };

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    /** Whether this request's cookie named a session that had gone idle, and the request went on as a visitor (public routes). */
    idleSession: boolean;
  }
  interface FastifyContextConfig {
    access?: Access;
    /** What a route's body must be, as a 415 says it ("Send …", a coded text of request-refusals.ts); JSON when absent. */
    bodyMediaTypes?: SendCode;
    /**
     * A route a page calls by itself, not its person (the event stream, which the browser reopens on its own):
     * its session is judged as any other, but the request is no activity (SESSION_IDLE_MINUTES), as one
     * sent with `x-gpos-background: 1` (request-auth.ts). An idle session is refused there without being
     * ended (row and cookie kept), since no page reads that refusal: the page's next request ends it and
     * says why.
     */
    background?: boolean;
  }
}
