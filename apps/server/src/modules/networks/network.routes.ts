import {
  accessRequestSchema,
  idSchema,
  indicatorLinkingSchema,
  linkDecisionPreviewQuerySchema,
  linkDecisionPreviewSchema,
  linkDecisionResultSchema,
  linkDecisionSchema,
  linkReviewItemSchema,
  linkReviewQuerySchema,
  listNetworksQuerySchema,
  networkAccessRequestSchema,
  networkDetailSchema,
  networkExportQuerySchema,
  networkGraphQuerySchema,
  networkGraphSchema,
  networkPathQuerySchema,
  networkPathSchema,
  networkSummarySchema,
  pageOf,
  undoLinkDecisionSchema,
} from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireMember } from '../../platform/auth/index.js';
import { auditContextOf } from '../../platform/context.js';
import { NETWORK_MOVED_404 } from './network-successors.js';
import type { NetworkService } from './network.service.js';

const params = z.strictObject({ id: idSchema });
/** The JSON export (documentation only: the file is written by the service, graph/graph-export.ts). */
const networkExportFileSchema = z.object({
  id: idSchema,
  nodes: z.array(
    z.object({
      id: idSchema,
      kind: z.enum(['report', 'indicator']),
      label: z.string(),
      attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    }),
  ),
  edges: z.array(z.object({ source: idSchema, target: idSchema, role: z.string() })),
});

export const networkRoutes =
  (networks: NetworkService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/networks', {
      config: { access: { permission: 'networks.read' } },
      schema: {
        tags: ['networks'],
        summary: 'Networks you can see, ranked by the "big fish" score (highest first)',
        description: 'Figures count only the reports you may see; the rest shows under `hidden`. Without `minReports`, networks of at least 2 reports.',
        querystring: listNetworksQuerySchema,
        response: { 200: pageOf(networkSummarySchema) },
      },
      handler: (request) => networks.list(requireMember(request.actor), request.query),
    });

    app.get('/networks/review', {
      config: { access: { permission: 'networks.read' } },
      schema: { tags: ['networks'], summary: 'Indicators held back from linking, for review (most reports you may see first)', querystring: linkReviewQuerySchema, response: { 200: pageOf(linkReviewItemSchema) } },
      handler: (request) => networks.review(requireMember(request.actor), request.query),
    });

    app.get('/networks/:id', {
      config: { access: { permission: 'networks.read' } },
      schema: {
        tags: ['networks'],
        summary: 'One network: metrics, key indicators, countries, history (404 when you see none of its reports)',
        params,
        response: { 200: networkDetailSchema },
        openapi: { errors: { 404: NETWORK_MOVED_404 } },
      },
      handler: (request) => networks.get(requireMember(request.actor), request.params.id),
    });

    app.get('/networks/:id/path', {
      config: { access: { permission: 'networks.read' } },
      schema: {
        tags: ['networks'],
        summary: 'The shortest chain of shared indicators joining two reports of the network',
        params,
        querystring: networkPathQuerySchema,
        response: { 200: networkPathSchema },
        openapi: { errors: { 404: `${NETWORK_MOVED_404} A \`from\` or \`to\` report that is not in the network you see answers 404 as well.` } },
      },
      handler: (request) => networks.path(requireMember(request.actor), auditContextOf(request), request.params.id, request.query.from, request.query.to),
    });

    app.get('/networks/:id/graph', {
      config: { access: { permission: 'networks.read' } },
      schema: {
        tags: ['networks'],
        summary: 'Reports and indicators of the network as nodes and edges, at most `limit` nodes (expand with `around`)',
        params,
        querystring: networkGraphQuerySchema,
        response: { 200: networkGraphSchema },
        openapi: { errors: { 404: NETWORK_MOVED_404 } },
      },
      handler: (request) => networks.graph(requireMember(request.actor), auditContextOf(request), request.params.id, request.query),
    });

    app.get('/networks/:id/export', {
      config: { access: { permission: 'networks.read' } },
      schema: {
        tags: ['networks'],
        summary: 'The network as JSON, GraphML or GEXF (a file download; only what you may see)',
        params,
        querystring: networkExportQuerySchema,
        response: { 200: z.string().describe('the file: JSON, GraphML or GEXF') },
        openapi: {
          responses: {
            200: {
              description: 'The file, in the media type of `format`: JSON (the default), GraphML or GEXF, with the same nodes (reports and indicators) and edges.',
              content: {
                'application/json': networkExportFileSchema,
                'application/graphml+xml': { type: 'string', description: 'GraphML 1.0 (`format=graphml`).' },
                'application/gexf+xml': { type: 'string', description: 'GEXF 1.2 (`format=gexf`).' },
              },
              headers: { 'content-disposition': { description: '`attachment; filename="network-<id>.<json|graphml|gexf>"`', schema: { type: 'string' } } },
            },
          },
          errors: { 404: NETWORK_MOVED_404 },
        },
      },
      handler: async (request, reply) => {
        const file = await networks.export(requireMember(request.actor), auditContextOf(request), request.params.id, request.query.format);
        return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
      },
    });

    app.post('/networks/:id/access-requests', {
      config: { access: { permission: 'access_requests.create' } },
      schema: {
        tags: ['networks', 'access-requests'],
        summary: 'Ask the holders of the reports you cannot see in this network for access',
        params,
        body: networkAccessRequestSchema,
        response: { 201: accessRequestSchema },
        openapi: { responses: { 201: { description: 'Asked: the access request, pending.' } }, errors: { 409: '`conflict`: your own organisation holds these reports.' } },
      },
      handler: async (request, reply) => reply.status(201).send(await networks.requestAccess(requireMember(request.actor), auditContextOf(request), request.params.id, request.body.reason)),
    });

    app.get('/indicators/:id/linking', {
      config: { access: { permission: 'networks.read' } },
      schema: {
        tags: ['networks'],
        summary: 'Whether an indicator links reports, into which network, or why it is held back, and any analyst decision (404 when you see none of its reports)',
        params,
        response: { 200: indicatorLinkingSchema },
      },
      handler: (request) => networks.linking(requireMember(request.actor), request.params.id),
    });

    app.get('/indicators/:id/link-decision-preview', {
      config: { access: { permission: 'networks.decide' } },
      schema: {
        tags: ['networks'],
        summary: 'What recording a link decision on an indicator would do now, without recording it: for `no_link`, which networks would split, into which pieces, and which piece keeps the id; for `confirm_link`, how many networks would merge into one, and that network',
        description:
          'Computed by the code that applies the decision, over the networks as they stand (a report filed in between can change the outcome). Figures count only the reports you may see; pieces or merged networks you see nothing of are only counted. The answer\'s `decision` says which shape it has.',
        params,
        querystring: linkDecisionPreviewQuerySchema,
        response: { 200: linkDecisionPreviewSchema },
        openapi: {
          errors: {
            404: '`not_found`: you see none of its reports.',
            409: '`conflict`, as recording the decision would answer: the indicator is a reserved address, or other organisations hold reports of it that you may not see (ask for access first).',
          },
        },
      },
      handler: (request) => networks.preview(requireMember(request.actor), request.params.id, request.query.decision),
    });

    app.post('/indicators/:id/link-decision', {
      config: { access: { permission: 'networks.decide' } },
      schema: {
        tags: ['networks'],
        summary: 'Decide whether an indicator links reports: `no_link` (its network splits) or `confirm_link` (a held indicator links)',
        params,
        body: linkDecisionSchema,
        response: { 200: linkDecisionResultSchema },
        openapi: { errors: { 409: '`conflict`: the indicator is not in any network yet (try again in a moment), or other organisations hold reports of it that you may not see (ask for access first: the decision would move their reports).' } },
      },
      handler: (request) => networks.decide(requireMember(request.actor), auditContextOf(request), request.params.id, request.body.decision, request.body.reason),
    });

    app.post('/networks/events/:eventId/undo', {
      config: { access: { permission: 'networks.decide' } },
      schema: {
        tags: ['networks'],
        summary: 'Undo the link decision in force on an indicator (its own event, or the split or merge it caused)',
        params: z.strictObject({ eventId: idSchema }),
        body: undoLinkDecisionSchema,
        response: { 200: linkDecisionResultSchema },
        openapi: { errors: { 404: '`not_found`: no such event, or one about an indicator you may not see (never named).', 409: '`conflict`: the event was undone already, is not the decision in force, or is not a decision (an automatic merge or split, an undo); or other organisations hold reports of its indicator that you may not see (ask for access first).' } },
      },
      handler: (request) => networks.undo(requireMember(request.actor), auditContextOf(request), request.params.eventId, request.body.reason),
    });
  };
