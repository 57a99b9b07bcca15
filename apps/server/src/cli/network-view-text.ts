import { historyEntries, type NetworkDetail, type NetworkSummary } from '@gpos/contracts';
import { plural, terminalText, usdText } from './cli-support.js';
import { historyLine } from './network-history-text.js';
import { askText } from './lookup-text.js';
import { wrapText as wrapAnyText } from './text-wrap.js';
import { INDICATOR_TYPE_NAMES, indicatorTypeName, inSentence, organisationTypeName, scamTypeName } from './type-names.js';

/** How many key identifiers and history lines `show` prints; `--json` has them all. */
export const SHOWN_ROWS = 15;

/**
 * A space inside a name that a line must not break at ("Law enforcement (KH)" read "Law" at the end of one
 * line and "enforcement (KH)" on the next): wrapping breaks at plain spaces only, and wrapText makes it a
 * plain space again after.
 */
const KEEP = '\u00a0';

/** Text wrapped to the terminal (text-wrap.ts), names held together by KEEP whole on one line. */
export const wrapText = (text: string) => wrapAnyText(text).replaceAll(KEEP, ' ');

/** The key identifiers' type column: as wide as the longest name ("Social media account"). */
const TYPE_COLUMN = Math.max(...Object.values(INDICATOR_TYPE_NAMES).map((name) => name.length)) + 1;

/**
 * What the viewer may not see: the "N more from K partners" hint, with the kind and country of each
 * holder as the web page names them, never more; and how to ask them for access (askText: the call the
 * page's Request access button makes, and the `gpos` command).
 */
function hiddenLine(hidden: NetworkSummary['hidden']): string {
  if (hidden.reports === 0) return '';
  const holders = hidden.holders.map((h) => `${organisationTypeName(h.organisationType).replaceAll(' ', KEEP)} (${h.country})`).join(', ');
  return (
    `     ${plural(hidden.reports, 'more report')} from ${plural(hidden.organisations, 'partner organisation')} you cannot see` +
    `${holders ? `: ${holders}` : ''}\n` +
    (hidden.accessRequest ? `     ${askText(hidden.accessRequest)}\n` : '')
  );
}

/**
 * A network in a few short lines (the label on its own: an identifier can be long), so that a page of them
 * fits a terminal; the caller wraps what is still too wide (wrapText, this module's).
 */
export function summaryText(n: NetworkSummary, rank: number, more = ''): string {
  const label = n.labelIndicator
    ? `around ${inSentence(indicatorTypeName(n.labelIndicator.type))} ${terminalText(n.labelIndicator.display)}`
    : 'no identifier joins two of its reports you see';
  return (
    `${String(rank).padStart(3)}. ${n.id}  score ${n.score.toFixed(1)}\n` +
    `     ${label}\n` +
    `     ${plural(n.reports, 'report')}, ${plural(n.indicators, 'identifier')}, loss ${usdText(n.lossUsdTotal)}; last activity ${n.lastActivity?.slice(0, 10) ?? '—'}, +${n.growth30d} in 30 days\n` +
    `     victims in ${n.victimCountries.join(' ') || '—'}${crossBorderText(n)}\n` +
    more +
    hiddenLine(n.hidden)
  );
}

/**
 * Cross-border counts victim and reporting countries together (network-metrics.ts): a network whose victims
 * are all in TH, reported by a bank in KH, is one. Said with the reporting countries, so that the line does
 * not read "victims in TH (cross-border)".
 */
function crossBorderText(n: NetworkSummary): string {
  if (!n.crossBorder) return '';
  const elsewhere = n.reportingCountries.filter((c) => !n.victimCountries.includes(c));
  return elsewhere.length > 0 ? `, reported from ${n.reportingCountries.join(' ')} (cross-border)` : ' (cross-border)';
}

/** "… and 35 more (--json has them all)" under a list cut to SHOWN_ROWS. */
const more = (total: number) => (total > SHOWN_ROWS ? [`  … and ${(total - SHOWN_ROWS).toLocaleString('en')} more (--json has them all)\n`] : []);

export function detailText(n: NetworkDetail): string {
  // Runs of like splits or merges are one line each, as on the web page: what is cut is counted in lines.
  const history = historyEntries(n.history);
  const lines = [
    summaryText(
      n,
      1,
      `     reported by ${plural(n.reportingOrganisations, 'organisation')} in ${n.reportingCountries.join(' ') || '—'}\n` +
        `     scam types ${n.scamTypes.map(scamTypeName).join(', ') || '—'}; median loss ${usdText(n.lossUsdMedian)}; first activity ${n.firstActivity?.slice(0, 10) ?? '—'}\n`,
    ).replace(/^ {2}1\. /, 'Network '),
    `Key identifiers (most reports first):\n`,
    ...(n.keyIndicators.length === 0 ? ['  none: no identifier joins two of its reports you see\n'] : []),
    ...n.keyIndicators
      .slice(0, SHOWN_ROWS)
      .map((k) => `  ${indicatorTypeName(k.type).padEnd(TYPE_COLUMN)} ${terminalText(k.display)}  ${plural(k.reports, 'report')}, victims in ${k.countries.join(' ')}\n`),
    ...more(n.keyIndicators.length),
    `Countries (victims / reports made there):\n`,
    `  ${n.countryCounts.map((c) => `${c.country} ${c.victims}/${c.reports}`).join('  ') || '—'}\n`,
    `History (newest first):\n`,
    ...(history.length === 0 ? ['  no merges, splits or decisions yet\n'] : history.slice(0, SHOWN_ROWS).map(historyLine)),
    ...more(history.length),
  ];
  return wrapText(lines.join(''));
}

/**
 * A report's label as the server makes it (network-graph.ts `reportLabel`: scam type, victim country,
 * day), its scam type by name: "Romance · VN · 2026-05-03".
 */
const reportLabelText = (label: string) => {
  const [scamType, ...rest] = label.split(' · ');
  return [scamTypeName(scamType ?? ''), ...rest].join(' · ');
};

/** A chain: a report by its id (what a statement cites) and label (scam type, victim country, date); an identifier by type and value. */
export function pathText(steps: readonly { kind: string; id: string; label: string; detail: string }[]): string {
  return wrapText(
    steps
      .map(
        (s, i) =>
          `${String(i + 1).padStart(3)}. ${s.kind === 'report' ? `report ${s.id}  ${terminalText(reportLabelText(s.label))}` : `  shares ${inSentence(indicatorTypeName(s.detail))} ${terminalText(s.label)}`}\n`,
      )
      .join(''),
  );
}
