import { accessRequestSchema, createAccessRequestSchema, idSchema, pageOf } from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireMember } from '../../platform/auth/index.js';
import { auditContextOf } from '../../platform/context.js';
import type { AccessRequestService } from './access-request.service.js';

export const accessRequestRoutes =
  (service: AccessRequestService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/indicators/:id/access-requests', {
      config: { access: { permission: 'lookup' } },
      schema: {
        tags: ['access-requests'],
        summary: 'Ask the holders of a hit for access to their reports',
        params: z.strictObject({ id: idSchema }),
        body: createAccessRequestSchema,
        response: { 201: accessRequestSchema },
        openapi: {
          responses: { 201: { description: 'Asked: the access request, pending.' } },
          errors: { 404: 'Also when no report you cannot see holds the indicator: there is nothing to ask for.', 409: '`conflict`: your own organisation holds these reports.' },
        },
      },
      handler: async (request, reply) => reply.status(201).send(await service.requestIndicator(requireMember(request.actor), auditContextOf(request), request.params.id, request.body.reason)),
    });
    app.get('/access-requests', {
      config: { access: { permission: 'lookup' } },
      schema: {
        tags: ['access-requests'],
        summary: 'Access requests your organisation has made',
        response: { 200: pageOf(accessRequestSchema) },
        openapi: { responses: { 200: { description: 'Your organisation’s 200 most recent access requests, newest first (`nextCursor` is always null).' } } },
      },
      handler: (request) => service.list(requireMember(request.actor)),
    });
  };
