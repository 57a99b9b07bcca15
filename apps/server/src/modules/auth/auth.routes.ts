import { changePasswordSchema, loginSchema, meSchema, sessionSchema, updateMeSchema } from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serialize as serializeCookie } from 'cookie';
import { z } from 'zod';
import { CLEARED_SESSION_COOKIE, isMember, requireMember, SESSION_COOKIE } from '../../platform/auth/index.js';
import { auditContextOf } from '../../platform/context.js';
import type { AuthService } from './auth.service.js';

export const authRoutes =
  (service: AuthService, options: { sessionTtlHours: number; sessionIdleMinutes: number; loginRateLimit: number }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/auth/login', {
      config: { access: 'public', rateLimit: { max: options.loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets the session cookie',
        body: loginSchema,
        response: { 200: meSchema },
        openapi: {
          responses: {
            200: {
              description: 'Signed in: who you are, with the `csrfToken` that writes echo in `x-csrf-token`.',
              headers: { 'set-cookie': { description: `The session cookie (\`${SESSION_COOKIE}\`, HttpOnly, SameSite=Lax; Secure over TLS).`, schema: { type: 'string' } } },
            },
          },
          errors: {
            401: '`invalid_credentials`: the email or the password is wrong (which one is not said).',
            429: '`too_many_attempts`: too many failed sign-ins for this account; try again later.',
          },
        },
      },
      handler: async (request, reply) => {
        const { token, me } = await service.login(request.body, {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          requestId: String(request.id),
          log: request.log,
        });
        reply.header(
          'set-cookie',
          serializeCookie(SESSION_COOKIE, token, {
            httpOnly: true,
            sameSite: 'lax',
            // Secure whenever the client reached us over TLS (directly or through a trusted proxy).
            secure: request.protocol === 'https',
            path: '/',
            maxAge: options.sessionTtlHours * 3600,
          }),
        );
        return me;
      },
    });

    app.post('/auth/logout', {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends this session',
        response: { 204: z.null() },
        openapi: { responses: { 204: { description: 'Signed out: the session ends and its cookie is cleared (with an API key: nothing to end).' } } },
      },
      handler: async (request, reply) => {
        await service.logout(requireMember(request.actor), auditContextOf(request));
        reply.header('set-cookie', CLEARED_SESSION_COOKIE);
        return reply.status(204).send(null);
      },
    });

    app.get('/auth/me', {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Who am I: person or API key, organisation, permissions, CSRF token',
        response: { 200: meSchema },
        openapi: { responses: { 200: { description: 'You: the person (with the CSRF token of the session) or the API key, its organisation and permissions.' } } },
      },
      handler: (request) => service.describe(requireMember(request.actor)),
    });

    // The web app asks this when it starts, signed in or not: `/auth/me` answers 401 to a visitor, which
    // browsers log as an error on every visit to the sign-in page.
    app.get('/auth/session', {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Am I signed in, and as whom (`me` is null when not); never 401',
        response: { 200: sessionSchema },
        openapi: { responses: { 200: { description: '`me` as `GET /auth/me` answers it, or null for a visitor; `idleMinutes` when the session cookie sent had just ended unused (the cookie is cleared).' } } },
      },
      handler: async (request, reply) => {
        if (isMember(request.actor)) return { me: await service.describe(request.actor) };
        if (!request.idleSession) return { me: null };
        // The row stays for the sweep (request-auth.ts): a page that never got this cleared cookie is told again.
        reply.header('set-cookie', CLEARED_SESSION_COOKIE);
        return { me: null, idleMinutes: options.sessionIdleMinutes };
      },
    });

    app.patch('/auth/me', {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Change my language or display name',
        body: updateMeSchema,
        response: { 200: meSchema },
        // Signed-in people only: an API key has no profile (the service answers 400).
        openapi: { credentials: 'session', responses: { 200: { description: 'Changed: you, as `GET /auth/me` answers.' } }, errors: { 400: '`bad_request` also answers an API key: keys have no profile.' } },
      },
      handler: (request) => service.updateMe(requireMember(request.actor), auditContextOf(request), request.body),
    });

    app.post('/auth/password', {
      config: { access: 'authenticated', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Change my password; ends my other sessions',
        body: changePasswordSchema,
        response: { 204: z.null() },
        // Signed-in people only: an API key has no password (the service answers 400).
        openapi: {
          credentials: 'session',
          responses: { 204: { description: 'Changed; your other sessions have ended.' } },
          errors: {
            400: '`bad_request` also answers an API key: keys have no password.',
            401: '`invalid_credentials`: the current password is wrong (`errors` points at `body.currentPassword`); it counts toward the account\'s sign-in lockout.',
            429: '`too_many_attempts`: the account is locked after too many wrong passwords, here or at sign-in (`retry-after` says for how long).',
          },
        },
      },
      handler: async (request, reply) => {
        await service.changePassword(requireMember(request.actor), auditContextOf(request), request.body, { ip: request.ip });
        return reply.status(204).send(null);
      },
    });
  };
