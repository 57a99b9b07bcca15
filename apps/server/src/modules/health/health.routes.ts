import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/index.js';
import { isReachable } from '../../db/index.js';
import { AppError } from '../../platform/errors.js';

/** Liveness answers while the process runs; readiness only while the database answers too. */
export const healthRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/healthz', {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Liveness',
        response: { 200: z.object({ status: z.literal('ok') }) },
        openapi: { responses: { 200: { description: 'The process is running.' } } },
      },
      handler: async () => ({ status: 'ok' as const }),
    });
    app.get('/readyz', {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database is reachable',
        response: { 200: z.object({ status: z.literal('ready') }) },
        openapi: { responses: { 200: { description: 'Ready: the database answers.' } }, errors: { 503: '`unavailable`: the database is not reachable.' } },
      },
      handler: async () => {
        if (!(await isReachable(db))) throw new AppError('unavailable', 'The database is not reachable');
        return { status: 'ready' as const };
      },
    });
  };
