import type { HistoryEntry, NetworkDetail } from '@gpos/contracts';
import { terminalText } from './cli-support.js';

type HistoryEvent = NetworkDetail['history'][number];
/** A line of the history: an event, or a run of like splits or merges folded as the web page folds them (historyEntries, @gpos/contracts). */
type Entry = HistoryEntry<HistoryEvent>;

/** The kinds of history events as the web app's English says them (`networks.history.kinds`; a test keeps them equal). */
export const HISTORY_KIND_NAMES: Readonly<Record<HistoryEvent['kind'], string>> = {
  merge: 'Merged',
  split: 'Split',
  no_link: 'Does not link',
  confirm_link: 'Link confirmed',
  undo: 'Decision undone',
};

/**
 * Why the platform did it, as the web app's English says it (`networks.history.causes`; a test keeps them
 * equal). The server's own `reason` for these is a terse code-like phrase ("no link", "decision undone").
 * `analyst` is absent: a person's decision is said in their own words, quoted.
 */
export const HISTORY_CAUSE_NAMES: Readonly<Record<string, string>> = {
  shared_indicator: 'Reports share an identifier',
  decision_undone: 'A “does not link” decision was undone',
  link_confirmed: 'An analyst confirmed the identifier links',
  report_removed: 'A report was removed',
  organisation_country: 'An organisation changed country',
  warninglist: 'The identifier is on a warninglist, or is a private or reserved address',
  false_positive: 'The identifier was marked as a false positive',
  high_degree: 'The identifier appears in unusually many reports',
  no_link: 'The identifier was marked as not linking',
};

/** What happened: "Split into 9 networks", "Merged 9 networks into one", "Does not link". */
function what({ event, count, merged }: Entry): string {
  if (event.kind === 'merge') return merged !== null && merged >= 2 ? `Merged ${merged} networks into one` : HISTORY_KIND_NAMES.merge;
  const name = event.kind === 'split' && event.pieces !== null ? `Split into ${event.pieces} networks` : (HISTORY_KIND_NAMES[event.kind] ?? event.kind);
  return count > 1 ? `${name} ×${count}` : name;
}

/** Why: a person's words quoted, or the platform's cause by its name (an unknown one by the server's reason). */
function why(event: HistoryEvent): string | null {
  if (event.cause === null || event.cause === 'analyst') return event.reason ? `“${terminalText(event.reason)}”` : null;
  return HISTORY_CAUSE_NAMES[event.cause] ?? (event.reason ? terminalText(event.reason) : null);
}

/**
 * An entry as the web page's history line says it: when, what, the identifier, who, withdrawn, and why
 * ("2026-11-02 10:00:00  Does not link: +66 81 234 5678, by SL-CCIB (withdrawn) — “a bank's hotline”");
 * then, for a split, the other networks it made that the viewer sees a report of (the full ids, for
 * `gpos networks show`: where the reports that left went, or the one they left).
 */
export function historyLine(entry: Entry): string {
  const { event } = entry;
  const cause = why(event);
  return (
    `  ${event.at.slice(0, 19).replace('T', ' ')}  ${what(entry)}` +
    `${event.indicatorDisplay ? `: ${terminalText(event.indicatorDisplay)}` : ''}` +
    `${event.actor ? `, by ${terminalText(event.actor)}` : ''}` +
    `${event.undone ? ' (withdrawn)' : ''}` +
    `${cause ? ` — ${cause}` : ''}\n` +
    (event.splitInto.length > 0 ? `      the other networks it made: ${event.splitInto.join(', ')}\n` : '')
  );
}
