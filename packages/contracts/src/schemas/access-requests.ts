import { z } from 'zod';
import { TLP_LEVELS } from '../enums.js';
import { INDICATOR_TYPES } from '../indicator-types.js';
import { LIMITS } from '../limits.js';
import { idSchema, pageQuerySchema, queryWholeNumberSchema } from './common.js';
import { REPORT_STATUSES } from './reports.js';

/**
 * Access requests, the holders' side: a request reaches every organisation holding reports the requester
 * could not see; each answers for itself. Answering reveals the answering organisation's name to the
 * requester (it chose to); a holder that has not answered stays a kind and a country. An answer changes
 * no report's marking: a holder shares a report by correcting its marking (`PUT /reports/{id}`), as it
 * shares anything else. The requester may withdraw a request no holder has granted yet (`withdrawn`):
 * holders that have not answered can no longer answer it.
 */
export const ACCESS_REQUEST_STATUSES = ['pending', 'granted', 'refused', 'withdrawn'] as const;
export type AccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number];
export const ACCESS_REQUEST_DECISIONS = ['granted', 'refused'] as const;
export type AccessRequestDecision = (typeof ACCESS_REQUEST_DECISIONS)[number];

/** The least a note must say: how the holder shares the reports, or why it does not. */
export const ACCESS_ANSWER_NOTE_MIN = 10;

/** `POST /access-requests/{id}/answer`: one holder's answer, final. */
export const answerAccessRequestSchema = z.strictObject({
  decision: z.enum(ACCESS_REQUEST_DECISIONS),
  note: z
    .string()
    .trim()
    .min(ACCESS_ANSWER_NOTE_MIN, { message: `say how you share the reports, or why not (at least ${ACCESS_ANSWER_NOTE_MIN} characters)` })
    .max(LIMITS.description),
});
export type AnswerAccessRequest = z.infer<typeof answerAccessRequestSchema>;

/**
 * A holder's answer as the requester sees it: the holder's kind and country (as the request listed it),
 * and, because it answered, its name.
 */
export const accessRequestAnswerSchema = z.object({
  organisationType: z.string(),
  country: z.string(),
  organisationName: z.string(),
  decision: z.enum(ACCESS_REQUEST_DECISIONS),
  note: z.string(),
  answeredAt: z.string(),
});
export type AccessRequestAnswer = z.infer<typeof accessRequestAnswerSchema>;

/** The identifier a request is about (the requester looked it up, so it knows it; the holders hold it). */
export const accessRequestIndicatorSchema = z.object({ id: idSchema, type: z.enum(INDICATOR_TYPES), value: z.string(), display: z.string() });

/** One of the holder's own reports a request is about, as the holder's reader may see it. */
export const incomingAccessRequestReportSchema = z.object({
  id: idSchema,
  tlp: z.enum(TLP_LEVELS),
  status: z.enum(REPORT_STATUSES),
  /** Whether the requester may see the report now (its marking names the requester, or was widened). */
  sharedWithRequester: z.boolean(),
});

/** The most of its own reports an incoming request lists; `reportCount` counts them all. */
export const INCOMING_REPORTS_SHOWN = 50;

/**
 * A request to the caller's organisation. `reports`: the organisation's reports the request is about —
 * those the requester could not see when it asked — that the caller may see (a RED report addressed to
 * others of the organisation is not among them; a request none of whose reports the caller may see is
 * not listed to it). Other holders of the same request are never named. `status` and `answer` are the
 * caller's organisation's own.
 */
export const incomingAccessRequestSchema = z.object({
  id: idSchema,
  targetType: z.enum(['indicator', 'network']),
  targetId: idSchema,
  indicator: accessRequestIndicatorSchema.nullable(),
  reports: z.array(incomingAccessRequestReportSchema),
  reportCount: z.number().int(),
  requester: z.object({ id: idSchema, name: z.string(), organisationType: z.string(), country: z.string() }),
  reason: z.string(),
  createdAt: z.string(),
  status: z.enum(ACCESS_REQUEST_STATUSES),
  answer: z
    .object({
      decision: z.enum(ACCESS_REQUEST_DECISIONS),
      note: z.string(),
      answeredAt: z.string(),
      /** When the requester's organisation first read the answer; null until then. */
      readAt: z.string().nullable(),
    })
    .nullable(),
});
export type IncomingAccessRequest = z.infer<typeof incomingAccessRequestSchema>;

/**
 * `GET /access-requests/incoming`: `status` is the caller's organisation's own answer (`pending`: not
 * answered yet); `requester` keeps the requests one organisation made, `report` those about one of the
 * caller's reports (the web's "Share with" link checks with both that the organisation did ask).
 */
export const incomingAccessRequestsQuerySchema = pageQuerySchema.extend({
  status: z.enum(ACCESS_REQUEST_STATUSES).optional(),
  requester: idSchema.optional(),
  report: idSchema.optional(),
});

/** `GET /access-requests`: the requester's own, newest first; a page holds up to 200 (the default). */
export const outgoingAccessRequestsQuerySchema = pageQuerySchema.extend({
  limit: queryWholeNumberSchema(1, LIMITS.pageSizeMax, LIMITS.pageSizeMax),
  status: z.enum(ACCESS_REQUEST_STATUSES).optional(),
});

/** `access_request.received`, to each holding organisation's events: who asks and about what (never the other holders). */
export const accessRequestReceivedDataSchema = z.object({
  accessRequest: z.object({ id: idSchema, targetType: z.enum(['indicator', 'network']), targetId: idSchema }),
  requester: z.object({ name: z.string(), organisationType: z.string(), country: z.string() }),
  href: z.string(),
});

/** `access_request.withdrawn`, to the holding organisations told of the request: the requester no longer asks. */
export const accessRequestWithdrawnDataSchema = z.object({
  accessRequest: z.object({ id: idSchema, targetType: z.enum(['indicator', 'network']), targetId: idSchema }),
  requester: z.object({ name: z.string(), organisationType: z.string(), country: z.string() }),
  href: z.string(),
});

/** `access_request.answered`, to the requester's events: which holder answered, and how (read the note at `href`). */
export const accessRequestAnsweredDataSchema = z.object({
  /** `targetId`: a network's id, or an identifier's hit handle (`hit-…`, as the hidden hit named it). */
  accessRequest: z.object({ id: idSchema, targetType: z.enum(['indicator', 'network']), targetId: z.string(), status: z.enum(ACCESS_REQUEST_STATUSES) }),
  answer: z.object({ organisationName: z.string(), organisationType: z.string(), country: z.string(), decision: z.enum(ACCESS_REQUEST_DECISIONS) }),
  href: z.string(),
});
