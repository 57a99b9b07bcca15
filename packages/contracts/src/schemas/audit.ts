import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { idSchema, isoDateTimeSchema, pageQuerySchema } from './common.js';

export const auditEventSchema = z.object({
  /**
   * The event's place in the platform-wide chain; for the secretariat only (null for an organisation's
   * admins): the gaps between two of an organisation's events would tell it how much the others do.
   */
  seq: z.number().int().nullable(),
  id: idSchema,
  at: z.string(),
  actorUserId: idSchema.nullable(),
  actorApiKeyId: idSchema.nullable(),
  actorOrganisationId: idSchema.nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  requestId: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const listAuditQuerySchema = pageQuerySchema.extend({
  action: z.string().max(LIMITS.shortText).optional(),
  actorUserId: idSchema.optional(),
  organisationId: idSchema.optional(),
  targetType: z.string().max(LIMITS.shortText).optional(),
  targetId: z.string().max(LIMITS.shortText).optional(),
  from: isoDateTimeSchema.optional(),
  to: isoDateTimeSchema.optional(),
});
export type ListAuditQuery = z.infer<typeof listAuditQuerySchema>;

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  brokenAt: z.number().int().nullable(),
  reason: z.string().nullable(),
});
