import { LIMITS, MISP_LIMITS, mispEventDocumentSchema, mispExportRequestSchema, mispImportResultSchema } from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireMember } from '../../platform/auth/index.js';
import { auditContextOf } from '../../platform/context.js';
import { coded } from '../../platform/errors.js';
import { requestRefusals } from '../../platform/http/request-refusals.js';
import { submitterOf } from '../reports/index.js';
import type { MispExportService } from './misp-export.js';
import type { MispImportService } from './misp-import.js';

export const mispRoutes =
  (imports: MispImportService, exports: MispExportService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/misp/events', {
      // Importing is submitting reports, so it takes the permission that submitting does.
      config: { access: { permission: 'reports.write' } },
      // Say what the limit is and where larger MISP files go; everything else goes on to the app's handler.
      errorHandler: (error) => {
        if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
          throw coded('payload_too_large', requestRefusals.say('request.misp_body_too_large', { bytes: LIMITS.requestBodyBytes }), {
            errors: [{ path: 'body', ...requestRefusals.say('request.is_larger_than', { bytes: LIMITS.requestBodyBytes }) }],
          });
        }
        throw error;
      },
      schema: {
        tags: ['misp'],
        summary: 'Import MISP events: each becomes one report; every attribute is mapped or listed as skipped with its reason',
        description:
          `Body: one MISP event in any shape MISP writes — \`{"Event": {...}}\`, \`{"response": [{"Event": ...}]}\`, a bare event — or a list of them; ` +
          `at most ${MISP_LIMITS.eventsPerRequest} events and ${LIMITS.requestBodyBytes} bytes (import larger files and feed directories with \`gpos misp import\`). ` +
          'Re-importing an event (same uuid, same organisation) is a no-op answered `duplicate`; so is an event exported by this platform whose reports are here and visible to you (a report you may not see counts as unknown). ' +
          '`summary` says what was stored (`reportsStored`, `identifiersStored`, `mappedStored`) apart from what rejected events would have given (`mappedInRejected`). The mapping is documented in docs/misp.md.',
        body: z.unknown(),
        response: { 200: mispImportResultSchema },
        openapi: {
          responses: { 200: { description: 'What became of each event (imported or duplicate, with its report) and of each attribute (mapped, or skipped with its reason).' } },
          errors: { 413: `\`payload_too_large\` also answers more than ${MISP_LIMITS.eventsPerRequest} events.` },
        },
      },
      handler: async (request) => {
        const actor = requireMember(request.actor);
        return imports.importDocuments(submitterOf(actor), auditContextOf(request), [{ source: 'body', json: request.body }], { maxEvents: MISP_LIMITS.eventsPerRequest });
      },
    });

    app.post('/misp/export', {
      config: { access: { permission: 'reports.read' } },
      schema: {
        tags: ['misp'],
        summary: 'Export reports you may see as one MISP event (importable by MISP); a report you may not see answers 404',
        body: mispExportRequestSchema,
        response: { 200: mispEventDocumentSchema },
        openapi: {
          responses: { 200: { description: 'One MISP event (`{"Event": …}`) with the reports’ attributes, importable by MISP.' } },
          errors: { 404: '`not_found`: a report that does not exist or that you may not see.', 409: '`conflict`: a report was retracted; retracted reports are not exported.' },
        },
      },
      handler: async (request) => exports.exportReports(requireMember(request.actor), auditContextOf(request), request.body),
    });
  };
