import { lookupBatchResponseSchema, lookupBatchSchema, lookupQuerySchema, lookupResultSchema, type LookupResult } from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireMember } from '../../platform/auth/index.js';
import { Admission } from './admission.js';
import { lookupBatchJsonBytes, lookupResultJson } from './lookup-json.js';
import type { LookupService } from './lookup.service.js';

/** Batch lookups past the admission gate at once: one normalised off-thread while one is answered. */
export const BATCH_ADMISSION = 2;

export const lookupRoutes =
  (lookup: LookupService, batchAdmission = new Admission(BATCH_ADMISSION)): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/lookup', {
      config: { access: { permission: 'lookup' } },
      schema: { tags: ['lookup'], summary: 'Look up one identifier (type detected when absent)', querystring: lookupQuerySchema, response: { 200: lookupResultSchema } },
      // The schema documents the answer; the batch's writer of the same whitelist writes it (lookup-json.ts).
      serializerCompiler: () => (data) => lookupResultJson(data as LookupResult),
      handler: async (request) => (await lookup.lookup(requireMember(request.actor), [request.query]))[0]!,
    });
    app.post('/lookup', {
      config: { access: { permission: 'lookup' } },
      schema: { tags: ['lookup'], summary: 'Look up to 1,000 identifiers; answers in request order', body: lookupBatchSchema, response: { 200: lookupBatchResponseSchema } },
      // The schema still documents the answer; a 1,000-result answer is written by the copy-and-stringify
      // writer of the same whitelist (lookup-json.ts), which costs less on that size. It writes UTF-8 bytes
      // (Fastify sends a Buffer as is, with its length), so the ~200 KB answer is never one string that
      // Node would have to flatten, measure and encode again.
      serializerCompiler: () => (data) => lookupBatchJsonBytes(data as { results: LookupResult[] }) as unknown as string,
      // After authentication (the app's hooks run first), before the body is read: see Admission. The
      // place is given back when the response closes, whether it finished or the client went away.
      onRequest: async (_request, reply) => {
        if (reply.raw.closed) return; // already gone: nothing to admit, and no 'close' would come
        const ticket = batchAdmission.enter();
        reply.raw.once('close', () => ticket.release());
        await ticket.admitted;
      },
      handler: async (request) => ({ results: await lookup.lookup(requireMember(request.actor), request.body.items) }),
    });
  };
