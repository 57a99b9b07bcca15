import { fxRateSchema, putFxRatesSchema } from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/context.js';
import { validationFailed } from '../../platform/errors.js';
import { isCurrencyCode } from '@gpos/contracts';
import type { FxService } from './fx.service.js';

export const fxRoutes =
  (fx: FxService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/fx-rates', {
      config: { access: { permission: 'fx.read' } },
      schema: { tags: ['fx'], summary: 'Currency rates used to express losses in USD', response: { 200: z.object({ items: z.array(fxRateSchema) }) } },
      handler: async () => ({ items: await fx.list() }),
    });
    app.put('/fx-rates', {
      config: { access: { permission: 'fx.manage' } },
      schema: { tags: ['fx'], summary: 'Add or replace dated rates (secretariat)', body: putFxRatesSchema, response: { 200: z.object({ updated: z.number().int() }) } },
      handler: async (request) => {
        request.body.rates.forEach((rate, i) => {
          if (!isCurrencyCode(rate.currency)) throw validationFailed(`body.rates.${i}.currency`, 'is not an ISO 4217 currency code', rate.currency);
        });
        return { updated: await fx.upsert(auditContextOf(request), request.body.rates) };
      },
    });
  };
