import { auditEventSchema, auditVerificationSchema, listAuditQuerySchema, pageOf } from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireMember } from '../../platform/auth/index.js';
import type { AuditService } from './audit.service.js';

export const auditRoutes =
  (service: AuditService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/audit-events', {
      config: { access: { permission: 'audit.read' } },
      schema: { tags: ['audit'], summary: 'Audit events, newest first', querystring: listAuditQuerySchema, response: { 200: pageOf(auditEventSchema) } },
      handler: (request) => service.list(requireMember(request.actor), request.query),
    });
    app.get('/audit-events/verify', {
      config: { access: { permission: 'audit.verify' } },
      schema: { tags: ['audit'], summary: 'Verify the whole hash chain', response: { 200: auditVerificationSchema } },
      handler: () => service.verify(),
    });
  };
