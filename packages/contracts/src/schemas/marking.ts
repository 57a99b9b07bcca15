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
    // RED is for named people or for named organisations, never both: the list of the other kind would be
    // stored and shown as recipients while giving no one access, which reads as sharing that did not happen.
    if (marking.tlp === 'RED' && marking.redRecipientScope === 'users' && marking.recipientOrganisationIds.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['recipientOrganisationIds'],
        message: 'TLP RED for named people (redRecipientScope "users") names no organisations: name people in recipientUserIds, or set redRecipientScope to "organisations"',
        params: refinementReason('red_for_people_names_no_organisations'),
      });
    }
    if (marking.tlp === 'RED' && marking.redRecipientScope === 'organisations' && marking.recipientUserIds.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['recipientUserIds'],
        message: 'TLP RED for named organisations (redRecipientScope "organisations") names no people: name organisations in recipientOrganisationIds, or set redRecipientScope to "users"',
        params: refinementReason('red_for_organisations_names_no_people'),
      });
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
