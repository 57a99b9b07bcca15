import { apiKeySchema, createApiKeySchema, createdApiKeySchema, idSchema, pageOf, pageQuerySchema } from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireMember } from '../../platform/auth/index.js';
import { auditContextOf } from '../../platform/context.js';
import type { ApiKeyService } from './api-key.service.js';

const params = z.strictObject({ id: idSchema });

export const apiKeyRoutes =
  (service: ApiKeyService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api-keys', {
      config: { access: { permission: 'apikeys.manage' } },
      schema: {
        tags: ['api-keys'],
        summary: "List an organisation's API keys (never their secrets)",
        querystring: pageQuerySchema.extend({ organisationId: idSchema.optional() }),
        response: { 200: pageOf(apiKeySchema) },
      },
      handler: (request) => service.list(requireMember(request.actor), request.query),
    });

    app.post('/api-keys', {
      config: { access: { permission: 'apikeys.manage' } },
      schema: {
        tags: ['api-keys'],
        summary: 'Create an API key; the secret is in this response and nowhere else, ever',
        body: createApiKeySchema,
        response: { 201: createdApiKeySchema },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.create(requireMember(request.actor), auditContextOf(request), request.body)),
    });

    app.delete('/api-keys/:id', {
      config: { access: { permission: 'apikeys.manage' } },
      schema: { tags: ['api-keys'], summary: 'Revoke an API key', params, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await service.revoke(requireMember(request.actor), auditContextOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    });
  };
