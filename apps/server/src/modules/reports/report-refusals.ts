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
  /**
   * A correction made here of a report imported from `sourceNode` (source-marking.ts). `marking`: the
   * correction's TLP; `current`: the report's. Path `marking.tlp`: a freer TLP level.
   */
  'report.marking_wider_than_source':
    'is {{marking}}, wider than {{current}}, the marking of this report from {{sourceNode}}: a correction made here may keep or narrow the marking its source gave it, never widen it',
  /** As above, at the same or a stricter level: path `marking.communityId`, `marking.recipientOrganisationIds` or `marking.recipientUserIds`. */
  'report.marking_reaches_beyond_source':
    'would let {{marking}} reach beyond the audience of this report from {{sourceNode}} ({{current}}): a correction made here may keep or remove its recipients, never add any or change its community',
  /**
   * A correction of a RED report by someone other than the person who made it (source-marking.ts). `marking`:
   * the correction's TLP. Path `marking.tlp`: a freer level.
   */
  'report.marking_wider_than_red':
    'is {{marking}}, wider than RED: only the person who made this RED report may widen its marking; a named recipient may keep or narrow it',
  /** As above, naming people or organisations the RED marking does not: path `marking.recipientUserIds` or `marking.recipientOrganisationIds`. */
  'report.marking_reaches_beyond_red':
    'names recipients this RED report was not shared with: only the person who made it may add any; a named recipient may keep or remove them',
} as const;

export const reportRefusals = textCatalogue(REPORT_REFUSALS);
