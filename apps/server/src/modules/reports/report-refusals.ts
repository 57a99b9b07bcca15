/**
 * A report's own refusals beyond its schema's (reports, bulk lines): coded texts, so the web app says them
 * in its reader's language (locale files, group `report`) rather than in the server's English.
 */
import { textCatalogue } from '../../platform/coded-text.js';

export const REPORT_REFUSALS = {
  'report.occurred_in_future': 'is in the future ({{value}})',
  'report.occurred_before_1970': 'is before 1970 ({{value}}): check the year',
  'report.idempotency_key_reused':
    'was used before by your organisation for a different report (report {{reportId}}); nothing was stored. Send this report with a new key, or correct the earlier report',
  /** As above, of an earlier report retracted since: it cannot be corrected (a retraction is final). */
  'report.idempotency_key_reused_retracted':
    'was used before by your organisation for a different report (report {{reportId}}), retracted since; nothing was stored. A retraction is final: send this report with a new key',
  /** `usd`, `cap`: amounts in US dollars as formatUsd writes them (`1,234.56`). */
  'report.loss_over_cap': 'is worth USD {{usd}} at the rate of its day, more than the USD {{cap}} one report may claim',
} as const;

export const reportRefusals = textCatalogue(REPORT_REFUSALS);
