import type { MispImportResult } from '@gpos/contracts';
import type en from '../../i18n/locales/en.json';

type SummaryLabel = keyof (typeof en)['interop']['misp']['summary'];

/** One counter of a MISP import's summary: its label's key (`interop.misp.summary.*`), its value, its test id. */
export interface MispCounter {
  label: SummaryLabel;
  value: number;
  testId?: string;
}

/**
 * The counters the import page shows of `POST /misp/events`'s summary, each as the server counts it: what
 * was stored (the reports made, their identifiers, the attributes mapped into events whose reports are
 * here) apart from what a rejected event would have given, shown only when there is some.
 */
export function mispSummaryCounters(s: MispImportResult['summary']): MispCounter[] {
  const counters: MispCounter[] = [
    { label: 'events', value: s.events },
    { label: 'accepted', value: s.accepted, testId: 'misp-count-accepted' },
    { label: 'duplicates', value: s.duplicates, testId: 'misp-count-duplicate' },
    { label: 'rejected', value: s.rejected, testId: 'misp-count-rejected' },
    { label: 'skipped', value: s.skipped, testId: 'misp-count-skipped' },
    { label: 'attributes', value: s.attributes },
    { label: 'mapped', value: s.mappedStored, testId: 'misp-count-mapped' },
    { label: 'skippedAttributes', value: s.skippedAttributes, testId: 'misp-count-not-imported' },
    { label: 'reportsStored', value: s.reportsStored, testId: 'misp-count-reports-stored' },
    { label: 'identifiersStored', value: s.identifiersStored, testId: 'misp-count-identifiers-stored' },
  ];
  if (s.mappedInRejected > 0) counters.push({ label: 'mappedInRejected', value: s.mappedInRejected, testId: 'misp-count-mapped-rejected' });
  return counters;
}

/**
 * Where in the imported file an event without a uuid came from, as the page says it: the server names its
 * place in the request body (`body`, `body[1]`, `body.response[0]`), and `body` is the API's word, not the
 * reader's (in a Thai sentence it was English). Null for a source that is not in the body (a feed file's,
 * named by the command line): shown as sent.
 */
export function mispSourcePlace(source: string): { whole: true } | { whole: false; path: string } | null {
  if (source === 'body') return { whole: true };
  const match = /^body(?:\.(?=[A-Za-z_])|(?=\[))(.+)$/.exec(source);
  return match ? { whole: false, path: match[1]! } : null;
}
