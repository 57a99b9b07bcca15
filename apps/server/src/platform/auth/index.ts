/**
 * Authentication and authorisation: who is asking (actor), what each role and API-key scope may do
 * (permissions), and the request hooks that resolve the actor and enforce every route's access rule.
 */
export * from './actor.js';
export * from './permissions.js';
export { CredentialCache, CREDENTIAL_CACHE_TTL_MS } from './credential-cache.js';
export { registerRequestAuth, SESSION_COOKIE, CSRF_HEADER, BACKGROUND_HEADER, CLEARED_SESSION_COOKIE } from './request-auth.js';
export { IDLE_SESSION_KEPT_MS, idleSweepCutoff } from './session-activity.js';
