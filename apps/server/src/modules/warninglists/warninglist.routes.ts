import {
  addWarninglistEntriesSchema,
  createWarninglistSchema,
  idSchema,
  pageOf,
  pageQuerySchema,
  removeWarninglistEntrySchema,
  warninglistEntrySchema,
  warninglistSchema,
} from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/context.js';
import type { WarninglistService } from './warninglist.service.js';

const params = z.strictObject({ id: idSchema });

export const warninglistRoutes =
  (service: WarninglistService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/warninglists', {
      config: { access: { permission: 'warninglists.read' } },
      schema: { tags: ['warninglists'], summary: 'Lists of known-benign identifiers', querystring: pageQuerySchema, response: { 200: pageOf(warninglistSchema) } },
      handler: (request) => service.list(request.query),
    });
    app.get('/warninglists/:id/entries', {
      config: { access: { permission: 'warninglists.read' } },
      schema: { tags: ['warninglists'], summary: 'Entries of one warninglist', params, querystring: pageQuerySchema, response: { 200: pageOf(warninglistEntrySchema) } },
      handler: (request) => service.entries(request.params.id, request.query),
    });
    app.post('/warninglists', {
      config: { access: { permission: 'warninglists.manage' } },
      schema: { tags: ['warninglists'], summary: 'Create a warninglist (secretariat)', body: createWarninglistSchema, response: { 201: warninglistSchema } },
      handler: async (request, reply) => reply.status(201).send(await service.create(auditContextOf(request), request.body)),
    });
    app.post('/warninglists/:id/entries', {
      config: { access: { permission: 'warninglists.manage' } },
      schema: { tags: ['warninglists'], summary: 'Add identifiers (normalised) to a warninglist', params, body: addWarninglistEntriesSchema, response: { 200: z.object({ added: z.number().int() }) } },
      handler: async (request) => ({ added: await service.addEntries(auditContextOf(request), request.params.id, request.body.entries) }),
    });
    app.delete('/warninglists/:id/entries', {
      config: { access: { permission: 'warninglists.manage' } },
      schema: { tags: ['warninglists'], summary: 'Remove one identifier from a warninglist', params, body: removeWarninglistEntrySchema, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await service.removeEntry(auditContextOf(request), request.params.id, request.body);
        return reply.status(204).send(null);
      },
    });
    app.delete('/warninglists/:id', {
      config: { access: { permission: 'warninglists.manage' } },
      schema: { tags: ['warninglists'], summary: 'Delete a warninglist (not the built-in ones)', params, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await service.remove(auditContextOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    });
  };
