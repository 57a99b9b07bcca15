import { createHash } from 'node:crypto';
import type { ParsedCreateReport } from '@gpos/contracts';
import type { FieldError } from '../../platform/errors.js';

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
 * identifiers in sorted order, since their order says nothing. The marking is its resolved fingerprint.
 */
export function idempotencyFingerprint(report: FingerprintedReport, markingFingerprint: string): string {
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
    markingFingerprint,
    report.indicators.map((indicator) => `${indicator.key}\u0000${indicator.role}`).sort(),
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url');
}

export const KEY_REUSED_CODE = 'report.idempotency_key_reused';

/**
 * The refusal of a key reused for other content. It names the earlier report when the sender may see it;
 * a colleague's RED report is not named (see report.service.ts, create).
 */
export function keyReusedError(earlierReportId: string | null): FieldError {
  const earlier = earlierReportId ? ` (report ${earlierReportId})` : '';
  return {
    path: 'idempotencyKey',
    message: `was used before by your organisation for a different report${earlier}; nothing was stored. Send this report with a new key, or correct the earlier report`,
    code: KEY_REUSED_CODE,
    params: earlierReportId ? { reportId: earlierReportId } : {},
  };
}
