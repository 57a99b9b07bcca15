import { CompiledQuery } from 'kysely';
import type { ScamType, SightingRole } from '@gpos/contracts';
import type { Db, Engine } from '../../db/index.js';
import { canSee, loadMarkings as loadMarkingsByIds, type Marking, type Viewer } from '../../platform/sharing/index.js';
import type { HiddenHolders, VisibleStats } from './visible-stats.repository.js';

/** One group of an indicator's sightings that share every field the answer is made of. */
interface SightingGroup {
  indicator_id: string;
  marking_id: string;
  organisation_id: string;
  victim_country: string;
  scam_type: string;
  role: string;
  n: number | string;
  loss: number | string | null;
  first_seen: string;
  last_seen: string;
}

const MARKING_CACHE_LIMIT = 100_000;

/**
 * What a viewer may see of a set of indicators — the lookup hot path — in one grouped query instead of
 * one query per statistic. The sightings are grouped by marking (and the few fields the answer shows);
 * the sharing predicate `canSee` then splits the groups into visible statistics and hidden holders in
 * memory. `canSee` and the SQL filter `visibleMarkingIds` are proven to agree by the sharing property
 * test, so this answers exactly what `visibleStats`/`hiddenHolders` answer, with far less work per hit.
 * Stored markings never change, so they are cached by id once read.
 */
export function createSightingVisibility(deps: { db: Db; engine: Engine }) {
  const { db, engine } = deps;
  const markings = new Map<string, Marking>();
  // Raw SQL with the identifiers as one array parameter: the text never changes, so the prepared
  // statement is reused whatever the batch size, and no query builder runs per request.
  const groupsSql =
    engine === 'postgres'
      ? `select indicator_id, marking_id, organisation_id, victim_country, scam_type, role, count(*) as n, sum(loss_usd) as loss,
           min(occurred_at) as first_seen, max(occurred_at) as last_seen
         from sightings where indicator_id = any($1::uuid[])
         group by indicator_id, marking_id, organisation_id, victim_country, scam_type, role`
      : `select indicator_id, marking_id, organisation_id, victim_country, scam_type, role, count(*) as n, sum(loss_usd) as loss,
           min(occurred_at) as first_seen, max(occurred_at) as last_seen
         from sightings where indicator_id in (select value from json_each(?))
         group by indicator_id, marking_id, organisation_id, victim_country, scam_type, role`;
  const idsParameter = (ids: readonly string[]) => (engine === 'postgres' ? ids : JSON.stringify(ids));
  // A single lookup asks for one indicator: a plain equality skips the array parameter (on SQLite the
  // JSON parse and the temporary index `in (select …)` builds), ~60% of the statement's time for one id.
  const oneGroupSql = `select indicator_id, marking_id, organisation_id, victim_country, scam_type, role, count(*) as n, sum(loss_usd) as loss,
           min(occurred_at) as first_seen, max(occurred_at) as last_seen
         from sightings where indicator_id = ${engine === 'postgres' ? '$1' : '?'}
         group by indicator_id, marking_id, organisation_id, victim_country, scam_type, role`;

  async function loadMarkings(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !markings.has(id));
    if (missing.length === 0) return;
    if (markings.size + missing.length > MARKING_CACHE_LIMIT) markings.clear();
    for (const [id, marking] of await loadMarkingsByIds(db, missing)) markings.set(id, marking);
  }

  async function forViewer(viewer: Viewer, indicatorIds: readonly string[]): Promise<{ stats: Map<string, VisibleStats>; hidden: Map<string, HiddenHolders> }> {
    const stats = new Map<string, VisibleStats>();
    const hidden = new Map<string, HiddenHolders>();
    if (indicatorIds.length === 0) return { stats, hidden };
    const query = indicatorIds.length === 1 ? CompiledQuery.raw(oneGroupSql, [indicatorIds[0]]) : CompiledQuery.raw(groupsSql, [idsParameter(indicatorIds)]);
    const { rows } = await db.executeQuery<SightingGroup>(query);
    await loadMarkings(rows.map((r) => r.marking_id));

    const organisationsOf = new Map<string, Set<string>>();
    const hiddenOrganisations = new Map<string, Set<string>>();
    for (const group of rows) {
      const marking = markings.get(group.marking_id);
      // A marking that cannot be read is treated as invisible: never show what cannot be checked.
      if (!marking || !canSee(viewer, marking)) {
        const set = hiddenOrganisations.get(group.indicator_id) ?? new Set<string>();
        set.add(group.organisation_id);
        hiddenOrganisations.set(group.indicator_id, set);
        continue;
      }
      let s = stats.get(group.indicator_id);
      if (!s) {
        s = { reports: 0, organisations: 0, countries: [], scamTypes: [], roles: [], lossUsd: 0, firstSeen: null, lastSeen: null };
        stats.set(group.indicator_id, s);
        organisationsOf.set(group.indicator_id, new Set());
      }
      s.reports += Number(group.n);
      s.lossUsd += Number(group.loss ?? 0);
      organisationsOf.get(group.indicator_id)!.add(group.organisation_id);
      if (!s.countries.includes(group.victim_country)) s.countries.push(group.victim_country);
      if (!s.scamTypes.includes(group.scam_type as ScamType)) s.scamTypes.push(group.scam_type as ScamType);
      if (!s.roles.includes(group.role as SightingRole)) s.roles.push(group.role as SightingRole);
      const first = isoOf(group.first_seen);
      const last = isoOf(group.last_seen);
      if (s.firstSeen === null || first < s.firstSeen) s.firstSeen = first;
      if (s.lastSeen === null || last > s.lastSeen) s.lastSeen = last;
    }
    for (const [id, s] of stats) {
      s.organisations = organisationsOf.get(id)!.size;
      s.countries.sort();
      s.scamTypes.sort();
      s.roles.sort();
    }

    if (hiddenOrganisations.size > 0) {
      const orgIds = [...new Set([...hiddenOrganisations.values()].flatMap((set) => [...set]))];
      const orgs = await db.selectFrom('organisations').select(['id', 'type', 'country']).where('id', 'in', orgIds).execute();
      const byId = new Map(orgs.map((o) => [o.id, o]));
      for (const [indicatorId, set] of hiddenOrganisations) {
        const seen = new Set<string>();
        const holders: HiddenHolders['holders'] = [];
        for (const orgId of set) {
          const org = byId.get(orgId);
          if (!org || seen.has(`${org.type}\u0000${org.country}`)) continue;
          seen.add(`${org.type}\u0000${org.country}`);
          holders.push({ organisationType: org.type, country: org.country });
        }
        holders.sort((a, b) => (a.country + a.organisationType).localeCompare(b.country + b.organisationType));
        hidden.set(indicatorId, { holders });
      }
    }
    return { stats, hidden };
  }

  return { forViewer };
}

export type SightingVisibility = ReturnType<typeof createSightingVisibility>;

/**
 * A stored instant as ISO 8601 UTC. Both engines hand timestamps back in this one shape (database.ts),
 * so a string of it is kept as it is: a lookup batch meets hundreds of groups, and parsing and formatting
 * each again cost more than the rest of this loop.
 */
function isoOf(value: string | Date): string {
  if (typeof value === 'string' && value.length === 24 && value.charCodeAt(10) === 84 /* T */ && value.charCodeAt(23) === 90 /* Z */) return value;
  return new Date(value).toISOString();
}
