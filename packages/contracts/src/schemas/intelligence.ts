import { z } from 'zod';
import { INDICATOR_TYPES, SIGHTING_ROLES } from '../indicator-types.js';
import { LIMITS } from '../limits.js';
import { countryCodeSchema, fieldErrorSchema, hasUserinfo, idSchema, nameSchema, pageQuerySchema, queryWholeNumberSchema, refinementReason, singleLineSchema, translatableErrorFields } from './common.js';
import { CHANNELS, SCAM_TYPES, uploadIdSchema } from './reports.js';
import { accessRequestAnswerSchema, ACCESS_REQUEST_STATUSES } from './access-requests.js';

export const INDICATOR_STATUSES = ['active', 'disputed', 'false_positive', 'expired', 'taken_down'] as const;
export type IndicatorStatus = (typeof INDICATOR_STATUSES)[number];

/** One identifier to normalise or look up, as a person or a machine typed it. */
export const rawIndicatorSchema = z.strictObject({
  type: z.enum(INDICATOR_TYPES).optional(),
  value: z.string().min(1, { message: 'must not be empty' }).max(LIMITS.indicatorValue),
  /** ISO 3166-1 alpha-2, as a report's: of a national phone or account number that is not the caller's country's. */
  country: countryCodeSchema.optional(),
  bankCode: z.string().max(64).optional(),
  chain: z.string().max(24).optional(),
  platform: z.string().max(40).optional(),
});

export const canonicalIndicatorSchema = z.object({
  type: z.enum(INDICATOR_TYPES),
  value: z.string(),
  display: z.string(),
  attributes: z.record(z.string(), z.string()),
});

/**
 * Why an identifier was not accepted: the field at fault and the reason in English. `code` (e.g.
 * `phone.too_short`) and `params` (the values the reason interpolates) say the same for a client to
 * translate; optional, so clients that read `reason` only are unaffected. `params.detail`, when present,
 * is a further code for the part saying what exactly is wrong.
 */
export const normaliseErrorSchema = z.object({ field: z.string(), reason: z.string(), ...translatableErrorFields });
export type NormaliseError = z.infer<typeof normaliseErrorSchema>;

/** POST /normalise: the live preview of canonical forms while a person types. */
export const normaliseRequestSchema = z.strictObject({ indicators: z.array(rawIndicatorSchema).min(1).max(LIMITS.indicatorsPerReport) });
export const normaliseResponseSchema = z.object({
  results: z.array(
    z.object({
      ok: z.boolean(),
      indicator: canonicalIndicatorSchema.nullable(),
      derived: z.array(canonicalIndicatorSchema),
      benign: z.boolean(),
      error: normaliseErrorSchema.nullable(),
    }),
  ),
});

/** What a viewer may see of one indicator: counts over the reports visible to them only. */
export const visibleIndicatorSchema = z.object({
  id: idSchema,
  type: z.enum(INDICATOR_TYPES),
  value: z.string(),
  display: z.string(),
  attributes: z.record(z.string(), z.string()),
  status: z.enum(INDICATOR_STATUSES),
  benign: z.boolean(),
  /**
   * Far more reports name it than is usual for its type, so the degree guard keeps it from linking networks
   * until an analyst confirms it: typically a shared address (carrier-grade NAT, public Wi-Fi) or a big
   * platform's account. Evidence together with other identifiers, not alone — blocking it would hit its
   * many other users. False once an analyst confirmed that it links.
   */
  widelyShared: z.boolean(),
  score: z.number().int(),
  reports: z.number().int(),
  organisations: z.number().int(),
  countries: z.array(z.string()),
  scamTypes: z.array(z.enum(SCAM_TYPES)),
  roles: z.array(z.enum(SIGHTING_ROLES)),
  lossUsd: z.number().int(),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
});
export type VisibleIndicator = z.infer<typeof visibleIndicatorSchema>;

/** Reports the viewer may not see count only as a hit: who holds them (by kind and country), never what. */
export const hiddenHitSchema = z.object({
  holders: z.array(z.object({ organisationType: z.string(), country: z.string() })),
  /** Ask the holders for access (routed by the cooperation module). */
  accessRequest: z.object({ method: z.literal('POST'), href: z.string() }),
});

/**
 * One identifier a looked-up value implies, answered as the value itself is: `found`, `indicator` (what the
 * caller may see of it, counts over their visible reports only) and `hiddenHit` (partners hold reports the
 * caller may not see: who, and how to ask — never what) mean exactly what they mean on the result.
 */
export const relatedLookupSchema = z.object({
  type: z.enum(INDICATOR_TYPES),
  canonical: z.string(),
  found: z.boolean(),
  indicator: visibleIndicatorSchema.nullable(),
  hiddenHit: hiddenHitSchema.nullable(),
});
export type RelatedLookup = z.infer<typeof relatedLookupSchema>;

/**
 * `found`: the platform knows the identifier — `indicator` holds what the caller may see of it, and
 * `hiddenHit` says that partners hold reports the caller may not see (either, both, or neither).
 * `related`: the identifiers the value implies, each looked up too — the very ones a report naming the
 * value records beside it (`derived` of /normalise): a URL's registrable domain (or its IP host), a
 * sub-domain's registrable domain, an e-mail's domain (unless a mailbox provider), a profile link's account,
 * a store link's app, a phone-based account's phone (WhatsApp, Viber…). So a never-seen phishing URL still
 * answers that its domain has reports. Empty when the value implies nothing or is rejected.
 */
export const lookupResultSchema = z.object({
  input: z.string(),
  type: z.enum(INDICATOR_TYPES).nullable(),
  canonical: z.string().nullable(),
  error: normaliseErrorSchema.nullable(),
  found: z.boolean(),
  indicator: visibleIndicatorSchema.nullable(),
  hiddenHit: hiddenHitSchema.nullable(),
  related: z.array(relatedLookupSchema),
});
export type LookupResult = z.infer<typeof lookupResultSchema>;

/**
 * What to look up: as a report names it, with the same optional hints (`country` for a national phone
 * number of another country than the caller's, `bankCode`/`country` for a national account number,
 * `chain`, `platform`), so whatever a report could name can be looked up the same way.
 */
export const lookupQuerySchema = rawIndicatorSchema;
export const lookupBatchSchema = z.strictObject({
  items: z
    .array(rawIndicatorSchema)
    .min(1)
    .max(LIMITS.lookupBatch, { message: `at most ${LIMITS.lookupBatch} items per request` }),
});
export const lookupBatchResponseSchema = z.object({ results: z.array(lookupResultSchema) });

export const sightingSchema = z.object({
  reportId: idSchema,
  role: z.enum(SIGHTING_ROLES),
  organisationId: idSchema,
  victimCountry: z.string(),
  scamType: z.enum(SCAM_TYPES),
  channel: z.enum(CHANNELS).nullable(),
  occurredAt: z.string(),
  lossUsd: z.number().int().nullable(),
  tlp: z.string(),
});

export const statusChangeSchema = z.object({
  status: z.enum(INDICATOR_STATUSES),
  reason: z.string().nullable(),
  /** For a reason the platform wrote (decay.expired with days and type, decay.revived): its code and params, to translate; null for a person's words. */
  reasonCode: z.enum(['decay.expired', 'decay.revived']).nullable(),
  reasonParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  actorOrganisationId: idSchema.nullable(),
  at: z.string(),
});

export const indicatorDetailSchema = z.object({
  indicator: visibleIndicatorSchema,
  sightings: z.array(sightingSchema),
  statusHistory: z.array(statusChangeSchema),
  hiddenHit: hiddenHitSchema.nullable(),
});

export const setIndicatorStatusSchema = z.strictObject({
  status: z.enum(INDICATOR_STATUSES),
  reason: z.string().trim().min(3).max(LIMITS.description),
});

/** One line of a bulk upload's answer, streamed back as NDJSON while the upload is read. */
export const bulkLineResultSchema = z.object({
  line: z.number().int(),
  status: z.enum(['accepted', 'duplicate', 'rejected']),
  reportId: idSchema.nullable(),
  errors: z.array(fieldErrorSchema).max(LIMITS.fieldErrors + 1),
});
export const bulkSummarySchema = z.object({
  summary: z.object({ lines: z.number().int(), accepted: z.number().int(), duplicates: z.number().int(), rejected: z.number().int(), seconds: z.number() }),
});

/**
 * What a bulk upload does with a line that gives no idempotency key. `keep` (the default, as the API has
 * always done): it is a new report each time it is sent. `derive`: it gets a key from its line number and
 * content (the server's `lineKey`, as `gpos import` does), so the same file sent again stores none of its
 * lines twice (each answers `duplicate`). The web upload page always asks for `derive`.
 */
export const KEYLESS_LINES = ['keep', 'derive'] as const;
export type KeylessLines = (typeof KEYLESS_LINES)[number];
/** More lines than a bulk body (2 GiB) can hold: a bound, not a limit anyone reaches. */
export const MAX_BULK_LINE_OFFSET = 2 ** 31;
export const bulkUploadQuerySchema = z.strictObject({
  keylessLines: z.enum(KEYLESS_LINES).default('keep'),
  /**
   * With `derive`, a file sent in parts: added to the number of each of this body's lines (a CSV part's
   * header sent again aside) to give the file's line, from which its key is derived, so that each part
   * derives the keys of the whole file. Answers still number this body's lines.
   */
  lineOffset: queryWholeNumberSchema(0, MAX_BULK_LINE_OFFSET),
  /**
   * Tags every report this upload stores, to list them afterwards (`GET /reports?uploadId=`). Also taken
   * from the `GPOS-Upload-Id` header (both given, they must agree).
   */
  uploadId: uploadIdSchema.optional().describe('Tags each report this upload stores, listed afterwards with `GET /reports?uploadId=` (your organisation’s only). May be sent as the `GPOS-Upload-Id` header instead.'),
});

export const WARNINGLIST_SOURCES = ['builtin', 'admin'] as const;
export const warninglistSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string().nullable(),
  source: z.enum(WARNINGLIST_SOURCES),
  entries: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** `value` is canonical (what lookups and removal name); `display` is how the platform writes it (`Telegram @handle`). */
export const warninglistEntrySchema = z.object({ type: z.enum(INDICATOR_TYPES), value: z.string(), display: z.string(), note: z.string().nullable() });
export const createWarninglistSchema = z.strictObject({ name: nameSchema, description: z.string().max(LIMITS.description).optional() });
export const addWarninglistEntriesSchema = z.strictObject({
  entries: z.array(rawIndicatorSchema.extend({ note: singleLineSchema(LIMITS.name).optional() })).min(1).max(LIMITS.lookupBatch),
});
/** The entry as listed (its canonical value), or as written with a report identifier's hints. */
export const removeWarninglistEntrySchema = rawIndicatorSchema.extend({ type: z.enum(INDICATOR_TYPES) });

export const WATCH_KINDS = ['exact', 'prefix', 'domain'] as const;
/** The identifier types a prefix watch applies to (the server reads each one's range in watch-pattern.ts). */
export const PREFIX_WATCH_TYPES = ['phone', 'bank_account', 'crypto_wallet', 'ip'] as const satisfies readonly (typeof INDICATOR_TYPES)[number][];
/** The identifier types a domain watch applies to: everything under the domain (`domain`), or only its URLs or e-mail addresses. */
export const DOMAIN_WATCH_TYPES = ['domain', 'url', 'email'] as const satisfies readonly (typeof INDICATOR_TYPES)[number][];
export const watchlistSchema = z.object({
  id: idSchema,
  name: z.string(),
  kind: z.enum(WATCH_KINDS),
  indicatorType: z.enum(INDICATOR_TYPES),
  pattern: z.string(),
  createdAt: z.string(),
});
/**
 * `exact`: one identifier (normalised like a report's). `prefix`: a canonical prefix of phone numbers, bank
 * accounts, crypto wallets or IP addresses (PREFIX_WATCH_TYPES), e.g. `+6681`, `TH:BKKBTHBK:123` (an account
 * range), `TRON:TXy` or `203.0.113.`. `domain`: a domain and all its
 * sub-domains and URLs.
 */
export const createWatchlistSchema = z.strictObject({
  name: nameSchema,
  kind: z.enum(WATCH_KINDS),
  indicatorType: z.enum(INDICATOR_TYPES),
  pattern: z.string().trim().min(1).max(LIMITS.indicatorValue),
});

/** Why a delivery failed, as a code a client says in its reader's language (`error` is the server's English). */
export const WEBHOOK_DELIVERY_FAILURE_CODES = [
  'webhook.delivery_http_status',
  'webhook.delivery_host_not_found',
  'webhook.delivery_refused',
  'webhook.delivery_reset',
  'webhook.delivery_timed_out',
  'webhook.delivery_tls',
  'webhook.delivery_not_public',
  'webhook.delivery_failed',
] as const;
export type WebhookDeliveryFailureCode = (typeof WEBHOOK_DELIVERY_FAILURE_CODES)[number];
/**
 * How a webhook's deliveries stand, so its owners can tell a receiver that fails from one that works:
 * `pending` deliveries wait for their first attempt or a retry, `failed` ones were given up after
 * LIMITS.webhookDeliveryAttempts attempts (`POST /webhooks/{id}/retry` tries them again). `lastFailure` is
 * the latest failed attempt of a delivery not yet made (its event, the receiver's answer or the connection
 * error, the attempts so far, when it was tried and when it is tried next: null once given up);
 * `lastDeliveredAt` the time of the latest delivery the receiver accepted (a 2xx). A delivery withdrawn
 * because its event may no longer be told (its reports narrowed or retracted since) or its watch was
 * deleted is in neither count but in `withdrawn` (never sent: why a receiver got fewer events than the
 * stream showed), counted up to LIMITS.webhookWithdrawnCounted (that value means "that many or more").
 */
export const webhookDeliveryStateSchema = z.object({
  pending: z.number().int(),
  failed: z.number().int(),
  withdrawn: z.number().int().max(LIMITS.webhookWithdrawnCounted),
  lastDeliveredAt: z.string().nullable(),
  lastFailure: z
    .object({
      eventId: idSchema,
      error: z.string(),
      /** `error` as a code to say in the reader's language; null for an attempt made before the codes were stored. */
      errorCode: z.enum(WEBHOOK_DELIVERY_FAILURE_CODES).nullable(),
      /**
       * The receiver's HTTP status when it answered (with `webhook.delivery_http_status`, and for an attempt
       * counted unsent for such an answer); null when none answered, and for an attempt made before it was stored.
       */
      httpStatus: z.number().int().nullable(),
      attempts: z.number().int(),
      at: z.string().nullable(),
      nextAttemptAt: z.string().nullable(),
    })
    .nullable(),
});
export type WebhookDeliveryState = z.infer<typeof webhookDeliveryStateSchema>;
export const WEBHOOK_STATUSES = ['active', 'paused'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];
export const webhookSchema = z.object({
  id: idSchema,
  url: z.string(),
  /**
   * `paused`: nothing is sent to it, and no attempt is spent; events keep being owed to it and are sent
   * when it is `active` again (PATCH /webhooks/{id}).
   */
  status: z.enum(WEBHOOK_STATUSES),
  createdAt: z.string(),
  /** Whether it is sent the events about access requests made to the organisation: when whoever made it may answer them. */
  accessRequests: z.boolean(),
  deliveries: webhookDeliveryStateSchema,
});
/**
 * No credentials in the URL: the receiver authenticates each delivery by its `x-gpos-signature`, and a URL
 * is stored, listed to the organisation's admins and written to the audit trail, which is kept forever.
 */
export const createWebhookSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .refine((url) => !hasUserinfo(url), { message: 'must not contain a user name or password: the receiver authenticates each delivery by its x-gpos-signature HMAC', params: refinementReason('url_credentials') }),
});
/** Pausing a webhook holds what is owed to it; resuming sends it (`PATCH /webhooks/{id}`). */
export const updateWebhookSchema = z.strictObject({ status: z.enum(WEBHOOK_STATUSES) });
/**
 * What a test delivery came to (`POST /webhooks/{id}/test`): `delivered` when the receiver answered 2xx;
 * `httpStatus` its answer (null when none came: refused, timed out, not a public address), `error` why it
 * failed (null when delivered), `durationMs` how long the attempt took. `eventId` is the delivery's
 * `x-gpos-event-id`, made for the test alone.
 */
export const webhookTestResultSchema = z.object({
  eventId: idSchema,
  delivered: z.boolean(),
  httpStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  errorCode: z.enum(WEBHOOK_DELIVERY_FAILURE_CODES).nullable(),
  durationMs: z.number().int(),
});
export type WebhookTestResult = z.infer<typeof webhookTestResultSchema>;
/** A webhook with its signing secret: in the answer that creates the secret only (creation, a new secret). */
export const createdWebhookSchema = z.object({ webhook: webhookSchema, secret: z.string() });

/**
 * `watch.match` goes to an organisation whose watch matches an identifier a new or corrected report names
 * (its data: `watchMatchDataSchema`); `indicator.status_changed` to one whose watch matches an identifier
 * whose status changed (its data: `indicatorStatusChangedDataSchema`).
 * `access_request.received` goes to each organisation holding reports a partner asked access to, and
 * `access_request.answered` to the requester when a holder answers, `access_request.withdrawn` to the
 * holders told of a request when the requester withdraws it (their data: access-requests.ts).
 * `community.widened` goes to the organisations whose reports a sharing community's new members may now
 * see, and `community.joined` to each organisation another put into a sharing community (their data:
 * communities.ts).
 */
export const EVENT_TYPES = ['watch.match', 'indicator.status_changed', 'access_request.received', 'access_request.answered', 'access_request.withdrawn', 'community.widened', 'community.joined'] as const;
export const platformEventSchema = z.object({
  id: idSchema,
  type: z.enum(EVENT_TYPES),
  createdAt: z.string(),
  /** For `watch.match`, a `watchMatchDataSchema`; for `indicator.status_changed`, an `indicatorStatusChangedDataSchema`; for `access_request.*`, `accessRequestReceivedDataSchema`, `accessRequestAnsweredDataSchema` or `accessRequestWithdrawnDataSchema`; for `community.widened`, `communityWidenedDataSchema`; for `community.joined`, `communityJoinedDataSchema`. */
  data: z.record(z.string(), z.unknown()),
});
export type PlatformEvent = z.infer<typeof platformEventSchema>;

const watchedSchema = z.object({ id: idSchema, name: z.string(), kind: z.enum(WATCH_KINDS), pattern: z.string() });
/**
 * A `watch.match` event's data. The sharing policy decides what the organisation is told, as for the
 * organisation as a whole (an API key of it): when a report of the batch that it may see names the
 * identifier, the identifier itself (`indicator` with its id) and those reports (`reports`, ids: one event
 * per watch and batch, so a bulk batch naming it thrice names three), new or corrected (`change`); when only reports it may not see name it
 * and the watch is exact (it named the value itself), a hit — the value it watches, who holds the reports
 * (kind and country) and how to ask them for access, as lookup answers, once per watch and identifier
 * (an event per hidden report would count and date them); a prefix or domain watch is told nothing of
 * identifiers only such reports carry. Never a report it may not see.
 */
export const watchMatchDataSchema = z.union([
  z.object({
    watchlist: watchedSchema,
    indicator: z.object({ id: idSchema, type: z.enum(INDICATOR_TYPES), value: z.string() }),
    /** The reports of the batch naming it that the organisation may see (a bulk batch may hold several), judged again whenever the event is sent: a report since narrowed away from it, or retracted, is left out, and the event with it once none is left; absent from events recorded before session 25's release. */
    reports: z.array(idSchema).optional(),
    /** Whether they are new reports or a new version of one (a correction); absent like `reports`. */
    change: z.enum(['created', 'corrected']).optional(),
    lookup: z.string(),
  }),
  z.object({ watchlist: watchedSchema, indicator: z.object({ type: z.enum(INDICATOR_TYPES), value: z.string() }), hiddenHit: hiddenHitSchema, lookup: z.string() }),
]);
export type WatchMatchData = z.infer<typeof watchMatchDataSchema>;

/**
 * An `indicator.status_changed` event's data: a watched identifier's status changed — a person's decision
 * (a dispute, a false positive, a takedown, active again), told to each watching organisation that may see
 * a report naming it, as its page shows that decision; or the decay policy's expiry (`reasonCode`
 * `decay.expired`), told only to organisations that may see every report naming it, since the sweep dates
 * its expiry by the newest report of all and would date reports hidden from the others. A revival by a new
 * report is told as that report's `watch.match`.
 */
export const indicatorStatusChangedDataSchema = z.object({
  watchlist: watchedSchema,
  indicator: z.object({ id: idSchema, type: z.enum(INDICATOR_TYPES), value: z.string() }),
  status: z.enum(INDICATOR_STATUSES),
  previousStatus: z.enum(INDICATOR_STATUSES),
  reason: z.string(),
  reasonCode: z.enum(['decay.expired']).nullable(),
  at: z.string(),
  lookup: z.string(),
});
export type IndicatorStatusChangedData = z.infer<typeof indicatorStatusChangedDataSchema>;

export const listEventsQuerySchema = pageQuerySchema.extend({ after: idSchema.optional() });

export const fxRateSchema = z.object({ currency: z.string(), validFrom: z.string(), usdPerUnit: z.number(), source: z.string() });
export const putFxRatesSchema = z.strictObject({
  rates: z
    .array(
      z.strictObject({
        currency: z.string().length(3),
        validFrom: z.iso.date({ message: 'must be a date such as 2026-01-31' }),
        usdPerUnit: z.number().positive().max(1e6),
        source: singleLineSchema(LIMITS.name).default('admin'),
      }),
    )
    .min(1)
    .max(1000)
    // One rate per currency and day: of two, one was dropped unsaid (input review, session 26).
    .superRefine((rates, ctx) => {
      const first = new Map<string, number>();
      rates.forEach((rate, i) => {
        const key = `${rate.currency.toUpperCase()} ${rate.validFrom}`;
        const earlier = first.get(key);
        if (earlier === undefined) first.set(key, i);
        else ctx.addIssue({ code: 'custom', path: [i, 'validFrom'], message: `repeats rates.${earlier} (${key}): give one rate per currency and day` });
      });
    }),
});

/** Asking the holders of a hit for access: each holding organisation reads it (`/access-requests/incoming`) and answers (access-requests.ts). */
export const createAccessRequestSchema = z.strictObject({ reason: z.string().trim().min(10, { message: 'say why you need it (at least 10 characters)' }).max(LIMITS.description) });
/** Most reports an outgoing access request lists as now visible to you (`visibleReports`); `visibleReportCount` counts them all. */
export const ACCESS_REQUEST_VISIBLE_SHOWN = 20;
/**
 * A request as the requester sees it. `holders`: every holding organisation as a kind and a country, each
 * once (as the hit showed them), whether it answered or not. `answers`: one per holder that answered, with
 * its name (answering reveals it). `status`: `granted` once any holder granted, `refused` once every holder
 * refused, `pending` until then. `indicator`: the identifier asked about (for an indicator request).
 */
export const accessRequestSchema = z.object({
  id: idSchema,
  targetType: z.enum(['indicator', 'network']),
  /** A network's id, or an identifier's hit handle (`hit-…`): the requester may see none of its reports, and its id would date the first. */
  targetId: z.string(),
  indicator: z.object({ type: z.enum(INDICATOR_TYPES), display: z.string() }).nullable(),
  holders: z.array(z.object({ organisationType: z.string(), country: z.string() })),
  reason: z.string(),
  status: z.enum(ACCESS_REQUEST_STATUSES),
  answers: z.array(accessRequestAnswerSchema),
  /**
   * A network request's answers so far, counted over its holding organisations (the network's hint counts
   * them already: "N more reports from K partner organisations"), in total and per kind and country, as
   * `holders` names them. Null for an identifier's request: its hit names holders only as kinds and
   * countries, and counting them would tell how many organisations hold the identifier.
   */
  progress: z
    .object({
      granted: z.number().int().min(0),
      refused: z.number().int().min(0),
      waiting: z.number().int().min(0),
      holders: z.array(z.object({ organisationType: z.string(), country: z.string(), granted: z.number().int().min(0), refused: z.number().int().min(0), waiting: z.number().int().min(0) })),
    })
    .nullable(),
  /**
   * The reports the request is about that you may see now (their holders shared them, by naming your
   * organisation in their markings or widening them), at most ACCESS_REQUEST_VISIBLE_SHOWN, by id; and how many there are.
   */
  visibleReports: z.array(z.object({ id: idSchema, scamType: z.string(), victimCountry: z.string(), occurredAt: z.string() })).max(ACCESS_REQUEST_VISIBLE_SHOWN),
  visibleReportCount: z.number().int().min(0),
  createdAt: z.string(),
});
