import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { idSchema, singleLineSchema, translatableErrorFields } from './common.js';

/**
 * STIX 2.1 exchange: limits of an imported bundle and the per-object answer of an import. The bundle
 * itself is validated against the OASIS STIX 2.1 JSON schemas on the server (not here: the schemas are
 * JSON Schema, and a per-object answer is more useful than one zod error).
 */
export const STIX_LIMITS = {
  /** Largest bundle body accepted, in bytes. */
  bundleBytes: 16 * 1024 * 1024,
  /** Most objects in one bundle. */
  bundleObjects: 20_000,
  /** Longest source node name recorded as provenance. */
  sourceNode: 200,
} as const;

export const STIX_IMPORT_STATUSES = ['created', 'corrected', 'retracted', 'duplicate', 'consumed', 'unmapped', 'rejected'] as const;
export type StixImportStatus = (typeof STIX_IMPORT_STATUSES)[number];

/** The envelope only; every object is checked one by one on the server. */
export const stixBundleBodySchema = z.looseObject({
  type: z.string().max(40),
  id: z.string().max(300).optional(),
  objects: z.array(z.unknown()).max(STIX_LIMITS.bundleObjects, { message: `at most ${STIX_LIMITS.bundleObjects} objects per bundle` }).optional(),
});

export const stixImportQuerySchema = z.strictObject({
  /** `true`: apply the valid part of a bundle that has rejected objects (which part is stated exactly). */
  partial: z.enum(['true', 'false']).default('false'),
  /**
   * Where the bundle came from (a partner node, a feed), kept as provenance. Only a platform admin's import
   * speaks for the node (its versions may then widen the marking of that node's reports); anyone else's
   * naming of it is provenance only.
   */
  sourceNode: singleLineSchema(STIX_LIMITS.sourceNode).min(1).optional(),
});

export const stixImportObjectResultSchema = z.object({
  /** Position in the bundle's `objects`. */
  index: z.number().int(),
  id: z.string().max(300).nullable(),
  type: z.string().max(250).nullable(),
  status: z.enum(STIX_IMPORT_STATUSES),
  localType: z.enum(['report', 'indicator']).nullable(),
  localId: idSchema.nullable(),
  /** Why, in one English line (null when there is nothing to say). */
  reason: z.string().max(LIMITS.description).nullable(),
  /**
   * The same reason as a stable code and the params its English text interpolates, so a client can say it
   * in its reader's language: `stix.*` for the importer's own reasons, or the code of the object's first
   * error when the reason is that error (a normaliser's, `validation.*`). Null exactly when `reason` is.
   */
  reasonCode: z.string().max(100).nullable(),
  reasonParams: translatableErrorFields.params.unwrap().nullable(),
  // `code` and `params` (the importer's own `stix.*`, a normaliser's refusal, or `validation.*` for the
  // report it would become) let a client say the error in its reader's language.
  errors: z.array(z.object({ path: z.string().max(400), message: z.string().max(LIMITS.description), ...translatableErrorFields })).max(20),
});
export type StixImportObjectResult = z.infer<typeof stixImportObjectResultSchema>;

export const stixImportResultSchema = z.object({
  bundleId: z.string().max(300).nullable(),
  /** False when nothing was written (an atomic import with rejected objects). */
  applied: z.boolean(),
  partial: z.boolean(),
  summary: z.object(Object.fromEntries(STIX_IMPORT_STATUSES.map((s) => [s, z.number().int()])) as Record<StixImportStatus, z.ZodNumber>),
  results: z.array(stixImportObjectResultSchema).max(STIX_LIMITS.bundleObjects),
});
export type StixImportResult = z.infer<typeof stixImportResultSchema>;
