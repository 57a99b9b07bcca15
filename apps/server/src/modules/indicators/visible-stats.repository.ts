import type { IndicatorType, ScamType, SightingRole } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import { visibleMarkingIds, type Viewer } from '../../platform/sharing/index.js';

export interface VisibleStats {
  reports: number;
  organisations: number;
  countries: string[];
  scamTypes: ScamType[];
  roles: SightingRole[];
  lossUsd: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface HiddenHolders {
  holders: { organisationType: string; country: string }[];
}

/**
 * Counts over the sightings a viewer may see, computed at read time through the sharing filter, so no
 * counter can include a report the viewer could not open. Three grouped queries for a whole batch of
 * indicators, never one per indicator.
 */
export async function visibleStats(db: Db, viewer: Viewer, indicatorIds: string[]): Promise<Map<string, VisibleStats>> {
  const stats = new Map<string, VisibleStats>();
  if (indicatorIds.length === 0) return stats;
  const visible = visibleMarkingIds(db, viewer);
  const totals = await db
    .selectFrom('sightings')
    .select((eb) => [
      'indicator_id',
      eb.fn.countAll<number>().as('reports'),
      eb.fn.count<number>('organisation_id').distinct().as('organisations'),
      eb.fn.sum<number>('loss_usd').as('loss'),
      eb.fn.min<string>('occurred_at').as('first_seen'),
      eb.fn.max<string>('occurred_at').as('last_seen'),
    ])
    .where('indicator_id', 'in', indicatorIds)
    .where('marking_id', 'in', visible)
    .groupBy('indicator_id')
    .execute();
  for (const row of totals) {
    stats.set(row.indicator_id, {
      reports: Number(row.reports),
      organisations: Number(row.organisations),
      countries: [],
      scamTypes: [],
      roles: [],
      lossUsd: Number(row.loss ?? 0),
      firstSeen: row.first_seen ? new Date(row.first_seen).toISOString() : null,
      lastSeen: row.last_seen ? new Date(row.last_seen).toISOString() : null,
    });
  }
  if (stats.size === 0) return stats;
  const facets = await db
    .selectFrom('sightings')
    .select(['indicator_id', 'victim_country', 'scam_type', 'role'])
    .distinct()
    .where('indicator_id', 'in', [...stats.keys()])
    .where('marking_id', 'in', visibleMarkingIds(db, viewer))
    .execute();
  for (const row of facets) {
    const s = stats.get(row.indicator_id)!;
    if (!s.countries.includes(row.victim_country)) s.countries.push(row.victim_country);
    if (!s.scamTypes.includes(row.scam_type as ScamType)) s.scamTypes.push(row.scam_type as ScamType);
    if (!s.roles.includes(row.role as SightingRole)) s.roles.push(row.role as SightingRole);
  }
  for (const s of stats.values()) {
    s.countries.sort();
    s.scamTypes.sort();
    s.roles.sort();
  }
  return stats;
}

/** Who holds sightings the viewer may not see: organisation kinds and countries, nothing else. */
/** Whether the viewer may see a report of the indicator: what makes an indicator exist for them (else 404). */
export async function seesAnyReportOf(db: Db, viewer: Viewer, indicatorId: string): Promise<boolean> {
  const seen = await db.selectFrom('sightings').select('report_id').where('indicator_id', '=', indicatorId).where('marking_id', 'in', visibleMarkingIds(db, viewer)).limit(1).executeTakeFirst();
  return seen !== undefined;
}

export async function hiddenHolders(db: Db, viewer: Viewer, indicatorIds: string[]): Promise<Map<string, HiddenHolders>> {
  const result = new Map<string, HiddenHolders>();
  if (indicatorIds.length === 0) return result;
  const rows = await db
    .selectFrom('sightings as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select(['s.indicator_id', 'o.type', 'o.country'])
    .distinct()
    .where('s.indicator_id', 'in', indicatorIds)
    .where('s.marking_id', 'not in', visibleMarkingIds(db, viewer))
    .execute();
  for (const row of rows) {
    const entry = result.get(row.indicator_id) ?? { holders: [] };
    entry.holders.push({ organisationType: row.type, country: row.country });
    result.set(row.indicator_id, entry);
  }
  for (const entry of result.values()) entry.holders.sort((a, b) => (a.country + a.organisationType).localeCompare(b.country + b.organisationType));
  return result;
}

export type { IndicatorType };
