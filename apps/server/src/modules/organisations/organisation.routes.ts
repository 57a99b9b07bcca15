import {
  createOrganisationSchema,
  idSchema,
  listOrganisationsQuerySchema,
  organisationSchema,
  pageOf,
  updateOrganisationSchema,
} from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/context.js';
import type { OrganisationService } from './organisation.service.js';

const params = z.strictObject({ id: idSchema });

export const organisationRoutes =
  (service: OrganisationService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/organisations', {
      config: { access: { permission: 'organisations.read' } },
      schema: {
        tags: ['organisations'],
        summary: 'List member organisations',
        querystring: listOrganisationsQuerySchema,
        response: { 200: pageOf(organisationSchema) },
      },
      handler: (request) => service.list(request.query),
    });

    app.get('/organisations/:id', {
      config: { access: { permission: 'organisations.read' } },
      schema: { tags: ['organisations'], summary: 'One member organisation', params, response: { 200: organisationSchema } },
      handler: (request) => service.get(request.params.id),
    });

    app.post('/organisations', {
      config: { access: { permission: 'organisations.manage' } },
      schema: {
        tags: ['organisations'],
        summary: 'Admit an organisation (secretariat)',
        body: createOrganisationSchema,
        response: { 201: organisationSchema },
        openapi: {
          responses: { 201: { description: 'Admitted: the organisation, active.' } },
          errors: { 409: '`conflict`: another organisation has this name (compared ignoring case and spacing); `errors` names `body.name` and that organisation.' },
        },
      },
      handler: async (request, reply) => reply.status(201).send(await service.create(auditContextOf(request), request.body)),
    });

    app.patch('/organisations/:id', {
      config: { access: { permission: 'organisations.manage' } },
      schema: {
        tags: ['organisations'],
        summary: 'Edit, suspend or reactivate an organisation (secretariat)',
        params,
        body: updateOrganisationSchema,
        response: { 200: organisationSchema },
        openapi: {
          errors: {
            409: '`conflict`: you cannot suspend your own organisation; or another organisation has the new name (compared ignoring case and spacing), and `errors` names `body.name` and that organisation.',
          },
        },
      },
      handler: (request) => service.update(auditContextOf(request), request.params.id, request.body),
    });
  };
