import type { Db, Engine } from '../../db/index.js';
import type { NetworkFacetsTable, NetworksTable } from '../../db/schema.js';
import { newDayId, newId } from '../../platform/ids.js';
import { inIds, insertEvents, upsertNetworks, writeFacets } from './link-sql.js';
import { reportsOfIndicators, searchFromCut, type CutPiece } from './network-cut-search.js';
import { addToTally, applyFigures, emptyTally, growthCutoffs, inTallyWindow, isoTimestamp, medianOf, storedOf } from './network-metrics.js';
import { resplitNetwork, writeFacetChanges, type SplitCause } from './network-split.js';
import { MEDIAN_EXACT_MAX } from './network-totals.js';

/** A link just deleted from `indicator_networks`, as it stood: what the network's counters lose with it. */
export interface UnlinkedLink {
  indicator_id: string;
  type: string;
  open_reports: number;
}

/**
 * Reports and indicators the search from the cut may read before the whole network is recomputed instead.
 * A hub's reports usually meet again, or fall off in small pieces, within a few hundred nodes; reading
 * 50,000 costs about what recomputing a network of that size does.
 */
export const CUT_SEARCH_MAX_NODES = 50_000;

/** Ids per write statement (PostgreSQL plans an index probe per id below a few thousand). */
const WRITE_CHUNK = 4096;

const chunksOf = <T>(list: readonly T[]): T[][] => {
  const parts: T[][] = [];
  for (let i = 0; i < list.length; i += WRITE_CHUNK) parts.push(list.slice(i, i + WRITE_CHUNK));
  return parts;
};

/**
 * After `removed` were unlinked from a network whose reports did not change (a hub crossing its degree
 * threshold, a false positive, an analyst's "does not link"): finds what fell off by searching from the
 * cut (network-cut-search.ts), moves each piece that fell off to a new network with its aggregates
 * computed from its own rows, and brings the rest — which keeps the id — up to date by subtracting what
 * left it: its additive counters and facet counts exactly, its first and last activity re-read only when
 * a piece held them, its median exactly when small (the sweeper's when large). Nothing of the rest is
 * read but its row and its facet counters. When the search goes too far, or a piece that fell off is
 * larger than the rest (the largest piece keeps the id), the network is recomputed whole instead.
 */
export async function splitAfterUnlink(trx: Db, engine: Engine, networkId: string, removed: readonly UnlinkedLink[], cause: SplitCause, now: Date, touched?: Set<string>): Promise<string[]> {
  const plan = await planUnlink(trx, engine, networkId, removed.map((r) => r.indicator_id));
  if (plan.kind === 'gone') return [];
  if (plan.kind === 'recompute') return resplitNetwork(trx, engine, networkId, cause, now, touched);
  const { stored, pieces, restReports } = plan;

  const stamp = now.toISOString();
  const moved = await movePieces(trx, engine, pieces, now);
  const rest = await subtractFromRest(trx, engine, stored, moved.map((m) => m.row), moved.flatMap((m) => m.facets), removed, now);
  await upsertNetworks(trx, engine, [rest, ...moved.map((m) => m.row)]);
  await writeFacets(trx, engine, moved.flatMap((m) => m.facets), 'insert');
  const ids = [networkId, ...moved.map((m) => m.row.id)];
  if (moved.length > 0) {
    const data = JSON.stringify({ from: networkId, into: ids, sizes: [restReports, ...pieces.map((p) => p.reportIds.length)] });
    await insertEvents(
      trx,
      engine,
      ids.map((id) => ({ id: newId(), network_id: id, kind: 'split', indicator_id: cause.indicatorId, cause: cause.cause, reason: cause.reason ?? null, actor_user_id: cause.actorUserId ?? null, actor_organisation_id: cause.actorOrganisationId ?? null, data, at: stamp })),
    );
  }
  for (const id of ids) touched?.add(id);
  return ids;
}

/**
 * What unlinking `removed` from a network does to it, decided before anything is written: `cut` — the
 * pieces that fall off (largest first; none when it holds together), each to become a new network, the
 * rest keeping the id; `recompute` — the search went too far, a piece that fell off is larger than the
 * rest (the largest piece keeps the id), or the counters do not add up (a fault elsewhere, best repaired
 * by reading the whole network): resplitNetwork decides the pieces; `gone` — no such network. The unlink
 * and the "does not link" preview both ask here, so that what is previewed is what happens: the preview
 * passes its indicators as `without` (still linked, read as unlinked), the unlink has deleted their links.
 */
export type UnlinkPlan = { kind: 'gone' } | { kind: 'recompute' } | { kind: 'cut'; stored: NetworksTable; pieces: CutPiece[]; restReports: number };

export async function planUnlink(trx: Db, engine: Engine, networkId: string, removed: readonly string[], without?: ReadonlySet<string>): Promise<UnlinkPlan> {
  const stored = await trx.selectFrom('networks').selectAll().where('id', '=', networkId).executeTakeFirst();
  if (!stored) return { kind: 'gone' };
  const seeds = await reportsOfIndicators(trx, engine, networkId, removed);
  const search = await searchFromCut(trx, engine, networkId, seeds, CUT_SEARCH_MAX_NODES, without);
  if (search.kind === 'too_far') return { kind: 'recompute' };
  const pieces = search.kind === 'split' ? [...search.pieces].sort((a, b) => b.reportIds.length - a.reportIds.length) : [];
  const restReports = Number(stored.report_count) - pieces.reduce((n, p) => n + p.reportIds.length, 0);
  const restIsRead = search.kind === 'split' && search.rest !== 'open';
  if ((pieces[0] && pieces[0].reportIds.length > restReports) || (restIsRead && (search.rest as CutPiece).reportIds.length !== restReports)) return { kind: 'recompute' };
  return { kind: 'cut', stored, pieces, restReports };
}

/** Gives each piece a new id (its members and links move to it) and its row and facets from its own rows. */
async function movePieces(trx: Db, engine: Engine, pieces: readonly CutPiece[], now: Date): Promise<{ row: NetworksTable; facets: NetworkFacetsTable[] }[]> {
  if (pieces.length === 0) return [];
  const stamp = now.toISOString();
  const members = new Map<string, Awaited<ReturnType<typeof readMembers>>[number]>();
  for (const part of chunksOf(pieces.flatMap((p) => p.reportIds))) for (const r of await readMembers(trx, engine, part)) members.set(r.report_id, r);
  const links = new Map<string, { type: string; openReports: number }>();
  for (const part of chunksOf(pieces.flatMap((p) => p.indicatorIds))) {
    const rows = await trx.selectFrom('indicator_networks').select(['indicator_id', 'type', 'open_reports']).where(inIds(engine, 'indicator_id', part)).execute();
    for (const l of rows) links.set(l.indicator_id, { type: l.type, openReports: Number(l.open_reports) });
  }
  const out: { row: NetworksTable; facets: NetworkFacetsTable[] }[] = [];
  for (const piece of pieces) {
    const id = newDayId();
    for (const part of chunksOf(piece.reportIds)) await trx.updateTable('report_networks').set({ network_id: id }).where(inIds(engine, 'report_id', part)).execute();
    for (const part of chunksOf(piece.indicatorIds)) await trx.updateTable('indicator_networks').set({ network_id: id }).where(inIds(engine, 'indicator_id', part)).execute();
    const rows = piece.reportIds.map((r) => ({ ...members.get(r)!, network_id: id }));
    out.push(storedOf(id, rows, piece.indicatorIds.map((i) => links.get(i)!), now, stamp));
  }
  return out;
}

async function readMembers(trx: Db, engine: Engine, reportIds: readonly string[]) {
  const rows = await trx.selectFrom('report_networks').selectAll().where(inIds(engine, 'report_id', reportIds)).execute();
  return rows.map((r) => ({ ...r, occurred_at: isoTimestamp(r.occurred_at), loss_usd: r.loss_usd === null ? null : Number(r.loss_usd) }));
}

/**
 * The rest's row once the pieces and the unlinked links are gone from it: counters less theirs, facet
 * counts less theirs (written here), derived figures from the facets that remain.
 */
async function subtractFromRest(
  trx: Db,
  engine: Engine,
  stored: NetworksTable,
  pieces: readonly NetworksTable[],
  pieceFacets: readonly NetworkFacetsTable[],
  removed: readonly UnlinkedLink[],
  now: Date,
): Promise<NetworksTable> {
  const networkId = stored.id;
  const key = (kind: string, value: string) => `${kind}\u0000${value}`;
  const storedFacets = await trx.selectFrom('network_facets').select(['kind', 'value', 'count']).where('network_id', '=', networkId).execute();
  const counts = new Map(storedFacets.map((f) => [key(f.kind, f.value), { kind: f.kind, value: f.value, count: Number(f.count) }]));
  const subtract = (kind: string, value: string, n: number) => {
    const f = counts.get(key(kind, value));
    if (f) f.count -= n;
  };
  for (const f of pieceFacets) subtract(f.kind, f.value, f.count);
  for (const l of removed) if (Number(l.open_reports) > 0) subtract('it', l.type, 1);
  const fresh = [...counts.values()].filter((f) => f.count > 0).map((f) => ({ network_id: networkId, ...f }));
  await writeFacetChanges(trx, engine, networkId, storedFacets, fresh);

  const sum = (pick: (r: NetworksTable) => number | string) => pieces.reduce((n, r) => n + Number(pick(r)), 0);
  const openReports = Number(stored.open_reports) - sum((r) => r.open_reports);
  const row: NetworksTable = {
    ...stored,
    report_count: Number(stored.report_count) - sum((r) => r.report_count),
    indicator_count: Number(stored.indicator_count) - sum((r) => r.indicator_count) - removed.length,
    open_reports: openReports,
    open_indicators: Number(stored.open_indicators) - sum((r) => r.open_indicators) - removed.filter((l) => Number(l.open_reports) > 0).length,
    // Exact zeros once nothing open is left (sums of fractional dollars would leave a rounding residue).
    open_loss_usd: openReports === 0 ? 0 : Number(stored.open_loss_usd) - sum((r) => r.open_loss_usd),
    open_confidence_sum: openReports === 0 ? 0 : Number(stored.open_confidence_sum) - sum((r) => r.open_confidence_sum),
    updated_at: now.toISOString(),
  };
  const first = stored.open_first_at === null ? null : isoTimestamp(stored.open_first_at);
  const last = stored.open_last_at === null ? null : isoTimestamp(stored.open_last_at);
  if (openReports === 0) {
    row.open_first_at = null;
    row.open_last_at = null;
  } else if (pieces.some((p) => (p.open_first_at !== null && first !== null && p.open_first_at <= first) || (p.open_last_at !== null && last !== null && p.open_last_at >= last))) {
    // A piece held the first or the last activity: the rest's are read again (its open members, by index).
    const span = await trx
      .selectFrom('report_networks')
      .select((eb) => [eb.fn.min('occurred_at').as('first'), eb.fn.max('occurred_at').as('last')])
      .where('network_id', '=', networkId)
      .where('open', '=', 1)
      .executeTakeFirst();
    row.open_first_at = span?.first ? isoTimestamp(span.first as string) : null;
    row.open_last_at = span?.last ? isoTimestamp(span.last as string) : null;
  }

  const { activityStart } = growthCutoffs(now);
  const tally = emptyTally();
  for (const f of fresh) if (inTallyWindow(f, activityStart)) addToTally(tally, f.kind, f.value, f.count);
  applyFigures(row, tally, now);
  if (pieces.some((p) => Number(p.open_reports) > 0)) {
    if (openReports > MEDIAN_EXACT_MAX) row.median_stale = 1; // the sweeper reads it, off the ingest path
    else {
      const losses = await trx.selectFrom('report_networks').select('loss_usd').where('network_id', '=', networkId).where('open', '=', 1).where('loss_usd', 'is not', null).execute();
      row.open_loss_median = medianOf(losses.map((l) => Number(l.loss_usd)));
      row.median_stale = 0;
    }
  }
  return row;
}
