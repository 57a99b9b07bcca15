import type { NetworkDetail, NetworkSummary } from '@gpos/contracts';
import { plural, terminalText, usdText } from './cli-support.js';
import { wrapText } from './text-wrap.js';

/** How many key identifiers and history items `show` prints; `--json` has them all. */
export const SHOWN_ROWS = 15;


/**
 * What the viewer may not see: the "N more from K partners" hint, with the kind and country of each
 * holder as the API says them, never more.
 */
function hiddenLine(hidden: NetworkSummary['hidden']): string {
  if (hidden.reports === 0) return '';
  const holders = hidden.holders.map((h) => `${h.organisationType} (${h.country})`).join(', ');
  return (
    `     ${plural(hidden.reports, 'more report')} from ${plural(hidden.organisations, 'partner organisation')} you cannot see` +
    `${holders ? `: ${holders}` : ''}${hidden.accessRequest ? '; ask them for access in the web app or the API' : ''}\n`
  );
}

/**
 * A network in a few short lines (the label on its own: an identifier can be long), so that a page of them
 * fits a terminal; the caller wraps what is still too wide (wrapText).
 */
export function summaryText(n: NetworkSummary, rank: number, more = ''): string {
  const label = n.labelIndicator ? `around ${n.labelIndicator.type.replace('_', ' ')} ${terminalText(n.labelIndicator.display)}` : 'no identifier joins two of its reports you see';
  return (
    `${String(rank).padStart(3)}. ${n.id}  score ${n.score.toFixed(1)}\n` +
    `     ${label}\n` +
    `     ${plural(n.reports, 'report')}, ${plural(n.indicators, 'identifier')}, loss ${usdText(n.lossUsdTotal)}; last activity ${n.lastActivity?.slice(0, 10) ?? '—'}, +${n.growth30d} in 30 days\n` +
    `     victims in ${n.victimCountries.join(' ') || '—'}${n.crossBorder ? ' (cross-border)' : ''}\n` +
    more +
    hiddenLine(n.hidden)
  );
}

/** "… and 35 more (--json has them all)" under a list cut to SHOWN_ROWS. */
const more = (total: number) => (total > SHOWN_ROWS ? [`  … and ${(total - SHOWN_ROWS).toLocaleString('en')} more (--json has them all)\n`] : []);

export function detailText(n: NetworkDetail): string {
  const lines = [
    summaryText(
      n,
      1,
      `     reported by ${plural(n.reportingOrganisations, 'organisation')} in ${n.reportingCountries.join(' ') || '—'}\n` +
        `     scam types ${n.scamTypes.join(', ') || '—'}; median loss ${usdText(n.lossUsdMedian)}; first activity ${n.firstActivity?.slice(0, 10) ?? '—'}\n`,
    ).replace(/^ {2}1\. /, 'Network '),
    `Key identifiers (most reports first):\n`,
    ...n.keyIndicators.slice(0, SHOWN_ROWS).map((k) => `  ${k.type.padEnd(18)} ${terminalText(k.display)}  ${plural(k.reports, 'report')}, victims in ${k.countries.join(' ')}\n`),
    ...more(n.keyIndicators.length),
    `Countries (victims / reports made there):\n`,
    `  ${n.countryCounts.map((c) => `${c.country} ${c.victims}/${c.reports}`).join('  ') || '—'}\n`,
    `History (newest first):\n`,
    ...(n.history.length === 0
      ? ['  no merges, splits or decisions yet\n']
      : n.history
          .slice(0, SHOWN_ROWS)
          .map((h) => `  ${h.at.slice(0, 19).replace('T', ' ')}  ${h.kind}${h.pieces ? ` into ${h.pieces}` : ''}${h.indicatorDisplay ? ` ${terminalText(h.indicatorDisplay)}` : ''}${h.reason ? `: ${terminalText(h.reason)}` : ''}${h.undone ? ' (withdrawn)' : ''}\n`)),
    ...more(n.history.length),
  ];
  return wrapText(lines.join(''));
}

/** A chain: a report by its id (what a statement cites) and label (scam type, victim country, date); an identifier by type and value. */
export function pathText(steps: readonly { kind: string; id: string; label: string; detail: string }[]): string {
  return wrapText(steps.map((s, i) => `${String(i + 1).padStart(3)}. ${s.kind === 'report' ? `report ${s.id}  ${terminalText(s.label)}` : `  shares ${s.detail.replace('_', ' ')} ${terminalText(s.label)}`}\n`).join(''));
}
