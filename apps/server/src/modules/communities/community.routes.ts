import { communitySchema, createCommunitySchema, idSchema, pageOf, pageQuerySchema, updateCommunitySchema } from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireMember } from '../../platform/auth/index.js';
import { auditContextOf } from '../../platform/context.js';
import type { CommunityService } from './community.service.js';

const params = z.strictObject({ id: idSchema });
const NAME_TAKEN = '`conflict` on `body.name`: the owner organisation has a community of that name already (case, spacing and Unicode form aside).';

export const communityRoutes =
  (service: CommunityService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/communities', {
      config: { access: { permission: 'communities.read' } },
      schema: { tags: ['sharing'], summary: 'Sharing communities your organisation belongs to', querystring: pageQuerySchema, response: { 200: pageOf(communitySchema) } },
      handler: (request) => service.list(requireMember(request.actor), request.query),
    });
    app.get('/communities/:id', {
      config: { access: { permission: 'communities.read' } },
      schema: { tags: ['sharing'], summary: 'One sharing community', params, response: { 200: communitySchema } },
      handler: (request) => service.get(requireMember(request.actor), request.params.id),
    });
    app.post('/communities', {
      config: { access: { permission: 'communities.manage' } },
      schema: {
        tags: ['sharing'],
        summary: 'Create a sharing community owned by your organisation',
        body: createCommunitySchema,
        response: { 201: communitySchema },
        openapi: { errors: { 409: NAME_TAKEN } },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await service.create(requireMember(request.actor), auditContextOf(request), request.body)),
    });
    app.patch('/communities/:id', {
      config: { access: { permission: 'communities.manage' } },
      schema: {
        tags: ['sharing'],
        summary: 'Rename a community or change its members (owner only)',
        params,
        body: updateCommunitySchema,
        response: { 200: communitySchema },
        openapi: { errors: { 403: 'Also: only the owner organisation changes a community.', 409: NAME_TAKEN } },
      },
      handler: (request) => service.update(requireMember(request.actor), auditContextOf(request), request.params.id, request.body),
    });
    app.delete('/communities/:id', {
      config: { access: { permission: 'communities.manage' } },
      schema: {
        tags: ['sharing'],
        summary: 'Delete a community no record is marked with (owner only)',
        params,
        response: { 204: z.null() },
        openapi: {
          responses: { 204: { description: 'Deleted.' } },
          errors: { 403: 'Also: only the owner organisation deletes a community.', 409: '`conflict`: records are still marked with the community; change their markings first.' },
        },
      },
      handler: async (request, reply) => {
        await service.remove(requireMember(request.actor), auditContextOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    });
  };
