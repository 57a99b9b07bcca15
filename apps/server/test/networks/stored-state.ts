import { expect } from 'vitest';
import type { Db, Engine } from '../../src/db/index.js';
import { rebuildNetworks } from '../../src/modules/networks/index.js';
import { storedOf, type MemberRow } from '../../src/modules/networks/network-metrics.js';

/**
 * Drains the queue, then checks the incremental state is what a full rebuild finds (same partition, no
 * stale member) and that every network row and counter equals its recomputation.
 */
export async function expectLinkedAsRebuilt(db: Db, engine: Engine, linker: { settle(): Promise<void> }): Promise<void> {
  await linker.settle();
  expect(await db.selectFrom('network_queue').select('seq').execute()).toEqual([]);
  const rebuilt = await rebuildNetworks(db, engine);
  expect(rebuilt.differences).toEqual({ reports: 0, staleMembers: 0, indicators: 0, examples: [] });
  expect(await storedStateDifferences(db)).toEqual([]);
}

/**
 * Every stored network row and its facet counters against a recomputation from its members and linked
 * indicators (what a split or the rebuild would write): the linker keeps them incrementally — from its
 * in-memory hints, the stored list facts plus what it adds, or counters read back — and must end where a
 * recomputation does. The median is compared when it is not left to the sweeper (`median_stale`).
 * Returns the differences, at most a few per network.
 */
export async function storedStateDifferences(db: Db, now = new Date()): Promise<string[]> {
  const members = new Map<string, MemberRow[]>();
  for (const m of await db.selectFrom('report_networks').selectAll().execute()) {
    const list = members.get(m.network_id) ?? [];
    list.push({ ...m, occurred_at: new Date(m.occurred_at).toISOString(), loss_usd: m.loss_usd === null ? null : Number(m.loss_usd), open: Number(m.open), confidence: Number(m.confidence) });
    members.set(m.network_id, list);
  }
  const links = new Map<string, { type: string; openReports: number }[]>();
  for (const l of await db.selectFrom('indicator_networks').selectAll().execute()) {
    const list = links.get(l.network_id) ?? [];
    list.push({ type: l.type, openReports: Number(l.open_reports) });
    links.set(l.network_id, list);
  }
  const facets = new Map<string, Map<string, number>>();
  for (const f of await db.selectFrom('network_facets').selectAll().execute()) {
    const counts = facets.get(f.network_id) ?? new Map<string, number>();
    counts.set(`${f.kind}:${f.value}`, Number(f.count));
    facets.set(f.network_id, counts);
  }
  const rows = await db.selectFrom('networks').selectAll().execute();
  const differences: string[] = [];
  const ids = new Set(rows.map((r) => r.id));
  for (const id of members.keys()) if (!ids.has(id)) differences.push(`network ${id} has members but no row`);
  for (const id of facets.keys()) if (!ids.has(id)) differences.push(`network ${id} has facet counters but no row`);
  const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());
  const sortedFacts = (json: string | null) => {
    if (json === null) return null;
    const facts = JSON.parse(json) as { it: Record<string, number> };
    return JSON.stringify({ ...facts, it: Object.fromEntries(Object.entries(facts.it).sort()) });
  };
  for (const row of rows) {
    const own = members.get(row.id) ?? [];
    if (own.length === 0) {
      differences.push(`network ${row.id} has no members`);
      continue;
    }
    const { row: fresh, facets: freshFacets } = storedOf(row.id, own, links.get(row.id) ?? [], now, row.created_at);
    const found: string[] = [];
    const numeric = ['report_count', 'indicator_count', 'open_reports', 'open_indicators', 'open_loss_usd', 'open_confidence_sum', 'open_victim_countries', 'open_reporting_countries', 'open_organisations', 'cross_border', 'growth30d'] as const;
    for (const k of numeric) if (Number(row[k]) !== Number(fresh[k])) found.push(`${k} ${row[k]} ≠ ${fresh[k]}`);
    for (const k of ['open_first_at', 'open_last_at'] as const) if (iso(row[k]) !== fresh[k]) found.push(`${k} ${row[k]} ≠ ${fresh[k]}`);
    if (Math.abs(Number(row.score) - fresh.score) > 1e-9 * Math.max(1, Math.abs(fresh.score))) found.push(`score ${row.score} ≠ ${fresh.score}`);
    if (Number(row.median_stale) === 0 && Number(row.open_loss_median) !== fresh.open_loss_median) found.push(`median ${row.open_loss_median} ≠ ${fresh.open_loss_median}`);
    if (sortedFacts(row.list_facts) !== sortedFacts(fresh.list_facts)) found.push(`list facts ${row.list_facts} ≠ ${fresh.list_facts}`);
    const stored = facets.get(row.id) ?? new Map<string, number>();
    const expected = new Map(freshFacets.map((f) => [`${f.kind}:${f.value}`, f.count]));
    for (const [key, count] of expected) if (stored.get(key) !== count) found.push(`facet ${key} ${stored.get(key)} ≠ ${count}`);
    for (const [key, count] of stored) if (!expected.has(key)) found.push(`facet ${key} ${count} not expected`);
    if (found.length > 0) differences.push(`network ${row.id}: ${found.slice(0, 3).join('; ')}`);
  }
  return differences;
}
