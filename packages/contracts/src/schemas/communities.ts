import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { idSchema, nameSchema } from './common.js';

export const communitySchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string().nullable(),
  ownerOrganisationId: idSchema,
  memberOrganisationIds: z.array(idSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Community = z.infer<typeof communitySchema>;

export const createCommunitySchema = z.strictObject({
  name: nameSchema,
  description: z.string().trim().max(LIMITS.description).optional(),
  memberOrganisationIds: z.array(idSchema).max(LIMITS.communityMembers).default([]),
});

export const updateCommunitySchema = z.strictObject({
  name: nameSchema.optional(),
  description: z.string().trim().max(LIMITS.description).nullable().optional(),
  memberOrganisationIds: z.array(idSchema).max(LIMITS.communityMembers).optional(),
});

/**
 * `community.widened`, to each organisation (other than the one making the change) that has reports marked
 * for the community, when organisations join it: those reports are now visible to the newcomers. `reports`
 * counts the receiving organisation's own reports so marked; `changedBy` is the organisation that changed
 * the membership (the owner, or the secretariat).
 */
export const communityWidenedDataSchema = z.object({
  community: z.object({ id: idSchema, name: z.string() }),
  added: z.array(z.object({ name: z.string(), organisationType: z.string(), country: z.string() })),
  reports: z.number().int(),
  changedBy: z.object({ name: z.string() }),
  href: z.string(),
});
export type CommunityWidenedData = z.infer<typeof communityWidenedDataSchema>;

/**
 * `community.joined`, to each organisation another organisation put into a sharing community (made with it
 * as a member, or added later): its people may now mark reports for the community and read those marked
 * for it. Without it an organisation could be enrolled without a word, and a community named like one it
 * knows, owned by someone else, could draw reports meant for the other (security review, session 64).
 * `owner`: the organisation that owns the community; `changedBy`: the one that made the change (the owner,
 * or the secretariat); `members`: how many organisations belong to it now.
 */
export const communityJoinedDataSchema = z.object({
  community: z.object({ id: idSchema, name: z.string() }),
  owner: z.object({ name: z.string() }),
  changedBy: z.object({ name: z.string() }),
  members: z.number().int(),
  href: z.string(),
});
export type CommunityJoinedData = z.infer<typeof communityJoinedDataSchema>;
