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
        openapi: { errors: { 404: '`not_found`: an `organisationId` other than yours (only the secretariat sees other organisations’ keys).' } },
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
        openapi: {
          responses: { 201: { description: 'Created: the key, with its `secret` (shown this once; only its hash is kept).' } },
          errors: {
            400: '`validation_failed` at `body.scopes`: `node` asked by anyone but a platform admin, without write or admin, or for an organisation that stands for no federation peer.',
            404: '`not_found`: no such organisation, or one other than yours (only the secretariat creates keys elsewhere).',
            409: '`conflict`: the organisation is suspended (its keys do not authenticate; reactivate it first).',
          },
        },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.create(requireMember(request.actor), auditContextOf(request), request.body)),
    });

    app.delete('/api-keys/:id', {
      config: { access: { permission: 'apikeys.manage' } },
      schema: { tags: ['api-keys'], summary: 'Revoke an API key', params, response: { 204: z.null() }, openapi: { responses: { 204: { description: 'Revoked: the key answers 401 from now on.' } } } },
      handler: async (request, reply) => {
        await service.revoke(requireMember(request.actor), auditContextOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    });
  };
