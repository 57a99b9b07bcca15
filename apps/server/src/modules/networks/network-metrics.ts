import type { NetworkFacetsTable, NetworksTable, ReportNetworksTable } from '../../db/schema.js';
import { bigFishScore } from './graph/index.js';

/**
 * A network's metrics, computed two ways that must agree: from the member rows a viewer may see (detail
 * pages, and list entries of networks holding restricted reports the viewer sees), and from the stored
 * aggregates and facet counters of the reports every member sees (list entries of all other networks, so
 * the ranking stays one indexed query). Money is in US cents, as everywhere on the API.
 */
export interface NetworkMetrics {
  reports: number;
  indicators: number;
  indicatorsByType: Record<string, number>;
  victimCountries: string[];
  reportingOrganisations: number;
  reportingCountries: string[];
  scamTypes: string[];
  lossUsdTotal: number;
  lossUsdMedian: number;
  firstActivity: string | null;
  lastActivity: string | null;
  growth7d: number;
  growth30d: number;
  crossBorder: boolean;
  activity: number[];
  meanConfidence: number;
  score: number;
}

export type MemberRow = Pick<
  ReportNetworksTable,
  'report_id' | 'network_id' | 'open' | 'marking_id' | 'organisation_id' | 'organisation_country' | 'victim_country' | 'scam_type' | 'occurred_at' | 'loss_usd' | 'confidence'
>;

export const ACTIVITY_WEEKS = 12;
const DAY_MS = 86_400_000;
// Both engines hand timestamps back as ISO 8601 UTC strings of one shape (database.ts): those are kept
// as they are, without a round trip through Date; anything else is normalised.
const isCanonical = (iso: string) => iso.length === 24 && iso.charCodeAt(10) === 84 /* T */ && iso.endsWith('Z');
export const isoTimestamp = (at: string | Date): string => (typeof at === 'string' && isCanonical(at) ? at : new Date(at).toISOString());
export const isoDay = (iso: string): string => isoTimestamp(iso).slice(0, 10);
const dayOffset = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);

export interface GrowthCutoffs {
  readonly d7: string;
  readonly d30: string;
  readonly activityStart: string;
}
// The linker derives every touched network's figures with the same `now` (hundreds per drain): the
// cut-offs of the last instant asked for are kept rather than formatted three dates each time.
let lastCutoffs: { at: number; cutoffs: GrowthCutoffs } | null = null;

/** Growth counts the reports whose day of occurrence lies in the last 7 (30) days, today included (UTC). */
export function growthCutoffs(now: Date): GrowthCutoffs {
  const at = now.getTime();
  if (lastCutoffs !== null && lastCutoffs.at === at) return lastCutoffs.cutoffs;
  const cutoffs = Object.freeze({ d7: dayOffset(now, 6), d30: dayOffset(now, 29), activityStart: dayOffset(now, ACTIVITY_WEEKS * 7 - 1) });
  lastCutoffs = { at, cutoffs };
  return cutoffs;
}

/** Reports per week over the last 12 weeks, oldest first, from (day, count) pairs. */
export function activityOf(days: Iterable<[string, number]>, now: Date): number[] {
  const weeks = new Array<number>(ACTIVITY_WEEKS).fill(0);
  const today = Date.parse(now.toISOString().slice(0, 10));
  for (const [day, count] of days) {
    const ago = Math.round((today - Date.parse(day)) / DAY_MS);
    if (ago < 0 || ago >= ACTIVITY_WEEKS * 7) continue;
    const index = ACTIVITY_WEEKS - 1 - Math.floor(ago / 7);
    weeks[index] = weeks[index]! + count;
  }
  return weeks;
}

export function medianOf(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

export function scoreOf(m: { lossUsdTotal: number; reports: number; victimCountries: number; reportingCountries: number; growth30d: number; confidenceSum: number }): number {
  if (m.reports === 0) return 0;
  return bigFishScore({
    lossUsdTotal: m.lossUsdTotal / 100,
    reports: m.reports,
    victimCountries: m.victimCountries,
    reportingCountries: m.reportingCountries,
    growth30d: m.growth30d,
    meanConfidence: m.confidenceSum / m.reports,
  });
}

/** Metrics over the given member rows; `indicatorTypes` has one entry per linked indicator those rows sight. */
export function metricsOfRows(rows: readonly MemberRow[], indicatorTypes: readonly string[], now: Date): NetworkMetrics {
  const victims = new Set<string>();
  const reporting = new Set<string>();
  const organisations = new Set<string>();
  const scamTypes = new Set<string>();
  const days = new Map<string, number>();
  const losses: number[] = [];
  let loss = 0;
  let confidence = 0;
  let first: string | null = null;
  let last: string | null = null;
  const { d7, d30 } = growthCutoffs(now);
  let growth7d = 0;
  let growth30d = 0;
  for (const r of rows) {
    victims.add(r.victim_country);
    reporting.add(r.organisation_country);
    organisations.add(r.organisation_id);
    scamTypes.add(r.scam_type);
    const at = new Date(r.occurred_at).toISOString();
    const day = at.slice(0, 10);
    days.set(day, (days.get(day) ?? 0) + 1);
    if (day >= d7) growth7d += 1;
    if (day >= d30) growth30d += 1;
    if (first === null || at < first) first = at;
    if (last === null || at > last) last = at;
    if (r.loss_usd !== null) {
      loss += Number(r.loss_usd);
      losses.push(Number(r.loss_usd));
    }
    confidence += r.confidence;
  }
  const byType: Record<string, number> = {};
  for (const type of indicatorTypes) byType[type] = (byType[type] ?? 0) + 1;
  const victimCountries = [...victims].sort();
  const reportingCountries = [...reporting].sort();
  return {
    reports: rows.length,
    indicators: indicatorTypes.length,
    indicatorsByType: byType,
    victimCountries,
    reportingOrganisations: organisations.size,
    reportingCountries,
    scamTypes: [...scamTypes].sort(),
    lossUsdTotal: loss,
    lossUsdMedian: medianOf(losses),
    firstActivity: first,
    lastActivity: last,
    growth7d,
    growth30d,
    crossBorder: new Set([...victims, ...reporting]).size > 1,
    activity: activityOf(days, now),
    meanConfidence: rows.length ? confidence / rows.length : 0,
    score: scoreOf({ lossUsdTotal: loss, reports: rows.length, victimCountries: victims.size, reportingCountries: reporting.size, growth30d, confidenceSum: confidence }),
  };
}

/** The same metrics from a stored network row and its facet counters (open reports only). */
export function metricsOfStored(row: NetworksTable, facets: readonly Pick<NetworkFacetsTable, 'kind' | 'value' | 'count'>[], now: Date): NetworkMetrics {
  const of = (kind: string) => facets.filter((f) => f.kind === kind && Number(f.count) > 0);
  const { d7, d30 } = growthCutoffs(now);
  const days = of('day');
  const byType: Record<string, number> = {};
  for (const f of of('it')) byType[f.value] = Number(f.count);
  const victimCountries = of('vc').map((f) => f.value).sort();
  const reportingCountries = of('rc').map((f) => f.value).sort();
  const growth30d = days.filter((f) => f.value >= d30).reduce((n, f) => n + Number(f.count), 0);
  const reports = Number(row.open_reports);
  const lossUsdTotal = Number(row.open_loss_usd);
  const confidenceSum = Number(row.open_confidence_sum);
  return {
    reports,
    indicators: Number(row.open_indicators),
    indicatorsByType: byType,
    victimCountries,
    reportingOrganisations: of('org').length,
    reportingCountries,
    scamTypes: of('st').map((f) => f.value).sort(),
    lossUsdTotal,
    lossUsdMedian: Number(row.open_loss_median),
    firstActivity: row.open_first_at ? new Date(row.open_first_at).toISOString() : null,
    lastActivity: row.open_last_at ? new Date(row.open_last_at).toISOString() : null,
    growth7d: days.filter((f) => f.value >= d7).reduce((n, f) => n + Number(f.count), 0),
    growth30d,
    crossBorder: new Set([...victimCountries, ...reportingCountries]).size > 1,
    activity: activityOf(days.map((f) => [f.value, Number(f.count)] as [string, number]), now),
    meanConfidence: reports ? confidenceSum / reports : 0,
    score: scoreOf({ lossUsdTotal, reports, victimCountries: victimCountries.length, reportingCountries: reportingCountries.length, growth30d, confidenceSum }),
  };
}

/**
 * What a list entry shows beyond the stored totals, kept on the network row (`list_facts`, JSON) so the
 * ranking page is one query: distinct victim and reporting countries and scam types, linked indicators
 * per type, and reports per day from the start of the sparkline's window at the time of writing (days
 * before it can never be shown again: the window only moves forward).
 */
export interface ListFacts {
  vc: string[];
  rc: string[];
  st: string[];
  it: Record<string, number>;
  days: [day: string, count: number][];
}

/** The list facts from a network's facet counters (all of them, or at least every kind but old days). */
export function listFactsOf(facets: Iterable<Pick<NetworkFacetsTable, 'kind' | 'value' | 'count'>>, now: Date): string {
  const tally = emptyTally();
  for (const f of facets) addToTally(tally, f.kind, f.value, Number(f.count));
  return figuresOf(tally, now).listFacts;
}

/**
 * A network's counters over its open reports, as its derived figures need them: distinct victim and
 * reporting countries and scam types, linked indicators per type, reports per day, distinct
 * organisations. Built from facet rows, or from a stored row's list facts plus what the linker adds
 * (counters only grow while reports join), or from a new network's own reports.
 */
export interface FacetTally {
  vc: Set<string>;
  rc: Set<string>;
  st: Set<string>;
  it: Map<string, number>;
  days: Map<string, number>;
  organisations: number;
}

export const emptyTally = (): FacetTally => ({ vc: new Set(), rc: new Set(), st: new Set(), it: new Map(), days: new Map(), organisations: 0 });

/** Whether a stored counter counts toward a tally: every counter but days before the sparkline's window. */
export const inTallyWindow = (f: { kind: string; value: string }, activityStart: string): boolean => f.kind !== 'day' || f.value >= activityStart;

/** Adds one counter; an `org` counter counts one organisation, so each must be added once. */
export function addToTally(t: FacetTally, kind: string, value: string, count: number): void {
  if (count <= 0) return;
  if (kind === 'vc' || kind === 'rc' || kind === 'st') t[kind].add(value);
  else if (kind === 'it') t.it.set(value, (t.it.get(value) ?? 0) + count);
  else if (kind === 'day') t.days.set(value, (t.days.get(value) ?? 0) + count);
  else if (kind === 'org') t.organisations += 1;
}

/** The tally a stored row's list facts hold (days before the sparkline's window are gone, as they may be). */
export function tallyOfListFacts(listFacts: string, organisations: number): FacetTally {
  const facts = JSON.parse(listFacts) as ListFacts;
  return { vc: new Set(facts.vc), rc: new Set(facts.rc), st: new Set(facts.st), it: new Map(Object.entries(facts.it)), days: new Map(facts.days), organisations };
}

/** The figures a network row derives from its tally: distinct counts, cross-border, 30-day growth, list facts. */
export function figuresOf(t: FacetTally, now: Date) {
  const { d30, activityStart } = growthCutoffs(now);
  const days: [day: string, count: number][] = [];
  for (const [day, count] of t.days) if (day >= activityStart && count > 0) days.push([day, count]);
  if (days.length > 1) days.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let growth30d = 0;
  for (const [day, count] of days) if (day >= d30) growth30d += count;
  const it: Record<string, number> = {};
  if (t.it.size > 0) {
    const types = [...t.it.keys()];
    if (types.length > 1) types.sort();
    for (const type of types) {
      const count = t.it.get(type)!;
      if (count > 0) it[type] = count;
    }
  }
  const facts: ListFacts = { vc: sortedOf(t.vc), rc: sortedOf(t.rc), st: sortedOf(t.st), it, days };
  return {
    victimCountries: t.vc.size,
    reportingCountries: t.rc.size,
    organisations: t.organisations,
    crossBorder: t.vc.size > 1 || t.rc.size > 1 || (t.vc.size === 1 && t.rc.size === 1 && facts.vc[0] !== facts.rc[0]),
    growth30d,
    listFacts: JSON.stringify(facts),
  };
}

const sortedOf = (values: ReadonlySet<string>): string[] => {
  const list = [...values];
  if (list.length > 1) list.sort();
  return list;
};

/** Sets what a network row derives from its counters and tally: distinct counts, cross-border, growth, list facts, score. */
export function applyFigures(t: NetworksTable, tally: FacetTally, now: Date): void {
  const f = figuresOf(tally, now);
  t.open_victim_countries = f.victimCountries;
  t.open_reporting_countries = f.reportingCountries;
  t.open_organisations = f.organisations;
  t.cross_border = f.crossBorder ? 1 : 0;
  t.growth30d = f.growth30d;
  t.list_facts = f.listFacts;
  t.score = scoreOf({ lossUsdTotal: Number(t.open_loss_usd), reports: Number(t.open_reports), victimCountries: f.victimCountries, reportingCountries: f.reportingCountries, growth30d: f.growth30d, confidenceSum: Number(t.open_confidence_sum) });
}

/** The same metrics as metricsOfStored, from the row alone (its list facts): no facet rows read. */
export function metricsOfListed(row: NetworksTable & { list_facts: string }, now: Date): NetworkMetrics {
  const facts = JSON.parse(row.list_facts) as ListFacts;
  const { d7, d30 } = growthCutoffs(now);
  const growth30d = facts.days.reduce((n, [day, count]) => (day >= d30 ? n + count : n), 0);
  const reports = Number(row.open_reports);
  const lossUsdTotal = Number(row.open_loss_usd);
  const confidenceSum = Number(row.open_confidence_sum);
  return {
    reports,
    indicators: Number(row.open_indicators),
    indicatorsByType: facts.it,
    victimCountries: facts.vc,
    reportingOrganisations: Number(row.open_organisations),
    reportingCountries: facts.rc,
    scamTypes: facts.st,
    lossUsdTotal,
    lossUsdMedian: Number(row.open_loss_median),
    firstActivity: row.open_first_at ? new Date(row.open_first_at).toISOString() : null,
    lastActivity: row.open_last_at ? new Date(row.open_last_at).toISOString() : null,
    growth7d: facts.days.reduce((n, [day, count]) => (day >= d7 ? n + count : n), 0),
    growth30d,
    crossBorder: new Set([...facts.vc, ...facts.rc]).size > 1,
    activity: activityOf(facts.days, now),
    meanConfidence: reports ? confidenceSum / reports : 0,
    score: scoreOf({ lossUsdTotal, reports, victimCountries: facts.vc.length, reportingCountries: facts.rc.length, growth30d, confidenceSum }),
  };
}

/**
 * The facet counters one open report contributes (indicator types are counted per indicator, elsewhere).
 * Its day only when it falls in the sparkline's window (from `activityStart`): every reader of day
 * counters — list facts, growth, activity — looks no further back, and the window only moves forward,
 * so an older day would be written and folded on every merge without ever being read.
 */
export function reportFacets(r: Pick<MemberRow, 'victim_country' | 'organisation_country' | 'organisation_id' | 'scam_type' | 'occurred_at'>, activityStart: string): [kind: string, value: string][] {
  const facets: [kind: string, value: string][] = [
    ['vc', r.victim_country],
    ['rc', r.organisation_country],
    ['org', r.organisation_id],
    ['st', r.scam_type],
  ];
  const day = isoDay(r.occurred_at);
  if (day >= activityStart) facets.push(['day', day]);
  return facets;
}

/**
 * A network's stored row and facets computed from scratch (after a split, and by the rebuild): the open
 * aggregates over its open member rows, counts over all of them (days only within the sparkline's window).
 */
export function storedOf(
  id: string,
  rows: readonly MemberRow[],
  indicators: readonly { type: string; openReports: number }[],
  now: Date,
  createdAt: string,
): { row: NetworksTable; facets: NetworkFacetsTable[] } {
  const open = rows.filter((r) => r.open === 1);
  const openIndicators = indicators.filter((i) => i.openReports > 0);
  const m = metricsOfRows(open, openIndicators.map((i) => i.type), now);
  const counts = new Map<string, number>();
  const { activityStart } = growthCutoffs(now);
  for (const r of open) for (const [kind, value] of reportFacets(r, activityStart)) counts.set(`${kind}\u0000${value}`, (counts.get(`${kind}\u0000${value}`) ?? 0) + 1);
  for (const i of openIndicators) counts.set(`it\u0000${i.type}`, (counts.get(`it\u0000${i.type}`) ?? 0) + 1);
  const facets = [...counts].map(([key, count]) => {
    const [kind, value] = key.split('\u0000') as [string, string];
    return { network_id: id, kind, value, count };
  });
  const stamp = now.toISOString();
  return {
    row: {
      id,
      report_count: rows.length,
      indicator_count: indicators.length,
      open_reports: m.reports,
      open_indicators: m.indicators,
      open_loss_usd: m.lossUsdTotal,
      open_loss_median: m.lossUsdMedian,
      open_confidence_sum: open.reduce((n, r) => n + r.confidence, 0),
      open_first_at: m.firstActivity,
      open_last_at: m.lastActivity,
      open_victim_countries: m.victimCountries.length,
      open_reporting_countries: m.reportingCountries.length,
      open_organisations: m.reportingOrganisations,
      cross_border: m.crossBorder ? 1 : 0,
      growth30d: m.growth30d,
      score: m.score,
      median_stale: 0,
      created_at: createdAt,
      updated_at: stamp,
      list_facts: listFactsOf(facets, now),
    },
    facets,
  };
}
