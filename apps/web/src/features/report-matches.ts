/**
 * What the platform already knows of a report's identifiers, from one batch lookup: the headline moment
 * of a submission ("also reported by a partner in Indonesia"). Pure, so it is unit-tested without a browser.
 *
 * The lookup counts every report the viewer may see, this one included (an active report is sighted;
 * a retracted one no longer counts anywhere). So "also" is said only of the reports beyond this one.
 */
import type { HiddenHit, LookupResult, Report } from '../api/intel-types';

export type IndicatorMatch =
  /** Other reports the viewer may see name it (and perhaps hidden ones too). */
  | {
      kind: 'known';
      /** Whether this report is among the counts (it is active): then "other" organisations are exact. */
      counted: boolean;
      otherReports: number;
      /** Organisations besides the report's own when `counted`; else every organisation naming it. */
      otherOrganisations: number;
      reports: number;
      /** Victim countries of every visible report naming it, this one's included. */
      countries: string[];
      hiddenHit: HiddenHit | null;
      widelyShared: boolean;
    }
  /** Only partners' reports the viewer may not see: a hit, never their content. */
  | { kind: 'hiddenOnly'; hiddenHit: HiddenHit }
  /** This report is the first on the platform to name it. */
  | { kind: 'new' }
  /** A retracted report's identifier that no other report names. */
  | { kind: 'none' };

type ReportIndicator = Report['indicators'][number];

/** The lookup items for a report: each identifier once, by its canonical value and type. */
export function lookupItems(indicators: readonly ReportIndicator[]): { value: string; type: ReportIndicator['type'] }[] {
  const seen = new Set<string>();
  const items: { value: string; type: ReportIndicator['type'] }[] = [];
  for (const i of indicators) {
    if (seen.has(i.indicatorId)) continue;
    seen.add(i.indicatorId);
    items.push({ value: i.value, type: i.type });
  }
  return items;
}

/**
 * One identifier's match. `counted`: the report itself is among the lookup's counts (it is active).
 * Null when the answer is about something else than this identifier (its canonical value did not come
 * back the same): better say nothing than "new" of a known identifier.
 */
export function indicatorMatch(indicator: Pick<ReportIndicator, 'indicatorId' | 'type' | 'value'>, result: LookupResult | undefined, counted: boolean): IndicatorMatch | null {
  if (!result || result.error || result.canonical !== indicator.value || (result.type !== null && result.type !== indicator.type)) return null;
  const visible = result.indicator && result.indicator.id === indicator.indicatorId ? result.indicator : null;
  const self = counted && visible ? 1 : 0;
  const otherReports = visible ? Math.max(0, visible.reports - self) : 0;
  if (visible && otherReports > 0) {
    return {
      kind: 'known',
      counted,
      otherReports,
      otherOrganisations: Math.max(0, visible.organisations - self),
      reports: visible.reports,
      countries: visible.countries,
      hiddenHit: result.hiddenHit,
      widelyShared: visible.widelyShared,
    };
  }
  if (result.hiddenHit) return { kind: 'hiddenOnly', hiddenHit: result.hiddenHit };
  return counted ? { kind: 'new' } : { kind: 'none' };
}

/** Matches by indicator id, from the lookup's answer (in the order of `lookupItems`). */
export function reportMatches(report: Pick<Report, 'status' | 'indicators'>, results: readonly LookupResult[] | undefined): Map<string, IndicatorMatch | null> {
  const out = new Map<string, IndicatorMatch | null>();
  if (!results) return out;
  const counted = report.status === 'active';
  const firsts = report.indicators.filter((i, index) => report.indicators.findIndex((j) => j.indicatorId === i.indicatorId) === index);
  firsts.forEach((indicator, index) => out.set(indicator.indicatorId, indicatorMatch(indicator, results[index], counted)));
  return out;
}

/** How many of the identifiers were known before (seen or as a hidden hit), of how many answered. */
export function knownCount(matches: ReadonlyMap<string, IndicatorMatch | null>): { known: number; total: number } {
  let known = 0;
  let total = 0;
  for (const match of matches.values()) {
    if (!match) continue;
    total += 1;
    if (match.kind === 'known' || match.kind === 'hiddenOnly') known += 1;
  }
  return { known, total };
}
