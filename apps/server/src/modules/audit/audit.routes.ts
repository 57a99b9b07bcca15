import { auditEventSchema, auditVerificationSchema, listAuditQuerySchema, pageOf } from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireMember } from '../../platform/auth/index.js';
import type { AuditService } from './audit.service.js';

export const auditRoutes =
  (service: AuditService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/audit-events', {
      config: { access: { permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first',
        querystring: listAuditQuerySchema,
        response: { 200: pageOf(auditEventSchema) },
        openapi: {
          responses: {
            200: {
              description:
                'A page of events. An organisation’s admins get their organisation’s trail: what its people and keys did, and what anyone (the secretariat, the console) did to its own users, keys or entry (`subjectOrganisationId`), without the chain’s `seq`. The secretariat gets every event.',
            },
          },
        },
      },
      handler: (request) => service.list(requireMember(request.actor), request.query),
    });
    app.get('/audit-events/verify', {
      config: { access: { permission: 'audit.verify' } },
      schema: { tags: ['audit'], summary: 'Verify the whole hash chain', response: { 200: auditVerificationSchema } },
      handler: () => service.verify(),
    });
  };
