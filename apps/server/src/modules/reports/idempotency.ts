import { createHash } from 'node:crypto';
import type { ParsedCreateReport } from '@gpos/contracts';
import stringify from 'safe-stable-stringify';
import type { FieldError } from '../../platform/errors.js';
import { reportRefusals } from './report-refusals.js';

/** What a report is, for its idempotency key: its facts, its marking, and its identifiers in canonical form. */
export interface FingerprintedReport {
  input: ParsedCreateReport;
  /** occurredAt as stored (ISO 8601 UTC). */
  occurredAt: string;
  indicators: readonly { key: string; role: string }[];
}

/**
 * A hash of what a report says, to tell a key sent again with the same report (a retry: `duplicate`) from
 * a key reused for another one (refused). Taken after normalisation, so a retry that writes a number or a
 * time another way (`081-234-5678` for `+66812345678`, `+07:00` for `Z`) is still the same report; the
 * identifiers in sorted order, since their order says nothing. The marking as sent (its lists as stored:
 * markingAsStored), not resolved: a RED marking for named people names its sender, and a colleague's
 * retry would be another report.
 */
export function idempotencyFingerprint(report: FingerprintedReport): string {
  const { input } = report;
  const content = [
    input.scamType,
    input.channel,
    input.victimCountry,
    report.occurredAt,
    input.loss?.amount ?? null,
    input.loss?.currency ?? null,
    input.narrative ?? null,
    input.language ?? null,
    input.confidence,
    input.externalRef ?? null,
    stringify(markingAsStored(input.marking)) ?? null,
    report.indicators.map((indicator) => `${indicator.key}\u0000${indicator.role}`).sort(),
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url');
}

/**
 * The marking with each of its lists (recipients, communities) de-duplicated and sorted, as it is stored
 * (marking.repository.ts): a retry that names the same recipients in another order, as a client
 * rebuilding the list from a set sends them, is the same report (lifecycle review, session 59: it was
 * refused as a reused key, and a client then sending it under a fresh key stored it twice). A marking
 * without lists, or with sorted ones, gives the fingerprint it gave before.
 */
function markingAsStored(marking: ParsedCreateReport['marking']): unknown {
  if (marking === undefined || marking === null) return marking;
  return Object.fromEntries(Object.entries(marking).map(([name, value]) => [name, Array.isArray(value) ? [...new Set(value)].sort() : value]));
}

export const KEY_REUSED_CODE = 'report.idempotency_key_reused' as const;
/** KEY_REUSED_CODE's twin for an earlier report retracted since, which no correction can reach. */
export const KEY_REUSED_RETRACTED_CODE = 'report.idempotency_key_reused_retracted' as const;
/** Either refusal of a reused key: a conflict with the earlier report (409), not a fault of the report's fields. */
export const isKeyReusedCode = (code: string | undefined): boolean => code === KEY_REUSED_CODE || code === KEY_REUSED_RETRACTED_CODE;

/**
 * The refusal of a key reused for other content, naming the earlier report. Only ever said of a report
 * the sender may see: of one it may not (a colleague's RED report), a sender could learn its content by
 * trying reports under its key until one was not "different" — that key answers as it always did.
 */
export function keyReusedError(earlierReportId: string, retracted = false): FieldError {
  // Of a retracted report, the usual advice ("or correct the earlier report") cannot be followed.
  return { path: 'idempotencyKey', ...reportRefusals.say(retracted ? KEY_REUSED_RETRACTED_CODE : KEY_REUSED_CODE, { reportId: earlierReportId }) };
}
