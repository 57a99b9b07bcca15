import { idSchema, STIX_LIMITS, stixBundleBodySchema, stixImportQuerySchema, stixImportResultSchema } from '@gpos/contracts';
import { isUtf8 } from 'node:buffer';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, requireMember } from '../../platform/auth/index.js';
import { auditContextOf } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { nestsDeeperThan } from '../../platform/http/json-depth.js';
import { notJsonBody, tooDeepBody } from '../../platform/http/request-refusals.js';
import { forbiddenKeyInBody, jsonTextOf, notUtf8Body } from '../../platform/http/utf8-json.js';
import { NETWORK_MOVED_404 } from '../networks/network-successors.js';
import { submitterOf } from '../reports/index.js';
import { bundleErrorPath } from './stix-reasons.js';
import type { StixService } from './stix.service.js';

const params = z.strictObject({ id: idSchema });
/** The output whitelist of an export: a bundle of objects the mappers made (validated in the tests against OASIS). */
const bundleSchema = z.object({ type: z.literal('bundle'), id: z.string(), objects: z.array(z.record(z.string(), z.unknown())) });
const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

/**
 * A bundle in exactly the registered media type: `reply.type()` would rewrite it to
 * `application/stix+json; version="2.1"; charset=utf-8`, which clients comparing it token by token (the
 * OASIS taxii2client among them) refuse. A Buffer keeps the header as set, as the TAXII routes do.
 */
const sendStix = (reply: FastifyReply, bundle: unknown) => reply.header('content-type', STIX_MEDIA_TYPE).send(Buffer.from(JSON.stringify(bundle), 'utf8'));
const STIX_EXPORT = { description: `The STIX 2.1 bundle (\`${STIX_MEDIA_TYPE}\`).`, content: { 'application/stix+json': bundleSchema } };
/** The bundle as the importer takes it (documentation only: `body` stays the loose schema, and the importer answers the rest with its own codes). */
const importedBundleSchema = z.looseObject({
  type: z.literal('bundle'),
  id: z.string().regex(/^bundle--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/).describe('`bundle--<uuid>`'),
  spec_version: z.never().optional().describe('Absent: STIX 2.1 bundles have none (one that has it, such as a STIX 2.0 bundle, is refused).'),
  objects: z
    .array(z.looseObject({ type: z.string().min(1).max(250), id: z.string().max(300).describe('`<type>--<uuid>`') }))
    .min(1)
    .max(STIX_LIMITS.bundleObjects)
    .describe('STIX 2.1 objects; one without a `type` and an id of that type is rejected (and with it the bundle, unless `partial=true`).'),
}).describe('A STIX 2.1 bundle.');

export const stixRoutes =
  (stix: StixService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/reports/:id/stix', {
      config: { access: { permission: 'reports.read' } },
      schema: { tags: ['stix'], summary: 'One report as a STIX 2.1 bundle (404 when you may not see it)', params, response: { 200: bundleSchema }, openapi: { responses: { 200: STIX_EXPORT } } },
      handler: async (request, reply) => sendStix(reply, await stix.exports.exportReport(requireMember(request.actor), auditContextOf(request), request.params.id)),
    });

    app.get('/indicators/:id/stix', {
      config: { access: { permission: 'lookup' } },
      schema: {
        tags: ['stix'],
        summary: 'One indicator as a STIX 2.1 bundle: its observable and each visible report’s indicator and sighting (404 when you see none of its reports)',
        params,
        response: { 200: bundleSchema },
        openapi: { responses: { 200: STIX_EXPORT } },
      },
      handler: async (request, reply) => sendStix(reply, await stix.exports.exportIndicator(requireMember(request.actor), auditContextOf(request), request.params.id)),
    });

    app.get('/networks/:id/stix', {
      config: { access: { permission: 'networks.read' } },
      schema: {
        tags: ['stix'],
        summary: 'A network as a STIX 2.1 bundle: an intrusion-set related to the indicators of its reports you may see (404 when you see none)',
        params,
        response: { 200: bundleSchema },
        openapi: { responses: { 200: STIX_EXPORT }, errors: { 404: NETWORK_MOVED_404 } },
      },
      handler: async (request, reply) => sendStix(reply, await stix.exportNetwork(requireMember(request.actor), auditContextOf(request), request.params.id)),
    });

    await app.register(async (scope) => {
      // A STIX client may send the STIX media type; it is JSON. The size limit is the bundle limit.
      const imports = scope.withTypeProvider<ZodTypeProvider>();
      imports.addContentTypeParser('application/stix+json', { parseAs: 'buffer', bodyLimit: STIX_LIMITS.bundleBytes }, (_request, body, done) => {
        if (!isUtf8(body as Buffer)) {
          done(notUtf8Body(), undefined);
          return;
        }
        if (nestsDeeperThan(body as Buffer)) {
          done(tooDeepBody(), undefined);
          return;
        }
        let value: unknown;
        try {
          value = JSON.parse(jsonTextOf(body as Buffer));
        } catch {
          done(notJsonBody(), undefined);
          return;
        }
        // Refused as the same bundle sent as application/json is (utf8-json.ts): the key named, nothing read.
        const forbidden = forbiddenKeyInBody(value);
        if (forbidden) done(forbidden, undefined);
        else done(null, value);
      });
      imports.post('/stix/bundles', {
        config: { access: { permission: 'reports.write' } },
        bodyLimit: STIX_LIMITS.bundleBytes,
        schema: {
          tags: ['stix'],
          summary: 'Import a STIX 2.1 bundle: reports, indicators and sightings, with provenance; answers per object',
          description:
            `At most ${STIX_LIMITS.bundleObjects} objects and ${STIX_LIMITS.bundleBytes} bytes. All or nothing by default: with any rejected object nothing is written and the answer is 400 with each object's errors; ` +
            '`partial=true` writes the valid reports and states exactly which. Re-importing the same bundle changes nothing (duplicates); a newer `modified` corrects, `revoked: true` retracts. See docs/stix.md.',
          querystring: stixImportQuerySchema,
          body: stixBundleBodySchema,
          response: { 200: stixImportResultSchema },
          // What the importer requires beyond `body` (stix-import.ts checks it and answers 400 with a `stix.*` code).
          openapi: {
            requestBody: { description: 'A STIX 2.1 bundle, as JSON or STIX JSON.', content: { 'application/json': importedBundleSchema, 'application/stix+json': importedBundleSchema } },
            responses: { 200: { description: 'Imported (all of it, or with `partial=true` the valid part): what became of each object, by its index in `objects`.' } },
            errors: {
              400: `A bundle the importer refuses (\`errors\` codes \`stix.*\`: not type \`bundle\`, a \`spec_version\`, an id that is not \`bundle--<uuid>\`, no objects; more than ${STIX_LIMITS.bundleObjects} objects, on \`body.objects\`), or, without \`partial=true\`, any rejected object: \`errors\` lists each one’s errors (at most 200), \`rejectedObjects\` of \`totalObjects\` were rejected, \`firstRejected\` names the first, and nothing is imported.`,
            },
          },
        },
        handler: async (request) => {
          const actor = requireMember(request.actor);
          const result = await stix.importBundle(submitterOf(actor), request.body, {
            partial: request.query.partial === 'true',
            sourceNode: request.query.sourceNode ?? null,
            // A node named in the query is the platform admin's word for it (they run the node's federation);
            // anyone else's is provenance only, so a recipient cannot name the source to widen what it sent.
            speaksForSourceNode: can(actor, 'federation.manage'),
            context: auditContextOf(request),
          });
          if (!result.applied) {
            const rejected = result.results.filter((r) => r.status === 'rejected');
            const errors = rejected.flatMap((r) => r.errors.map((e) => ({ ...e, path: bundleErrorPath(r.index, e.path) }))).slice(0, 200);
            const first = rejected[0]!;
            // The counts travel as members of the problem too, for a client to say them in its reader's language.
            const stixRefusal = { rejectedObjects: rejected.length, totalObjects: result.results.length, firstRejected: { index: first.index, id: first.id } };
            throw new AppError('validation_failed', `${rejected.length} of ${result.results.length} objects were rejected, so nothing was imported (partial=true imports the rest). First: object ${first.index} (${first.id ?? 'no id'}): ${first.reason}`, { errors, stixRefusal });
          }
          return result;
        },
      });
    });
  };
