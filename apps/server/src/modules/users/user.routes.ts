import { createdUserSchema, createUserSchema, idSchema, listUsersQuerySchema, pageOf, updateUserSchema, userSchema } from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireMember as memberOf } from '../../platform/auth/index.js';
import { auditContextOf } from '../../platform/context.js';
import type { UserService } from './user.service.js';

const params = z.strictObject({ id: idSchema });

export const userRoutes =
  (service: UserService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/users', {
      config: { access: { permission: 'users.read' } },
      schema: { tags: ['users'], summary: 'List people (own organisation; all for the secretariat)', querystring: listUsersQuerySchema, response: { 200: pageOf(userSchema) } },
      handler: (request) => service.list(memberOf(request.actor), request.query),
    });

    app.get('/users/:id', {
      config: { access: { permission: 'users.read' } },
      schema: { tags: ['users'], summary: 'One person', params, response: { 200: userSchema } },
      handler: (request) => service.get(memberOf(request.actor), request.params.id),
    });

    app.post('/users', {
      config: { access: { permission: 'users.manage' } },
      schema: {
        tags: ['users'],
        summary: 'Create a user; without a password one is generated and returned once',
        body: createUserSchema,
        response: { 201: createdUserSchema },
        openapi: {
          responses: { 201: { description: 'Created: the user, with the generated password when none was given (shown this once).' } },
          errors: {
            403: 'Also: only the secretariat grants the `platform_admin` role.',
            404: '`not_found`: an `organisationId` other than yours (only the secretariat creates users elsewhere).',
            409: '`conflict`: a user with this email exists already, or the organisation is suspended (no one in it could sign in; reactivate it first), or the role is `platform_admin` and the organisation is not the secretariat\'s own, which operates the platform (`refusal.platform_admin_operators_only`, on `body.role`).',
          },
        },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.create(memberOf(request.actor), auditContextOf(request), request.body)),
    });

    app.patch('/users/:id', {
      config: { access: { permission: 'users.manage' } },
      schema: {
        tags: ['users'],
        summary: 'Change name, role, status or language',
        params,
        body: updateUserSchema,
        response: { 200: userSchema },
        openapi: {
          errors: {
            403: 'Also: only the secretariat grants the `platform_admin` role or changes a platform admin.',
            409: '`conflict`: you cannot change your own role or suspend yourself; or the person is made `active` while their organisation is suspended (reactivate the organisation first); or made `platform_admin` outside the secretariat\'s own organisation, which operates the platform (`refusal.platform_admin_operators_only`, on `body.role`).',
          },
        },
      },
      handler: (request) => service.update(memberOf(request.actor), auditContextOf(request), request.params.id, request.body),
    });
  };
