import { z } from 'zod';
import { LOCALES, USER_ROLES, USER_STATUSES } from '../enums.js';
import { emailSchema, idSchema, nameSchema, pageQuerySchema, passwordSchema } from './common.js';
import { LIMITS } from '../limits.js';

export const userSchema = z.object({
  id: idSchema,
  organisationId: idSchema,
  email: z.string(),
  displayName: z.string(),
  role: z.enum(USER_ROLES),
  status: z.enum(USER_STATUSES),
  locale: z.enum(LOCALES),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const createUserSchema = z.strictObject({
  organisationId: idSchema.optional(),
  email: emailSchema,
  displayName: nameSchema,
  role: z.enum(USER_ROLES),
  locale: z.enum(LOCALES).default('en'),
  /** When absent the server generates one and returns it once. */
  password: passwordSchema.optional(),
});
export type CreateUser = z.input<typeof createUserSchema>;

export const createdUserSchema = z.object({ user: userSchema, initialPassword: z.string().nullable() });

export const updateUserSchema = z.strictObject({
  displayName: nameSchema.optional(),
  role: z.enum(USER_ROLES).optional(),
  status: z.enum(USER_STATUSES).optional(),
  locale: z.enum(LOCALES).optional(),
});
export type UpdateUser = z.infer<typeof updateUserSchema>;

export const listUsersQuerySchema = pageQuerySchema.extend({
  organisationId: idSchema.optional(),
  q: z.string().max(LIMITS.searchText).optional(),
  role: z.enum(USER_ROLES).optional(),
  status: z.enum(USER_STATUSES).optional(),
});
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;
