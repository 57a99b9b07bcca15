import { z } from 'zod';
import { RED_RECIPIENT_SCOPES } from '../enums.js';
import { INDICATOR_TYPES, SIGHTING_ROLES } from '../indicator-types.js';
import { isCurrencyCode, MAX_MONEY_MINOR_UNITS } from '../currencies.js';
import { LIMITS } from '../limits.js';
import { countryCodeSchema, idSchema, isoDateTimeSchema, pageQuerySchema, refinementReason, singleLineSchema, fromNotAfterTo } from './common.js';
import { markingInputSchema } from './marking.js';

export const SCAM_TYPES = ['investment', 'romance', 'impersonation', 'parcel', 'job', 'loan', 'shopping', 'tech_support', 'sextortion', 'phishing', 'other'] as const;
export type ScamType = (typeof SCAM_TYPES)[number];

export const CHANNELS = ['call', 'sms', 'messaging_app', 'social_media', 'website', 'email', 'dating_app', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export const REPORT_STATUSES = ['active', 'retracted'] as const;

export const currencySchema = z
  .string()
  .length(3, { message: 'must be an ISO 4217 code such as THB' })
  .refine(isCurrencyCode, { message: 'is not an ISO 4217 currency code', params: refinementReason('currency_code') });

/** Money is an integer in minor units (satang, cents) plus its currency. */
export const moneySchema = z.strictObject({
  amount: z.number().int({ message: 'must be a whole number of minor units (e.g. cents)' }).min(0).max(MAX_MONEY_MINOR_UNITS),
  currency: currencySchema,
});

export const reportIndicatorInputSchema = z.strictObject({
  type: z.enum(INDICATOR_TYPES).optional(),
  value: z.string().min(1, { message: 'must not be empty' }).max(LIMITS.indicatorValue),
  role: z.enum(SIGHTING_ROLES).optional(),
  country: countryCodeSchema.optional(),
  bankCode: z.string().max(64).optional(),
  chain: z.string().max(24).optional(),
  platform: z.string().max(40).optional(),
});
export type ReportIndicatorInput = z.infer<typeof reportIndicatorInputSchema>;

export const createReportSchema = z.strictObject({
  scamType: z.enum(SCAM_TYPES),
  channel: z.enum(CHANNELS),
  victimCountry: countryCodeSchema,
  occurredAt: isoDateTimeSchema,
  loss: moneySchema.optional(),
  narrative: z.string().max(LIMITS.narrative).optional(),
  language: z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, { message: 'must be a BCP 47 language tag such as th or en-GB' }).max(35).optional(),
  confidence: z.number().int().min(0).max(100).default(50),
  externalRef: singleLineSchema(LIMITS.name).optional(),
  idempotencyKey: z.string().min(1).max(LIMITS.name).optional(),
  marking: markingInputSchema.default({ tlp: 'AMBER', recipientOrganisationIds: [], recipientUserIds: [], redRecipientScope: 'users' }),
  indicators: z.array(reportIndicatorInputSchema).min(1, { message: 'a report names at least one identifier' }).max(LIMITS.indicatorsPerReport),
});
export type CreateReport = z.input<typeof createReportSchema>;
export type ParsedCreateReport = z.output<typeof createReportSchema>;

/** A correction replaces the report's facts and indicators; the marking can change too. */
export const correctReportSchema = createReportSchema.omit({ idempotencyKey: true });

export const retractReportSchema = z.strictObject({ reason: z.string().trim().min(3).max(LIMITS.description) });

export const reportIndicatorResultSchema = z.object({
  type: z.enum(INDICATOR_TYPES),
  value: z.string(),
  display: z.string(),
  indicatorId: idSchema,
  role: z.enum(SIGHTING_ROLES),
  benign: z.boolean(),
  /** In the answer to a submission: the index of the submitted identifier this one was derived from. Null when read back later. */
  derivedFrom: z.number().int().nullable(),
});

export const reportSchema = z.object({
  id: idSchema,
  status: z.enum(REPORT_STATUSES),
  version: z.number().int(),
  scamType: z.enum(SCAM_TYPES),
  channel: z.enum(CHANNELS),
  victimCountry: z.string(),
  occurredAt: z.string(),
  loss: z
    .object({
      amount: z.number().int(),
      currency: z.string(),
      /** In US cents, at the rate of the day it happened (fx); null when no rate converts the currency — never 0, which sums as a loss of nothing. */
      usd: z.number().int().nullable(),
    })
    .nullable(),
  narrative: z.string().nullable(),
  language: z.string().nullable(),
  confidence: z.number().int(),
  externalRef: z.string().nullable(),
  organisationId: idSchema,
  marking: z.object({
    tlp: z.string(),
    communityId: idSchema.nullable(),
    /**
     * Whom an AMBER+STRICT or RED marking names, shown to the organisation that made the report only (so
     * that a correction keeps them); null for everyone else and for the other TLPs.
     */
    recipients: z.object({ organisationIds: z.array(idSchema), userIds: z.array(idSchema), redScope: z.enum(RED_RECIPIENT_SCOPES) }).nullable(),
  }),
  /** A retracted report's are those it named when it was retracted (no longer sighted: lookups and networks leave them out). */
  indicators: z.array(reportIndicatorResultSchema).describe('The identifiers the report names; for a retracted report, those it named when it was retracted, which no longer count anywhere'),
  retraction: z.object({ reason: z.string(), at: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Report = z.infer<typeof reportSchema>;

/**
 * The id a client gives one bulk upload (`POST /reports/bulk?uploadId=`, or the `GPOS-Upload-Id` header), to
 * list that upload's reports afterwards (`GET /reports?uploadId=`). The client chooses it (the web page: a
 * random UUID per upload); only the characters of a URL's query and a header that need no escaping.
 */
export const UPLOAD_ID_MAX = 64;
export const uploadIdSchema = z
  .string()
  .min(1)
  .max(UPLOAD_ID_MAX)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, { message: 'must be letters, digits, ".", "_", ":" or "-" (starting with a letter or digit), e.g. 2026-12-04-upload-1' })
  .describe(`An id of your choosing for one bulk upload: up to ${UPLOAD_ID_MAX} letters, digits, \`.\`, \`_\`, \`:\` or \`-\``);

export const listReportsQuerySchema = pageQuerySchema.extend({
  scamType: z.enum(SCAM_TYPES).optional(),
  victimCountry: countryCodeSchema.optional(),
  organisationId: idSchema.optional(),
  indicatorId: idSchema.optional(),
  /** Reports marked for this sharing community (what a `community.widened` event points to). */
  communityId: idSchema.optional(),
  status: z.enum(REPORT_STATUSES).optional(),
  from: isoDateTimeSchema.optional(),
  to: isoDateTimeSchema.optional(),
  /** Your organisation's reports of one bulk upload (another organisation's upload id lists nothing). */
  uploadId: uploadIdSchema.optional().describe('Your organisation’s reports stored by the bulk upload with this id (`POST /reports/bulk?uploadId=`); an id your organisation never used lists nothing'),
}).superRefine(fromNotAfterTo);
