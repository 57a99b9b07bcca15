import type { Db, Engine } from '../../db/index.js';
import type { IndicatorNetworksTable, NetworkFacetsTable, NetworksTable } from '../../db/schema.js';
import { newDayId, newId } from '../../platform/ids.js';
import { UnionFind } from './graph/index.js';
import { inIds, inTexts, insertEvents, upsertLinks, upsertNetworks, writeFacets } from './link-sql.js';
import { storedOf } from './network-metrics.js';

/** Why a network is being recomputed, for its history (who, when, why). */
export interface SplitCause {
  cause: string;
  indicatorId: string | null;
  actorUserId?: string | null;
  actorOrganisationId?: string | null;
  reason?: string | null;
  /** The reports whose change caused it (a retraction, a correction), kept in the event for its history's audience. */
  reportIds?: string[];
}

/**
 * Recomputes one network from its own members only (a breadth-first pass over its reports and the
 * indicators still linked to it, as union–find): the largest piece keeps the id, each other piece
 * becomes a new network, indicators left without reports are unlinked, and aggregates and facets of
 * every piece are recomputed from scratch. Records a split in the history when the network fell apart.
 */
export async function resplitNetwork(trx: Db, engine: Engine, networkId: string, cause: SplitCause, now: Date, touched?: Set<string>): Promise<string[]> {
  const rows = (await trx.selectFrom('report_networks').selectAll().where('network_id', '=', networkId).orderBy('report_id').execute()).map((r) => ({
    ...r,
    occurred_at: new Date(r.occurred_at).toISOString(),
    loss_usd: r.loss_usd === null ? null : Number(r.loss_usd),
  }));
  const before = await trx.selectFrom('networks').select(['created_at']).where('id', '=', networkId).executeTakeFirst();
  if (rows.length === 0) {
    await trx.deleteFrom('network_facets').where('network_id', '=', networkId).execute();
    await trx.deleteFrom('indicator_networks').where('network_id', '=', networkId).execute();
    await trx.deleteFrom('networks').where('id', '=', networkId).execute();
    return [];
  }
  const linked = await trx.selectFrom('indicator_networks').select(['indicator_id', 'type', 'open_reports']).where('network_id', '=', networkId).execute();
  const { pieces: ordered, pieceOfIndicator, openCount } = await networkPieces(trx, networkId, rows);
  const idOfPiece = ordered.map((_, i) => (i === 0 ? networkId : newDayId()));
  const stampNow = now.toISOString();

  for (const [piece, members] of ordered.entries()) {
    if (piece > 0) await trx.updateTable('report_networks').set({ network_id: idOfPiece[piece]! }).where(inIds(engine, 'report_id', members.map((i) => rows[i]!.report_id))).execute();
  }
  // Only the links that changed are written: a hub unlinked from a large network usually leaves it in
  // one piece, and rewriting every link and facet of that network would cost its size on every unlink.
  const indicatorsOf = new Map<string, { type: string; openReports: number }[]>();
  const linkRows: IndicatorNetworksTable[] = [];
  const unlinked: string[] = [];
  for (const l of linked) {
    const piece = pieceOfIndicator.get(l.indicator_id);
    if (piece === undefined) {
      unlinked.push(l.indicator_id); // no linked report left: the indicator leaves the network
      continue;
    }
    const id = idOfPiece[piece]!;
    const openReports = openCount.get(l.indicator_id) ?? 0;
    if (id !== networkId || openReports !== Number(l.open_reports)) linkRows.push({ indicator_id: l.indicator_id, network_id: id, type: l.type, open_reports: openReports });
    const list = indicatorsOf.get(id) ?? [];
    list.push({ type: l.type, openReports });
    indicatorsOf.set(id, list);
  }
  if (unlinked.length > 0) await trx.deleteFrom('indicator_networks').where(inIds(engine, 'indicator_id', unlinked)).execute();
  await upsertLinks(trx, engine, linkRows, 'set');
  const storedFacets = await trx.selectFrom('network_facets').select(['kind', 'value', 'count']).where('network_id', '=', networkId).execute();

  const ids: string[] = [];
  const networkRows: NetworksTable[] = [];
  const newFacets: NetworkFacetsTable[] = [];
  for (const [piece, members] of ordered.entries()) {
    const id = idOfPiece[piece]!;
    ids.push(id);
    const memberRows = members.map((i) => ({ ...rows[i]!, network_id: id }));
    const { row, facets } = storedOf(id, memberRows, indicatorsOf.get(id) ?? [], now, id === networkId && before ? before.created_at : stampNow);
    networkRows.push(row);
    if (id === networkId) await writeFacetChanges(trx, engine, networkId, storedFacets, facets);
    else for (const f of facets) newFacets.push(f);
    touched?.add(id);
  }
  await upsertNetworks(trx, engine, networkRows);
  await writeFacets(trx, engine, newFacets, 'insert');
  if (ordered.length > 1) {
    const sizes = ordered.map((m) => m.length);
    const data = JSON.stringify({ from: networkId, into: ids, sizes, ...(cause.reportIds && { reports: cause.reportIds }) });
    await insertEvents(
      trx,
      engine,
      ids.map((id) => ({ id: newId(), network_id: id, kind: 'split', indicator_id: cause.indicatorId, cause: cause.cause, reason: cause.reason ?? null, actor_user_id: cause.actorUserId ?? null, actor_organisation_id: cause.actorOrganisationId ?? null, data, at: stampNow })),
    );
  }
  return ids;
}

/** A network's pieces as its links hold them together: see networkPieces. */
export interface NetworkPieces {
  /** Indexes of `rows` in each piece, largest first (ties: by their union–find root): the first keeps the network's id. */
  pieces: number[][];
  /** The piece of each linked indicator that still sights a member report; one absent leaves the network. */
  pieceOfIndicator: Map<string, number>;
  /** Open member reports sighting each linked indicator. */
  openCount: Map<string, number>;
}

/**
 * Which of a network's member reports (`rows`) its linked indicators hold together, as union–find over
 * every (linked indicator, report) pair: resplitNetwork splits by it, and the "does not link" preview
 * asks it what a recomputation would do, passing the indicator as `without` (still linked, read as unlinked).
 */
export async function networkPieces(trx: Db, networkId: string, rows: readonly { report_id: string; open: number }[], without: ReadonlySet<string> = new Set()): Promise<NetworkPieces> {
  const index = new Map(rows.map((r, i) => [r.report_id, i]));
  const sets = new UnionFind(rows.length);
  const firstReport = new Map<string, number>();
  const openCount = new Map<string, number>();
  for (const l of await linkSightings(trx, networkId)) {
    if (without.has(l.indicator_id)) continue;
    const r = index.get(l.report_id);
    if (r === undefined) continue; // a report not linked yet (queued): it joins when the linker reaches it
    const first = firstReport.get(l.indicator_id);
    if (first === undefined) firstReport.set(l.indicator_id, r);
    else sets.union(first, r);
    if (rows[r]!.open === 1) openCount.set(l.indicator_id, (openCount.get(l.indicator_id) ?? 0) + 1);
  }
  const byRoot = new Map<number, number[]>();
  rows.forEach((_, i) => {
    const root = sets.find(i);
    const list = byRoot.get(root) ?? [];
    list.push(i);
    byRoot.set(root, list);
  });
  const ordered = [...byRoot.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
  const pieceOfRoot = new Map(ordered.map(([root], i) => [root, i]));
  const pieceOfIndicator = new Map([...firstReport].map(([indicator, r]) => [indicator, pieceOfRoot.get(sets.find(r))!]));
  return { pieces: ordered.map(([, members]) => members), pieceOfIndicator, openCount };
}

/** Brings a network's stored facet counters to the recomputed ones, writing only those that differ. */
export async function writeFacetChanges(trx: Db, engine: Engine, networkId: string, stored: readonly Pick<NetworkFacetsTable, 'kind' | 'value' | 'count'>[], fresh: readonly NetworkFacetsTable[]): Promise<void> {
  const key = (kind: string, value: string) => `${kind}\u0000${value}`;
  const storedCount = new Map(stored.map((f) => [key(f.kind, f.value), Number(f.count)]));
  const changed: NetworkFacetsTable[] = [];
  for (const f of fresh) {
    const k = key(f.kind, f.value);
    if (storedCount.get(k) !== f.count) changed.push({ network_id: networkId, kind: f.kind, value: f.value, count: f.count });
    storedCount.delete(k);
  }
  const goneByKind = new Map<string, string[]>();
  for (const k of storedCount.keys()) {
    const [kind, value] = k.split('\u0000') as [string, string];
    const values = goneByKind.get(kind) ?? [];
    values.push(value);
    goneByKind.set(kind, values);
  }
  for (const [kind, values] of goneByKind) {
    await trx.deleteFrom('network_facets').where('network_id', '=', networkId).where('kind', '=', kind).where(inTexts(engine, 'value', values)).execute();
  }
  await writeFacets(trx, engine, changed, 'set');
}

/** A (linked indicator, report) pair of a network: an edge its connectivity is decided on. */
type LinkSighting = { indicator_id: string; report_id: string };

/** Every (linked indicator, report) pair of a network. */
function linkSightings(trx: Db, networkId: string): Promise<LinkSighting[]> {
  return trx
    .selectFrom('indicator_networks as n')
    .innerJoin('sightings as s', 's.indicator_id', 'n.indicator_id')
    .select(['n.indicator_id', 's.report_id'])
    .where('n.network_id', '=', networkId)
    .execute();
}
