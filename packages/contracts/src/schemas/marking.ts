import { z } from 'zod';
import { RED_RECIPIENT_SCOPES, TLP_LEVELS } from '../enums.js';
import { LIMITS } from '../limits.js';
import { idSchema, refinementReason } from './common.js';

/**
 * How a partner marks what it shares. The owner organisation is always the submitter's; the rest is
 * chosen here. Semantics live in the server's sharing module; the shape rules are checked here.
 */
export const markingInputSchema = z
  .strictObject({
    tlp: z.enum(TLP_LEVELS),
    communityId: idSchema.optional(),
    recipientOrganisationIds: z.array(idSchema).max(LIMITS.recipients).default([]),
    recipientUserIds: z.array(idSchema).max(LIMITS.recipients).default([]),
    redRecipientScope: z.enum(RED_RECIPIENT_SCOPES).default('users'),
  })
  .superRefine((marking, ctx) => {
    if (marking.communityId && marking.tlp !== 'AMBER') {
      ctx.addIssue({ code: 'custom', path: ['communityId'], message: 'a sharing community applies only to TLP AMBER', params: refinementReason('community_needs_amber') });
    }
    if (marking.tlp === 'RED') {
      const named =
        marking.redRecipientScope === 'users' ? marking.recipientUserIds : marking.recipientOrganisationIds;
      if (named.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: [marking.redRecipientScope === 'users' ? 'recipientUserIds' : 'recipientOrganisationIds'],
          message: 'TLP RED needs at least one named recipient',
          params: refinementReason('red_needs_recipient'),
        });
      }
    }
    if (marking.tlp !== 'RED' && marking.recipientUserIds.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['recipientUserIds'], message: 'recipient users apply only to TLP RED', params: refinementReason('recipient_users_need_red') });
    }
    if (!['RED', 'AMBER+STRICT'].includes(marking.tlp) && marking.recipientOrganisationIds.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['recipientOrganisationIds'],
        message: 'recipient organisations apply only to TLP AMBER+STRICT and RED',
        params: refinementReason('recipient_organisations_need_strict_or_red'),
      });
    }
  });
export type MarkingInput = z.input<typeof markingInputSchema>;
export type ParsedMarkingInput = z.output<typeof markingInputSchema>;
