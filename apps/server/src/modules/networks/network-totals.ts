import type { NetworksTable } from '../../db/schema.js';

/** Networks above this many open reports get their median refreshed by the sweeper rather than on every change. */
export const MEDIAN_EXACT_MAX = 200;

// Both engines hand timestamps back as ISO 8601 UTC strings of one shape (database.ts), which sort as text.
export const minIso = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a <= b ? a : b);
export const maxIso = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a >= b ? a : b);

/**
 * A root network's running totals at the start of a linker session's write: the sums of the stored
 * networks it now holds (`stored`; the root's own row gives its creation time and median), to which the
 * session then adds its reports. Derived figures start at zero and are computed afterwards.
 */
export function totalsOf(root: string, stored: readonly NetworksTable[], stamp: string): NetworksTable {
  const t: NetworksTable = {
    id: root,
    report_count: 0,
    indicator_count: 0,
    open_reports: 0,
    open_indicators: 0,
    open_loss_usd: 0,
    open_loss_median: 0,
    open_confidence_sum: 0,
    open_first_at: null,
    open_last_at: null,
    open_victim_countries: 0,
    open_reporting_countries: 0,
    open_organisations: 0,
    cross_border: 0,
    growth30d: 0,
    score: 0,
    median_stale: 0,
    created_at: stamp,
    updated_at: stamp,
    list_facts: null,
  };
  for (const b of stored) {
    t.report_count += Number(b.report_count);
    t.indicator_count += Number(b.indicator_count);
    t.open_reports += Number(b.open_reports);
    t.open_indicators += Number(b.open_indicators);
    t.open_loss_usd += Number(b.open_loss_usd);
    t.open_confidence_sum += Number(b.open_confidence_sum);
    t.open_first_at = minIso(t.open_first_at, b.open_first_at);
    t.open_last_at = maxIso(t.open_last_at, b.open_last_at);
    if (b.id === root) {
      t.created_at = b.created_at;
      t.open_loss_median = Number(b.open_loss_median);
    }
  }
  return t;
}

/** Facet counters added in a session: per kind (`vc`, `org`, `day`…), per value. */
export type FacetCounts = Map<string, Map<string, number>>;

export function countFacet(kinds: FacetCounts, kind: string, value: string): void {
  let counts = kinds.get(kind);
  if (!counts) kinds.set(kind, (counts = new Map()));
  counts.set(value, (counts.get(value) ?? 0) + 1);
}
