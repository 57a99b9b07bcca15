import { lookupBatchResponseSchema, lookupBatchSchema, lookupQuerySchema, lookupResultSchema } from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireMember } from '../../platform/auth/index.js';
import type { LookupService } from './lookup.service.js';

export const lookupRoutes =
  (lookup: LookupService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/lookup', {
      config: { access: { permission: 'lookup' } },
      schema: { tags: ['lookup'], summary: 'Look up one identifier (type detected when absent)', querystring: lookupQuerySchema, response: { 200: lookupResultSchema } },
      handler: async (request) => (await lookup.lookup(requireMember(request.actor), [request.query]))[0]!,
    });
    app.post('/lookup', {
      config: { access: { permission: 'lookup' } },
      schema: { tags: ['lookup'], summary: 'Look up to 1,000 identifiers; answers in request order', body: lookupBatchSchema, response: { 200: lookupBatchResponseSchema } },
      handler: async (request) => ({ results: await lookup.lookup(requireMember(request.actor), request.body.items) }),
    });
  };
