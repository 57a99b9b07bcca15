import { z } from 'zod';
import { ORGANISATION_STATUSES, ORGANISATION_TYPES } from '../enums.js';
import { LIMITS } from '../limits.js';
import { countryCodeSchema, idSchema, isoDateTimeSchema, nameSchema, pageQuerySchema, shortNameSchema } from './common.js';

export const organisationSchema = z.object({
  id: idSchema,
  name: z.string(),
  shortName: z.string().nullable(),
  type: z.enum(ORGANISATION_TYPES),
  country: z.string(),
  status: z.enum(ORGANISATION_STATUSES),
  joinedAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Organisation = z.infer<typeof organisationSchema>;

export const createOrganisationSchema = z.strictObject({
  name: nameSchema,
  shortName: shortNameSchema.optional(),
  type: z.enum(ORGANISATION_TYPES),
  country: countryCodeSchema,
  joinedAt: isoDateTimeSchema.optional(),
});
export type CreateOrganisation = z.infer<typeof createOrganisationSchema>;

export const updateOrganisationSchema = z.strictObject({
  name: nameSchema.optional(),
  shortName: shortNameSchema.nullable().optional(),
  type: z.enum(ORGANISATION_TYPES).optional(),
  country: countryCodeSchema.optional(),
  status: z.enum(ORGANISATION_STATUSES).optional(),
});
export type UpdateOrganisation = z.infer<typeof updateOrganisationSchema>;

export const listOrganisationsQuerySchema = pageQuerySchema.extend({
  q: z.string().max(LIMITS.searchText).optional(),
  type: z.enum(ORGANISATION_TYPES).optional(),
  country: countryCodeSchema.optional(),
  status: z.enum(ORGANISATION_STATUSES).optional(),
});
export type ListOrganisationsQuery = z.infer<typeof listOrganisationsQuerySchema>;
