import { z } from 'zod';
import { TLP_LEVELS } from '../enums.js';
import { INDICATOR_TYPES } from '../indicator-types.js';
import { LIMITS } from '../limits.js';
import { idSchema, singleLineSchema, translatableErrorFields } from './common.js';
import { SCAM_TYPES } from './reports.js';

/**
 * MISP interchange: the answer to an import of MISP events (one report per event, with every MISP
 * attribute accounted for) and the request for an export of reports as one MISP event. The MISP event
 * format itself is MISP's; the server reads it tolerantly and writes it as MISP's importer expects.
 */
export const MISP_LIMITS = {
  /** Events in one import request (a feed directory imported from the console has no such limit). */
  eventsPerRequest: 1000,
  /** Skipped attributes listed per event; beyond that they are counted in `skippedNotListed`. */
  skippedListed: 2000,
  /** Mapped indicators listed per event. */
  indicatorsListed: 2000,
  /** Reports exported as one MISP event. */
  exportReports: 500,
} as const;

/**
 * accepted: stored as new report(s); duplicate: imported before (same event uuid, same organisation), or
 * exported from this platform and its reports are here, nothing changed; rejected: the event is malformed or was refused, nothing of it stored; skipped: a
 * well-formed document that carries no identifier GPOS models (or no event at all), nothing to store.
 */
export const MISP_EVENT_STATUSES = ['accepted', 'duplicate', 'rejected', 'skipped'] as const;
export type MispEventStatus = (typeof MISP_EVENT_STATUSES)[number];

/**
 * unmodelled: a MISP type, object or relation GPOS does not keep (file hashes, victims' data…);
 * invalid: a type GPOS keeps, but the value is not a valid identifier of it;
 * malformed: the attribute or object is not readable MISP JSON; deleted: marked deleted in MISP.
 */
export const MISP_SKIP_REASONS = ['unmodelled', 'invalid', 'malformed', 'deleted'] as const;
export type MispSkipReason = (typeof MISP_SKIP_REASONS)[number];

const text = (max: number) => z.string().max(max);

/**
 * An event's refusal; `code` and `params` — a schema's (`validation.*`) or the importer's own
 * (`misp.error_*`) — let a client say it in its reader's language.
 */
export const mispFieldErrorSchema = z.object({ path: text(LIMITS.name), message: text(LIMITS.description), ...translatableErrorFields });

export const mispMappedIndicatorSchema = z.object({
  /** Where the attribute is, e.g. `Event.Object[2].Attribute[0]`. */
  path: text(LIMITS.name),
  mispType: text(LIMITS.shortText),
  relation: text(LIMITS.shortText).nullable(),
  type: z.enum(INDICATOR_TYPES),
  /** Canonical value, as GPOS stores it. */
  value: text(LIMITS.indicatorValue),
});

export const mispSkippedSchema = z.object({
  path: text(LIMITS.name),
  mispType: text(LIMITS.shortText).nullable(),
  objectName: text(LIMITS.shortText).nullable(),
  relation: text(LIMITS.shortText).nullable(),
  /** The value, quoted as every refusal quotes one: a JSON string of its first LIMITS.quoteChars characters. */
  value: text(LIMITS.quotedText).nullable(),
  reason: z.enum(MISP_SKIP_REASONS),
  /** Why, in one English line. */
  message: text(LIMITS.description),
  /**
   * The same message as a stable `misp.*` code and the params its English text interpolates (MISP types,
   * relations, object names, paths, counts, a parser's or normaliser's English), so a client can say it in
   * its reader's language. `misp.invalid_identifier` also carries the normaliser's own code as
   * `reasonCode` and its params as `reason.<name>`.
   */
  messageCode: z.string().max(100),
  messageParams: translatableErrorFields.params.unwrap(),
});
export type MispSkipped = z.infer<typeof mispSkippedSchema>;

export const mispEventResultSchema = z.object({
  /** The document the event came from: `body`, `body[3]`, `body.response[0]`, a file path… */
  source: text(LIMITS.description),
  eventUuid: text(64).nullable(),
  info: text(LIMITS.name).nullable(),
  status: z.enum(MISP_EVENT_STATUSES),
  /** One report per event, or several when the event names more identifiers than one report holds. */
  reportIds: z.array(idSchema).max(500),
  idempotencyKey: text(LIMITS.name).nullable(),
  tlp: z.enum(TLP_LEVELS).nullable(),
  scamType: z.enum(SCAM_TYPES).nullable(),
  victimCountry: text(2).nullable(),
  occurredAt: text(40).nullable(),
  /** Why the event was rejected or skipped (empty when accepted). */
  errors: z.array(mispFieldErrorSchema).max(100),
  /** Defaults and decisions taken for this event (no TLP tag, stricter marking from distribution…). */
  notes: z.array(text(LIMITS.description)).max(50),
  /**
   * The same notes, in the same order, as stable `misp.note_*` codes with the params their English
   * interpolates (TLP names, country codes, MISP field names, idempotency keys, counts), so a client can
   * say each in its reader's language.
   */
  noteCodes: z.array(z.object({ code: z.string().max(100), params: translatableErrorFields.params.unwrap() })).max(50),
  counts: z.object({
    attributes: z.number().int(),
    mapped: z.number().int(),
    /**
     * Attributes used to qualify another or the event (a bank-account's swift, a coin-address's symbol, a
     * victim country, the GPOS report an event exported by GPOS was made from).
     */
    qualifiers: z.number().int(),
    skipped: z.number().int(),
    /** Reports this import created of the event (none when it was rejected, a duplicate, or all its reports are here). */
    reportsStored: z.number().int(),
    /** Identifiers those reports name (with those derived of them: a URL's domain, a subdomain's registrable domain…). */
    identifiersStored: z.number().int(),
  }),
  indicators: z.array(mispMappedIndicatorSchema).max(MISP_LIMITS.indicatorsListed),
  skipped: z.array(mispSkippedSchema).max(MISP_LIMITS.skippedListed),
  skippedNotListed: z.number().int(),
});
export type MispEventResult = z.infer<typeof mispEventResultSchema>;

export const mispImportResultSchema = z.object({
  events: z.array(mispEventResultSchema).max(100_000),
  summary: z.object({
    events: z.number().int(),
    accepted: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    skipped: z.number().int(),
    attributes: z.number().int(),
    /** Attributes mapped to identifiers in every event, rejected ones included (mappedStored + mappedInRejected). */
    mapped: z.number().int(),
    skippedAttributes: z.number().int(),
    /** Reports this import created, and the identifiers they name. */
    reportsStored: z.number().int(),
    identifiersStored: z.number().int(),
    /** Attributes mapped in events whose reports are here: imported now, or before (duplicates). */
    mappedStored: z.number().int(),
    /** Attributes mapped in rejected events: stored nowhere. */
    mappedInRejected: z.number().int(),
  }),
});
export type MispImportResult = z.infer<typeof mispImportResultSchema>;

export const mispExportRequestSchema = z.strictObject({
  reportIds: z.array(idSchema).min(1, { message: 'name at least one report' }).max(MISP_LIMITS.exportReports),
  /** The event's title; by default built from the reports. */
  info: singleLineSchema(LIMITS.name).min(1).optional(),
});
export type MispExportRequest = z.infer<typeof mispExportRequestSchema>;

const mispAttributeOutSchema = z.object({
  uuid: z.uuid(),
  type: text(64),
  category: text(64),
  value: text(LIMITS.indicatorValue),
  to_ids: z.boolean(),
  distribution: text(1),
  comment: text(LIMITS.description),
  timestamp: text(20),
  disable_correlation: z.boolean(),
  object_relation: text(64).optional(),
});

/** The MISP event GPOS exports: `{"Event": {...}}` as MISP's event import (UI or `POST /events`) reads it. */
export const mispEventDocumentSchema = z.object({
  Event: z.object({
    uuid: z.uuid(),
    info: text(LIMITS.description),
    date: text(10),
    threat_level_id: text(1),
    analysis: text(1),
    distribution: text(1),
    sharing_group_id: text(1),
    published: z.boolean(),
    timestamp: text(20),
    Tag: z.array(z.object({ name: text(LIMITS.name) })).max(1100),
    Attribute: z.array(mispAttributeOutSchema).max(LIMITS.indicatorsPerReport * MISP_LIMITS.exportReports),
    Object: z
      .array(
        z.object({
          uuid: z.uuid(),
          name: text(64),
          'meta-category': text(64),
          description: text(LIMITS.description),
          template_uuid: text(40),
          template_version: text(10),
          distribution: text(1),
          sharing_group_id: text(1),
          comment: text(LIMITS.description),
          timestamp: text(20),
          Attribute: z.array(mispAttributeOutSchema).max(20),
        }),
      )
      .max(LIMITS.indicatorsPerReport * MISP_LIMITS.exportReports),
  }),
});
export type MispEventDocument = z.infer<typeof mispEventDocumentSchema>;
