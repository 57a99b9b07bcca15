import { changePasswordSchema, loginSchema, meSchema, sessionSchema, updateMeSchema } from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serialize as serializeCookie } from 'cookie';
import { z } from 'zod';
import { isMember, requireMember, SESSION_COOKIE } from '../../platform/auth/index.js';
import { auditContextOf } from '../../platform/context.js';
import type { AuthService } from './auth.service.js';

export const authRoutes =
  (service: AuthService, options: { sessionTtlHours: number; loginRateLimit: number }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/auth/login', {
      config: { access: 'public', rateLimit: { max: options.loginRateLimit, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Sign in with email and password; sets the session cookie', body: loginSchema, response: { 200: meSchema } },
      handler: async (request, reply) => {
        const { token, me } = await service.login(request.body, {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          requestId: String(request.id),
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
      schema: { tags: ['auth'], summary: 'Sign out: ends this session', response: { 204: z.null() } },
      handler: async (request, reply) => {
        await service.logout(requireMember(request.actor), auditContextOf(request));
        reply.header('set-cookie', serializeCookie(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', path: '/', expires: new Date(0) }));
        return reply.status(204).send(null);
      },
    });

    app.get('/auth/me', {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Who am I: person or API key, organisation, permissions, CSRF token', response: { 200: meSchema } },
      handler: (request) => service.describe(requireMember(request.actor)),
    });

    // The web app asks this when it starts, signed in or not: `/auth/me` answers 401 to a visitor, which
    // browsers log as an error on every visit to the sign-in page.
    app.get('/auth/session', {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Am I signed in, and as whom (`me` is null when not); never 401', response: { 200: sessionSchema } },
      handler: async (request) => ({ me: isMember(request.actor) ? await service.describe(request.actor) : null }),
    });

    app.patch('/auth/me', {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Change my language or display name', body: updateMeSchema, response: { 200: meSchema } },
      handler: (request) => service.updateMe(requireMember(request.actor), auditContextOf(request), request.body),
    });

    app.post('/auth/password', {
      config: { access: 'authenticated', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Change my password; ends my other sessions', body: changePasswordSchema, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await service.changePassword(requireMember(request.actor), auditContextOf(request), request.body);
        return reply.status(204).send(null);
      },
    });
  };
