import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { fromNotAfterTo, idSchema, isoDateTimeSchema, pageQuerySchema } from './common.js';

export const auditEventSchema = z.object({
  /**
   * The event's place in the platform-wide chain; for the secretariat only (null for an organisation's
   * admins): the gaps between two of an organisation's events would tell it how much the others do.
   */
  seq: z.number().int().nullable(),
  id: idSchema,
  at: z.string(),
  actorUserId: idSchema.nullable().describe('The person who acted. Null to an organisation’s admins for what another organisation did to theirs: only the acting organisation is shown.'),
  actorApiKeyId: idSchema.nullable().describe('The API key that acted; null as `actorUserId` is.'),
  actorOrganisationId: idSchema.nullable().describe('The organisation that acted: for the console (`gpos`), the organisation it acted for (the `--org` of an import or export), else null; null for sign-in failures (no one signed in).'),
  subjectOrganisationId: idSchema
    .nullable()
    .describe(
      'The organisation the event concerns when it acts on one’s own user, API key or entry (a person suspended, a key revoked, the organisation edited, an account locked), whoever acted; null otherwise, and for events from before the field existed. An organisation’s admins see the events it acted in or is the subject of.',
    ),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  requestId: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

/**
 * Whether an event's request id is the console's: every `gpos` command that writes to the trail uses `cli`
 * or an id that begins `cli-` (`cli-import:<file>`, `cli-sync`). The server never takes such an id from a
 * client's `x-request-id`, so an HTTP request cannot pass for the console.
 */
export const isConsoleRequestId = (requestId: string | null): boolean => requestId !== null && /^cli(?:$|-)/.test(requestId);

export const listAuditQuerySchema = pageQuerySchema.extend({
  action: z.string().max(LIMITS.shortText).optional(),
  actorUserId: idSchema.optional(),
  organisationId: idSchema.optional().describe('That organisation’s trail: the events it acted in or is the subject of (yours only, unless you are the secretariat).'),
  targetType: z.string().max(LIMITS.shortText).optional(),
  targetId: z.string().max(LIMITS.shortText).optional(),
  from: isoDateTimeSchema.optional(),
  to: isoDateTimeSchema.optional(),
}).superRefine(fromNotAfterTo);
export type ListAuditQuery = z.infer<typeof listAuditQuerySchema>;

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  brokenAt: z.number().int().nullable(),
  reason: z.string().nullable(),
});
