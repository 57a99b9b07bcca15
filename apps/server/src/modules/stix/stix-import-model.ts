import { LIMITS, withoutControlCharacters, type ParsedCreateReport, type StixImportObjectResult } from '@gpos/contracts';
import type { StixObjectsTable } from '../../db/schema.js';
import { cutToUtf16Units } from '../../platform/cut-text.js';
import type { FieldError } from '../../platform/errors.js';
import { GPOS_EXTENSIONS } from './stix-ids.js';
import { reasonOfErrors, setReason, type StixSaid } from './stix-reasons.js';

/*
 * What the STIX importer works on (stix-import.ts decides, with stix-import-identifiers.ts reading the
 * identifiers; stix-import-writes.ts applies): each object of the bundle with its result so far, and the
 * groups that become GPOS reports.
 */

export type Json = Record<string, unknown>;

export interface Entry {
  index: number;
  object: Json | null;
  id: string | null;
  type: string | null;
  result: StixImportObjectResult;
}

export interface Group {
  root: Entry;
  kind: 'report' | 'indicator' | 'observed-data';
  members: Set<Entry>;
  input: ParsedCreateReport | null;
  /** The root's `modified` as versionStamp writes it (nine fraction digits), so versions compare as text. */
  modified: string;
  revoked: boolean;
  /** A revoked report that its source withdrew from this node's audience (taxii/withdrawals.ts), not retracted. */
  withdrawn: boolean;
  createdByRef: string | null;
  /** A `create` of a report its source had withdrawn from this node (`existing` is the provenance of the one retracted for it). */
  decision?: 'create' | 'correct' | 'retract' | 'duplicate';
  existing?: StixObjectsTable;
  /** What the report's result says once it is created or corrected (how its marking was decided). */
  note?: StixSaid;
}

/**
 * `stix_objects.revoked`: what became of an imported object's last version. A withdrawal (its source
 * narrowed the report's marking so that this node is no longer in its audience) takes away what the node
 * holds as a retraction does, but is no retraction by the source: a later version that widens the report
 * again is imported again, as a new local report (the one retracted for the withdrawal stays retracted).
 */
export const PROVENANCE = { live: 0, revoked: 1, withdrawn: 2 } as const;

export const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/**
 * A report's `external_ref` as the report's `externalRef` field: a string, without control characters,
 * within the bound; no field when nothing is left. The controls are removed, not refused: the reference is
 * the sender's bookkeeping, and refusing it would lose the whole report over an invisible character — for
 * good from a federation peer, whose pull moves past a refused object and never asks for it again.
 */
export function externalRefField(value: unknown): { externalRef?: string } {
  const kept = typeof value === 'string' ? cutToUtf16Units(withoutControlCharacters(value).trim(), LIMITS.name) : '';
  return kept === '' ? {} : { externalRef: kept };
}

export function result(index: number, id: string | null, type: string | null): StixImportObjectResult {
  return { index, id, type, status: 'consumed', localType: null, localId: null, reason: null, reasonCode: null, reasonParams: null, errors: [] };
}

/**
 * Rejects an object with its errors. Its reason is `reason` when given, else its first error (with that
 * error's code and params, so the reason is as translatable as the error).
 */
export function reject(entry: Entry, errors: FieldError[], reason?: StixSaid): void {
  entry.result.status = 'rejected';
  entry.result.errors = errors.slice(0, 20).map((e) => ({
    path: cutToUtf16Units(e.path, 400),
    message: cutToUtf16Units(e.message, LIMITS.description),
    // A normaliser's, schema's or the importer's code and params (bounded where they are made), for the reader's language.
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.params !== undefined ? { params: e.params } : {}),
  }));
  setReason(entry.result, reason ?? reasonOfErrors(errors));
}

/** Still in play: neither rejected nor a duplicate of another version in the bundle. */
export const live = (entry: Entry): boolean => entry.result.status !== 'rejected' && entry.result.status !== 'duplicate';

export function unmapped(entry: Entry, reason: StixSaid): void {
  entry.result.status = 'unmapped';
  setReason(entry.result, reason);
}

export const extensionOf = (object: Json | null): Json => {
  const ext = (object?.extensions as Json | undefined)?.[GPOS_EXTENSIONS.properties];
  return ext && typeof ext === 'object' ? (ext as Json) : {};
};
