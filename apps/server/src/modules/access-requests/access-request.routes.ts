import {
  accessRequestSchema,
  answerAccessRequestSchema,
  createAccessRequestSchema,
  idSchema,
  incomingAccessRequestSchema,
  incomingAccessRequestsQuerySchema,
  outgoingAccessRequestsQuerySchema,
  pageOf,
} from '@gpos/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireMember } from '../../platform/auth/index.js';
import { auditContextOf } from '../../platform/context.js';
import { HIT_HANDLE } from '../../platform/hit-handles.js';
import type { AccessRequestService } from './access-request.service.js';

export const accessRequestRoutes =
  (service: AccessRequestService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/indicators/:id/access-requests', {
      config: { access: { permission: 'access_requests.create' } },
      schema: {
        tags: ['access-requests'],
        summary: 'Ask the holders of a hit for access to their reports',
        description:
          'Ask at the `href` a hidden hit gives (it names the identifier by a hit handle, `hit-…`, never by its id). The request reaches every organisation holding reports on the indicator that you may not see: it is in their `GET /access-requests/incoming` and, when the organisation as a whole may see one of those reports, an `access_request.received` event on their events stream and webhooks. You see the holders only by kind and country until one answers.',
        // The hit handle a hidden hit names (`hit-…`), or the indicator's id for one who may see it.
        // One check with one message: a union's refusal would say only "Invalid input".
        params: z.strictObject({
          id: z
            .string()
            .max(64, { message: 'must be an indicator id or the hit handle a hidden hit names (at most 64 characters)' })
            .refine((id) => HIT_HANDLE.test(id) || idSchema.safeParse(id).success, { message: 'must be an indicator id (a UUID) or the hit handle a hidden hit names (hit-…)' }),
        }),
        body: createAccessRequestSchema,
        response: { 201: accessRequestSchema },
        openapi: {
          responses: { 201: { description: 'Asked: the access request, pending.' } },
          errors: { 404: 'Also when no report you cannot see holds the indicator: there is nothing to ask for.', 409: '`conflict`: your own organisation holds these reports.' },
        },
      },
      handler: async (request, reply) => reply.status(201).send(await service.requestIndicator(requireMember(request.actor), auditContextOf(request), request.params.id, request.body.reason)),
    });

    app.get('/access-requests', {
      config: { access: { permission: 'lookup' } },
      schema: {
        tags: ['access-requests'],
        summary: 'Access requests your organisation has made, and the holders’ answers',
        description:
          'Each request lists its holders by kind and country (each once, whether it answered or not) and, for each holder that answered, its answer with its organisation’s name and note. `status`: `granted` once any holder granted, `refused` once every holder refused, `pending` until then. ' +
          'A grant is a holder’s word, not access: the holder shares its reports by naming your organisation in their markings, and you then see them in lookup, reports and networks as any shared report. ' +
          'For a network’s request, `progress` counts its holding organisations by answer (granted, refused, waiting), in total and per kind and country; null for an identifier’s request, whose holders are told only as kinds and countries. ' +
          '`visibleReports` lists the reports the request is about that you may see now (at most 20, by id), `visibleReportCount` counts them. ' +
          'The first time your organisation is shown an answer it is marked read (the holder sees that) and the reading is audited (`access_request.answer_read`).',
        querystring: outgoingAccessRequestsQuerySchema,
        response: { 200: pageOf(accessRequestSchema) },
        openapi: { responses: { 200: { description: 'Your organisation’s access requests, newest first, 200 a page unless `limit` says fewer; `status` filters.' } } },
      },
      handler: (request) => service.list(requireMember(request.actor), auditContextOf(request), request.query),
    });

    app.get('/access-requests/incoming', {
      config: { access: { permission: 'access_requests.answer' } },
      schema: {
        tags: ['access-requests'],
        summary: 'Access requests made to your organisation',
        description:
          'Requests whose holders include your organisation, newest first, with who asks (the requesting organisation), why, the identifier asked about, and your organisation’s reports the request concerns — those the requester could not see when it asked — that you may see (at most 50 listed, `reportCount` counts them), each saying whether the requester may see it now. ' +
          'A request none of whose reports you may see (RED reports addressed to other people of your organisation) is not listed to you. Other holders of the request are never named. `status` is your organisation’s own answer (`pending`: not answered yet) and filters the list; `requester` keeps one requesting organisation’s requests and `report` those about one of your reports. Reading the list is audited (`access_request.read`).',
        querystring: incomingAccessRequestsQuerySchema,
        response: { 200: pageOf(incomingAccessRequestSchema) },
        openapi: { responses: { 200: { description: 'A page of requests made to your organisation; `nextCursor` pages on.' } } },
      },
      handler: (request) => service.incoming(requireMember(request.actor), auditContextOf(request), request.query),
    });

    app.get('/access-requests/:id', {
      config: { access: { permission: 'lookup' } },
      schema: {
        tags: ['access-requests'],
        summary: 'One access request your organisation made, with its progress and the reports you may now see',
        description:
          'As `GET /access-requests` lists it: holders by kind and country, the answers given by name, a network request’s `progress`, and `visibleReports` / `visibleReportCount`. The first time your organisation is shown an answer it is marked read and the reading audited (`access_request.answer_read`).',
        params: z.strictObject({ id: idSchema }),
        response: { 200: accessRequestSchema },
        openapi: { responses: { 200: { description: 'The request as your organisation sees it.' } }, errors: { 404: 'Also when the request was made by another organisation.' } },
      },
      handler: (request) => service.get(requireMember(request.actor), auditContextOf(request), request.params.id),
    });

    app.post('/access-requests/:id/answer', {
      config: { access: { permission: 'access_requests.answer' } },
      schema: {
        tags: ['access-requests'],
        summary: 'Answer an access request made to your organisation: granted or refused, with a note',
        description:
          'Records your organisation’s answer (once; it is final) and tells the requester — its `GET /access-requests` shows the answer with your organisation’s name and your note, and an `access_request.answered` event goes to its events stream and webhooks. ' +
          '`granted` changes no marking and shares nothing by itself: share each report by correcting its marking (`PUT /reports/{id}`: TLP AMBER+STRICT, or RED with `redRecipientScope: organisations`, naming the requester — `requester.id` — in `recipientOrganisationIds`), and say in the note what you share and how. The answer is audited (`access_request.answer`).',
        params: z.strictObject({ id: idSchema }),
        body: answerAccessRequestSchema,
        response: { 200: incomingAccessRequestSchema },
        openapi: {
          responses: { 200: { description: 'Answered: the request as your organisation now sees it.' } },
          errors: {
            404: 'Also when the request was not made to your organisation, or you may see none of its reports the request concerns.',
            409: '`conflict`: your organisation has answered this request already.',
          },
        },
      },
      handler: (request) => service.answer(requireMember(request.actor), auditContextOf(request), request.params.id, request.body),
    });

    app.post('/access-requests/:id/withdraw', {
      config: { access: { permission: 'access_requests.create' } },
      schema: {
        tags: ['access-requests'],
        summary: 'Withdraw an access request your organisation made',
        description:
          'While no holder has granted it: the request becomes `withdrawn`, holders that have not answered can no longer answer it, and those told of it get an `access_request.withdrawn` event on their events stream and webhooks. Answers given stay on record. Audited (`access_request.withdraw`).',
        params: z.strictObject({ id: idSchema }),
        response: { 200: accessRequestSchema },
        openapi: {
          responses: { 200: { description: 'Withdrawn: the request as your organisation now sees it.' } },
          errors: {
            404: 'Also when the request was made by another organisation.',
            409: '`conflict`: the request was withdrawn already, or a holder granted it (or every holder refused it).',
          },
        },
      },
      handler: (request) => service.withdraw(requireMember(request.actor), auditContextOf(request), request.params.id),
    });
  };
