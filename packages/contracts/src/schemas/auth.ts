import { z } from 'zod';
import { API_KEY_SCOPES, LOCALES, ORGANISATION_TYPES, USER_ROLES } from '../enums.js';
import { LIMITS } from '../limits.js';
import { idSchema, nameSchema, passwordSchema } from './common.js';

export const loginSchema = z.strictObject({
  // Not the strict email schema: a malformed email must fail exactly like a wrong password.
  email: z.string().trim().min(1).max(LIMITS.email),
  password: z.string().min(1).max(LIMITS.passwordMax),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const meSchema = z.object({
  kind: z.enum(['user', 'api_key']),
  user: z
    .object({
      id: idSchema,
      email: z.string(),
      displayName: z.string(),
      role: z.enum(USER_ROLES),
      locale: z.enum(LOCALES),
    })
    .nullable(),
  apiKey: z.object({ id: idSchema, name: z.string(), scopes: z.array(z.enum(API_KEY_SCOPES)) }).nullable(),
  organisation: z.object({
    id: idSchema,
    name: z.string(),
    type: z.enum(ORGANISATION_TYPES),
    country: z.string(),
  }),
  permissions: z.array(z.string()),
  /** Echo this in the `x-csrf-token` header on every cookie-authenticated write. */
  csrfToken: z.string().nullable(),
});
export type Me = z.infer<typeof meSchema>;

/**
 * Whether the caller is signed in, and as whom (`me` is null when not): a question, so never a 401. With
 * `idleMinutes`, the cookie sent named a session that had just ended unused (SESSION_IDLE_MINUTES): what
 * other requests answer with 401 `session_expired`.
 */
export const sessionSchema = z.object({ me: meSchema.nullable(), idleMinutes: z.number().int().optional() });
export type Session = z.infer<typeof sessionSchema>;

export const updateMeSchema = z.strictObject({
  locale: z.enum(LOCALES).optional(),
  // The same rule as a name an admin gives (POST/PATCH /users): one's own name is shown to others too.
  displayName: nameSchema.optional(),
});

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(LIMITS.passwordMax),
  newPassword: passwordSchema,
});
