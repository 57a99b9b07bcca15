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
