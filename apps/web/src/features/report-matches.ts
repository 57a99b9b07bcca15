/**
 * What the platform already knows of a report's identifiers, from one batch lookup: the headline moment
 * of a submission ("also reported by a partner in Indonesia"). Pure, so it is unit-tested without a browser.
 *
 * The lookup counts every report the viewer may see, this one included (an active report is sighted;
 * a retracted one no longer counts anywhere). So "also" is said only of the reports beyond this one.
 *
 * "New to GPOS" is true only on the confirmation of a report just submitted: opened weeks later, a report
 * that is still alone is "the only one so far", and one that later reports joined is the first of them —
 * not "new", and not "also" as if the others came before it. Which came first is told by when each scam
 * happened (the lookup's `firstSeen`, the earliest over the visible reports): the lookup says nothing of
 * when the others were filed, nor anything of the dates of reports the viewer may not see.
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
      /**
       * This report is the first to name it: no visible report tells of an earlier scam, none is hidden,
       * and it was not just submitted (then every other report came before it). The others came later.
       */
      first: boolean;
      hiddenHit: HiddenHit | null;
      widelyShared: boolean;
    }
  /** Only partners' reports the viewer may not see: a hit, never their content. */
  | { kind: 'hiddenOnly'; hiddenHit: HiddenHit }
  /** This report, just submitted, is the first on the platform to name it. */
  | { kind: 'new' }
  /** An older report that is still the only one to name it. */
  | { kind: 'only' }
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

/** Where a report's identifiers are shown: `counted`, it is active; `justSubmitted`, on its confirmation. */
export interface MatchContext {
  counted: boolean;
  justSubmitted: boolean;
  /** When the report's scam happened (its sighting's date). */
  occurredAt: string;
}

/**
 * One identifier's match. Null when the answer is about something else than this identifier (its
 * canonical value did not come back the same): better say nothing than "new" of a known identifier.
 */
export function indicatorMatch(indicator: Pick<ReportIndicator, 'indicatorId' | 'type' | 'value'>, result: LookupResult | undefined, context: MatchContext): IndicatorMatch | null {
  const { counted } = context;
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
      first: counted && !context.justSubmitted && result.hiddenHit === null && firstOfVisible(visible.firstSeen, context.occurredAt),
      hiddenHit: result.hiddenHit,
      widelyShared: visible.widelyShared,
    };
  }
  if (result.hiddenHit) return { kind: 'hiddenOnly', hiddenHit: result.hiddenHit };
  if (!counted) return { kind: 'none' };
  return context.justSubmitted ? { kind: 'new' } : { kind: 'only' };
}

/** No visible report tells of a scam before this report's (`firstSeen`, their earliest, includes its own). */
function firstOfVisible(firstSeen: string | null, occurredAt: string): boolean {
  const earliest = firstSeen === null ? Number.NaN : Date.parse(firstSeen);
  const own = Date.parse(occurredAt);
  return Number.isFinite(earliest) && Number.isFinite(own) && earliest >= own;
}

/** Matches by indicator id, from the lookup's answer (in the order of `lookupItems`). */
export function reportMatches(
  report: Pick<Report, 'status' | 'indicators' | 'occurredAt'>,
  results: readonly LookupResult[] | undefined,
  justSubmitted = false,
): Map<string, IndicatorMatch | null> {
  const out = new Map<string, IndicatorMatch | null>();
  if (!results) return out;
  const context: MatchContext = { counted: report.status === 'active', justSubmitted, occurredAt: report.occurredAt };
  const firsts = report.indicators.filter((i, index) => report.indicators.findIndex((j) => j.indicatorId === i.indicatorId) === index);
  firsts.forEach((indicator, index) => out.set(indicator.indicatorId, indicatorMatch(indicator, results[index], context)));
  return out;
}

/** How many of the identifiers were known before this report (seen or as a hidden hit), of how many answered. */
export function knownCount(matches: ReadonlyMap<string, IndicatorMatch | null>): { known: number; total: number } {
  let known = 0;
  let total = 0;
  for (const match of matches.values()) {
    if (!match) continue;
    total += 1;
    if ((match.kind === 'known' && !match.first) || match.kind === 'hiddenOnly') known += 1;
  }
  return { known, total };
}
