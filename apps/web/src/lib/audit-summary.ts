import { escapeBidiControls } from './bidi';

/**
 * An audit event's summary as the audit page's code block shows it: its JSON, indented, made once from
 * the object the API answers (whose texts are as they were given, not escaped or quoted before), so a
 * quote in a name reads `\"` as JSON writes it, never `\\\"`; bidi controls written out as `\u202e`.
 */
export function auditSummaryText(summary: Readonly<Record<string, unknown>>): string {
  return escapeBidiControls(JSON.stringify(summary, null, 2));
}
