/**
 * What the ingest path takes and answers: who submits, each report's outcome, what a committed batch tells
 * the rest of the platform, and how a correction or a reused idempotency key is to be handled.
 */
import type { SightingRole } from '@gpos/contracts';
import type { ServerDeps } from '../../platform/context.js';
import type { ReportsTable } from '../../db/schema.js';
import type { FieldError } from '../../platform/errors.js';
import type { CanonicalIndicator } from '../indicators/normalise/index.js';

/** Who submits: the organisation (its country makes national phone numbers international) and the person or key. */
export interface Submitter {
  organisationId: string;
  organisationCountry: string;
  userId: string | null;
  apiKeyId: string | null;
  /** The bulk upload the reports come with (`POST /reports/bulk?uploadId=`), stored on each new report. */
  uploadId?: string | null;
  /**
   * The node the reports come from (a STIX import's `sourceNode`: a federation peer's name), stored on each
   * new report in the transaction that writes it. A correction records the node it came from when given one,
   * and otherwise keeps its report's (a local correction of an imported report still came from that peer).
   */
  sourceNode?: string | null;
  /**
   * Whether the writer speaks for `sourceNode`, as its owner (source-marking.ts): a sync pulled from that
   * peer, a TAXII push with a key of the organisation standing for it, or an import by the node's operator
   * (a platform admin, the CLI). A node named by anyone else is provenance only: recorded, never authority.
   */
  speaksForSourceNode?: boolean;
}

export interface ReportIndicatorResult {
  type: CanonicalIndicator['type'];
  value: string;
  display: string;
  indicatorId: string;
  role: SightingRole;
  benign: boolean;
  /** Index of the submitted indicator this one was derived from (a URL's domain, a WhatsApp account's phone). */
  derivedFrom: number | null;
}

export type IngestOutcome =
  | { status: 'accepted'; reportId: string; indicators: ReportIndicatorResult[] }
  /**
   * `visible`: whether the submitter may see the earlier report. An idempotency key belongs to the
   * organisation, so it may name a colleague's RED report that this person or key may not see: callers
   * must then show neither its content nor its id (see report.service.ts `create` for why not the id).
   */
  | {
      status: 'duplicate';
      reportId: string;
      visible: boolean;
      /**
       * The key came with other content than the report made under it (KeyReuse `duplicate` only; with
       * `refuse` that is a rejection). Said only when `visible`: told of a report it may not see, a sender
       * could try content after content under one key until it matched.
       */
      otherContent: boolean;
      /**
       * The report made under the key was retracted since (said only when `visible`, as `otherContent`):
       * a retraction is final, so sending it again stores nothing, and the caller can say why.
       */
      retracted: boolean;
    }
  | { status: 'rejected'; errors: FieldError[] };

/** The fields of a committed report that the network linker copies into its membership row. */
export interface CommittedReportFields {
  version: number;
  victimCountry: string;
  scamType: string;
  /** As stored (ISO 8601 UTC). */
  occurredAt: string;
  lossUsd: number | null;
  confidence: number;
}

/** What a committed batch tells the rest of the platform (lookup filter, watchlists, linking). */
export interface CommittedBatch {
  submitter: Submitter;
  /** New reports, or a new version of one (a correction). */
  change: 'created' | 'corrected';
  indicators: { id: string; type: string; value: string }[];
  reports: { id: string; markingId: string; indicatorIds: string[]; fields?: CommittedReportFields }[];
}


/**
 * What a key sent again with other content answers. `refuse` (the default): the report is rejected on
 * `idempotencyKey`, since answering `duplicate` would drop it without a word. `duplicate` (flagged
 * `otherContent`): for imports whose key names a source's object, which say for themselves what they do
 * with its other versions — STIX decides by `modified` before the ingest (an import racing another of a
 * newer version is a duplicate of it, see stix-import-writes.ts), MISP tells that the event changed.
 */
export interface KeyReuse {
  sameKeyOtherContent: 'refuse' | 'duplicate';
}
export const REFUSE_OTHER_CONTENT: KeyReuse = { sameKeyOtherContent: 'refuse' };

/**
 * A correction: the report it replaces, as read before, and what the caller writes at the end of the
 * same transaction, under the claim on the report (a STIX import's provenance: another import of the
 * same version, refused by the claim, then finds it recorded).
 */
export interface Replacement {
  report: ReportsTable;
  within?: (trx: ServerDeps['db']) => Promise<void>;
}
