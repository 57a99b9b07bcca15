import { createPeerSchema, idSchema, peerListSchema, peerSchema, peerSyncResultSchema } from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/context.js';
import type { FederationService } from './federation.service.js';

const params = z.strictObject({ id: idSchema });

/** The peer administration API: platform administrators only (peers are node-wide, and hold keys). */
export const federationRoutes =
  (service: FederationService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/federation/peers', {
      config: { access: { permission: 'federation.manage' } },
      schema: { tags: ['federation'], summary: 'The TAXII peers this node pulls from (never their API keys)', response: { 200: peerListSchema } },
      handler: async () => ({ items: await service.list() }),
    });

    app.post('/federation/peers', {
      config: { access: { permission: 'federation.manage' } },
      schema: {
        tags: ['federation'],
        summary: 'Add a peer: its TAXII URL, the API key to present, and the local organisation that represents it',
        body: createPeerSchema,
        response: { 201: peerSchema },
        openapi: {
          responses: { 201: { description: 'Added: the peer (its API key is stored encrypted and never shown again).' } },
          errors: {
            409: '`conflict`: a peer with this name exists already, or the organisation represents another peer.',
            503: '`unavailable`: this server has no `FEDERATION_KEY` to encrypt peer API keys with.',
          },
        },
      },
      handler: async (request, reply) => reply.status(201).send(await service.create(auditContextOf(request), request.body)),
    });

    app.get('/federation/peers/:id', {
      config: { access: { permission: 'federation.manage' } },
      schema: { tags: ['federation'], summary: 'One peer with its per-collection cursors', params, response: { 200: peerSchema } },
      handler: async (request) => service.get(request.params.id),
    });

    app.delete('/federation/peers/:id', {
      config: { access: { permission: 'federation.manage' } },
      schema: { tags: ['federation'], summary: 'Remove a peer (what was imported from it stays; its organisation’s node keys are revoked)', params, response: { 204: z.null() }, openapi: { responses: { 204: { description: 'Removed.' } } } },
      handler: async (request, reply) => {
        await service.remove(auditContextOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    });

    app.post('/federation/peers/:id/sync', {
      config: { access: { permission: 'federation.manage' } },
      schema: {
        tags: ['federation'],
        summary: 'Pull from the peer now; answers what was received and imported (409 while another server syncs it)',
        params,
        response: { 200: peerSyncResultSchema },
        openapi: { errors: { 409: '`conflict`: another server is syncing this peer; its outcome will show on the peer.' } },
      },
      handler: async (request) => service.sync(auditContextOf(request), request.params.id),
    });
  };
