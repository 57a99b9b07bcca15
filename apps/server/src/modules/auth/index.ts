/** Sign-in with lockout, session cookies, sign-out, and the signed-in person's own profile and password. */
export { createAuthService, type AuthService } from './auth.service.js';
export { authRoutes } from './auth.routes.js';
export { createSessionSweep, sweepEndedSessions, SESSION_SWEEP_BATCH, type SessionSweep } from './session-sweep.js';
