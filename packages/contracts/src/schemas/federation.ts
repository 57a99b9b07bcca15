import { z } from 'zod';
import { ORGANISATION_TYPES } from '../enums.js';
import { LIMITS } from '../limits.js';
import { countryCodeSchema, hasUserinfo, idSchema, nameSchema, refinementReason, singleLineSchema } from './common.js';
import { STIX_IMPORT_STATUSES, type StixImportStatus } from './stix.js';

/**
 * Federation: the remote TAXII 2.1 servers (other GPOS nodes, or any TAXII 2.1 server) this node pulls
 * STIX from. A peer is represented locally by one organisation: what it sends is imported on behalf of
 * that organisation, and the API key the peer uses to pull from this node belongs to it (which is how this
 * node knows not to serve a peer's own records back to it). The peer's API key is write-only: it is stored
 * encrypted and never returned, only its first characters.
 */
export const FEDERATION_LIMITS = {
  /** Collections pulled from one peer. */
  collectionsPerPeer: 50,
  /** Longest TAXII collection id accepted (TAXII ids are identifiers; GPOS uses UUIDs). */
  collectionId: 200,
  url: 2048,
  apiKeyMin: 8,
  apiKeyMax: 512,
  /** Shortest and longest scheduled sync interval, in minutes. */
  intervalMinutesMin: 1,
  intervalMinutesMax: 7 * 24 * 60,
} as const;

/** The peer's node name is recorded as `source_node` on every record imported from it. */
export const peerNameSchema = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(63)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, { message: 'must be lower-case letters, digits, ".", "_" or "-", e.g. node-th' });

/**
 * No credentials in the URL: a peer's URL is listed to platform admins and written to the audit trail, which
 * is kept forever, while its API key is stored sealed and never shown. HTTP Basic credentials go in the key
 * (`user:password`).
 */
const httpUrlSchema = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(FEDERATION_LIMITS.url)
  .refine((url) => !hasUserinfo(url), { message: "must not contain a user name or password: give them as the peer's API key (user:password), which is stored sealed", params: refinementReason('peer_url_credentials') });

export const PEER_SYNC_STATUSES = ['never', 'ok', 'partial', 'failed', 'running'] as const;
export type PeerSyncStatus = (typeof PEER_SYNC_STATUSES)[number];

export const peerCollectionStateSchema = z.object({
  collectionId: z.string().max(FEDERATION_LIMITS.collectionId),
  title: z.string().max(LIMITS.name).nullable(),
  /** The TAXII `added_after` the next pull starts from (the last X-TAXII-Date-Added-Last seen). */
  addedAfter: z.string().max(40).nullable(),
  lastSyncAt: z.string().nullable(),
  objectsReceived: z.number().int(),
  lastError: z.string().max(LIMITS.description).nullable(),
});
export type PeerCollectionState = z.infer<typeof peerCollectionStateSchema>;

export const peerSchema = z.object({
  id: idSchema,
  name: z.string().max(63),
  /** TAXII discovery URL (e.g. https://node.example/taxii2/) or the API root itself. */
  url: z.string().max(FEDERATION_LIMITS.url),
  /** The API root pulled from; null: the discovery's `default`. */
  apiRoot: z.string().max(FEDERATION_LIMITS.url).nullable(),
  /** Collections pulled; empty: every collection the peer lets this node read. */
  collectionIds: z.array(z.string().max(FEDERATION_LIMITS.collectionId)).max(FEDERATION_LIMITS.collectionsPerPeer),
  organisationId: idSchema,
  organisationName: z.string().max(LIMITS.name),
  /**
   * What of the peer's API key is shown to recognise it (federation/peer-key-hint.ts): the user name of
   * `user:password` credentials, else the first characters of a token long enough to spare them; empty for
   * a short token. Never the secret.
   */
  apiKeyPrefix: z.string().max(16),
  /** Minutes between scheduled pulls; null: only on demand (`gpos sync`, the sync button). */
  intervalMinutes: z.number().int().nullable(),
  enabled: z.boolean(),
  lastSyncAt: z.string().nullable(),
  lastSyncStatus: z.enum(PEER_SYNC_STATUSES),
  lastError: z.string().max(LIMITS.description).nullable(),
  /** STIX objects received from this peer, over all syncs. */
  objectsReceived: z.number().int(),
  collections: z.array(peerCollectionStateSchema).max(FEDERATION_LIMITS.collectionsPerPeer * 2),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Peer = z.infer<typeof peerSchema>;

export const peerListSchema = z.object({ items: z.array(peerSchema).max(1000) });
export type PeerList = z.infer<typeof peerListSchema>;

/** Either an existing local organisation, or a new one created to represent the peer. */
export const peerOrganisationSchema = z.union([
  z.strictObject({ id: idSchema }),
  z.strictObject({ name: nameSchema, type: z.enum(ORGANISATION_TYPES), country: countryCodeSchema }),
]);

export const createPeerSchema = z.strictObject({
  name: peerNameSchema,
  url: httpUrlSchema,
  apiRoot: httpUrlSchema.optional(),
  collectionIds: z
    .array(singleLineSchema(FEDERATION_LIMITS.collectionId).min(1))
    .max(FEDERATION_LIMITS.collectionsPerPeer)
    .default([]),
  /** The API key this node presents to the peer (a GPOS key of the peer, or the TAXII server's token). */
  apiKey: z.string().min(FEDERATION_LIMITS.apiKeyMin).max(FEDERATION_LIMITS.apiKeyMax),
  organisation: peerOrganisationSchema,
  intervalMinutes: z
    .number()
    .int()
    .min(FEDERATION_LIMITS.intervalMinutesMin)
    .max(FEDERATION_LIMITS.intervalMinutesMax)
    .nullable()
    .default(null),
  enabled: z.boolean().default(true),
});
export type CreatePeer = z.input<typeof createPeerSchema>;

export const peerSyncCollectionResultSchema = z.object({
  collectionId: z.string().max(FEDERATION_LIMITS.collectionId),
  pages: z.number().int(),
  objectsReceived: z.number().int(),
  /** What the STIX importer did with the received objects. */
  summary: z.object(
    Object.fromEntries(STIX_IMPORT_STATUSES.map((s) => [s, z.number().int()])) as Record<StixImportStatus, z.ZodNumber>,
  ),
  addedAfter: z.string().max(40).nullable(),
  error: z.string().max(LIMITS.description).nullable(),
});
export type PeerSyncCollectionResult = z.infer<typeof peerSyncCollectionResultSchema>;

export const peerSyncResultSchema = z.object({
  peerId: idSchema,
  peerName: z.string().max(63),
  startedAt: z.string(),
  finishedAt: z.string(),
  status: z.enum(['ok', 'partial', 'failed']),
  objectsReceived: z.number().int(),
  collections: z.array(peerSyncCollectionResultSchema).max(FEDERATION_LIMITS.collectionsPerPeer * 2),
  error: z.string().max(LIMITS.description).nullable(),
});
export type PeerSyncResult = z.infer<typeof peerSyncResultSchema>;
