import { z } from 'zod';
import { API_KEY_SCOPES } from '../enums.js';
import { idSchema, isoDateTimeSchema, nameSchema } from './common.js';

export const apiKeySchema = z.object({
  id: idSchema,
  organisationId: idSchema,
  name: z.string(),
  /** The first characters of the key, enough to recognise it in a list; never the secret. */
  prefix: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  createdByUserId: idSchema.nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const createApiKeySchema = z.strictObject({
  name: nameSchema,
  scopes: z
    .array(z.enum(API_KEY_SCOPES))
    .min(1, { message: 'choose at least one scope' })
    .max(API_KEY_SCOPES.length)
    .describe(
      'read < write < admin: what the key may do. `node` (platform admins only, beside write or admin, for an organisation standing for a federation peer): a TAXII push with the key is that peer node’s own version, which may set any marking on its reports.',
    ),
  expiresAt: isoDateTimeSchema.optional(),
  /** Platform admins may create keys for another organisation. */
  organisationId: idSchema.optional(),
});
export type CreateApiKey = z.infer<typeof createApiKeySchema>;

/** The only response that ever carries the secret. */
export const createdApiKeySchema = z.object({ apiKey: apiKeySchema, secret: z.string() });
