import { idSchema, indicatorDetailSchema, setIndicatorStatusSchema } from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireMember } from '../../platform/auth/index.js';
import { auditContextOf } from '../../platform/context.js';
import type { IndicatorService } from './indicator.service.js';

const params = z.strictObject({ id: idSchema });

export const indicatorRoutes =
  (indicators: IndicatorService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/indicators/:id', {
      config: { access: { permission: 'lookup' } },
      schema: { tags: ['indicators'], summary: 'One indicator: visible sightings, counts, status history (404 when you see none of its reports)', params, response: { 200: indicatorDetailSchema } },
      handler: (request) => indicators.get(requireMember(request.actor), request.params.id, auditContextOf(request)),
    });
    app.post('/indicators/:id/status', {
      config: { access: { permission: 'indicators.dispute' } },
      schema: {
        tags: ['indicators'],
        summary: 'Dispute an indicator, or (analysts) change its status',
        params,
        body: setIndicatorStatusSchema,
        response: { 200: indicatorDetailSchema },
        openapi: {
          errors: {
            403: 'Also: any member may dispute; other status changes are for analysts and investigators.',
            409: '`conflict`: reports of the identifier exist that you may not see (the status is their holders’ too); or a dispute by someone who may only dispute, of an identifier an analyst or investigator marked a false positive or taken down (`indicator.status_decided`); or the status the identifier has already (`indicator.status_unchanged`, nothing written).',
          },
        },
      },
      handler: (request) => indicators.setStatus(requireMember(request.actor), auditContextOf(request), request.params.id, request.body.status, request.body.reason),
    });
  };
