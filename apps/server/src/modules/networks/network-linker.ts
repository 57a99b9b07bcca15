import { sql } from 'kysely';
import type { Db, Engine } from '../../db/index.js';
import { bulkInsert, chunks, rowsPerInsert } from '../../db/index.js';
import type { NetworksTable, ReportNetworksTable } from '../../db/schema.js';
import { newId } from '../../platform/ids.js';
import { holdReasonOf, thresholdOf, type HoldReason } from './link-policy.js';
import { growthCutoffs, isoDay, listFactsOf, medianOf, reportFacets, scoreOf, storedOf, type MemberRow } from './network-metrics.js';
import { resplitNetwork } from './network-split.js';

/** Networks above this many open reports get their median refreshed by the sweeper rather than on every change. */
export const MEDIAN_EXACT_MAX = 200;

/** Marks visible to every member viewer: what the stored ("open") aggregates may count. */
export const isOpenMarking = (tlp: string, communityId: string | null) => tlp === 'CLEAR' || tlp === 'GREEN' || (tlp === 'AMBER' && communityId === null);

interface Facts {
  type: string;
  reportCount: number;
  hold: HoldReason | null;
  linkedNetwork: string | null;
  openReports: number;
  heldBefore: boolean;
}

/**
 * One linker transaction (the caller holds the global network lock): attaches reports to networks,
 * links indicators that became linkable, unlinks those that stopped being linkable and splits what that
 * disconnects. Networks are joined by union by size in memory (the larger keeps its id), then every
 * change is written with a handful of multi-row statements; a split recomputes only its own network.
 */
export class LinkSession {
  private parent = new Map<string, string>();
  private size = new Map<string, number>();
  private base = new Map<string, NetworksTable>();
  /** Stored networks each root now holds (itself included when stored). */
  private storedIn = new Map<string, string[]>();
  private facts = new Map<string, Facts>();
  private reportRows: (MemberRow & { version: number })[] = [];
  private reportNet = new Map<string, string>();
  /** Indicators newly linked in this session: their network (resolved by find) and open reports so far. */
  private assigned = new Map<string, { network: string; openReports: number; type: string }>();
  /** Open reports added to already linked indicators. */
  private openDelta = new Map<string, number>();
  private merges: { root: string; absorbed: string[]; indicatorId: string | null; sizes: number[] }[] = [];
  private unlink = new Map<string, { network: string; reason: HoldReason }>();
  private holdUpserts = new Map<string, { type: string; reason: HoldReason; degree: number; threshold: number }>();
  private holdDeletes = new Set<string>();
  readonly touched = new Set<string>();
  readonly stale = new Set<string>();

  constructor(
    private readonly trx: Db,
    private readonly engine: Engine,
    private readonly thresholds: ReadonlyMap<string, number>,
    private readonly now: Date,
  ) {}

  private find(id: string): string {
    let root = id;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    let node = id;
    while (node !== root) {
      const next = this.parent.get(node)!;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }

  private addNetwork(id: string, row: NetworksTable | null): void {
    if (this.parent.has(id)) return;
    this.parent.set(id, id);
    this.size.set(id, row ? Number(row.report_count) : 0);
    this.storedIn.set(id, row ? [id] : []);
    if (row) this.base.set(id, row);
  }

  /**
   * Joins the networks reached through the given indicators (union by size) and returns the surviving
   * root; a merge is recorded with the indicator that reached the absorbed network.
   */
  private join(reached: readonly (readonly [network: string, indicatorId: string])[]): string | null {
    const via = new Map<string, string>();
    for (const [network, indicatorId] of reached) {
      const root = this.find(network);
      if (!via.has(root)) via.set(root, indicatorId);
    }
    const roots = [...via.keys()];
    if (roots.length === 0) return null;
    roots.sort((a, b) => this.size.get(b)! - this.size.get(a)! || (a < b ? -1 : 1));
    const [root, ...rest] = roots as [string, ...string[]];
    for (const other of rest) {
      const absorbed = this.storedIn.get(other)!;
      if (absorbed.length > 0 && this.storedIn.get(root)!.length > 0) {
        this.merges.push({ root, absorbed: [...absorbed], indicatorId: via.get(other) ?? null, sizes: [this.size.get(root)!, this.size.get(other)!] });
      }
      this.parent.set(other, root);
      this.size.set(root, this.size.get(root)! + this.size.get(other)!);
      this.storedIn.set(root, [...this.storedIn.get(root)!, ...absorbed]);
      this.storedIn.set(other, []);
    }
    return root;
  }

  private async loadNetworks(ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.parent.has(id));
    for (const part of chunks(missing)) {
      for (const row of await this.trx.selectFrom('networks').selectAll().where('id', 'in', part).execute()) this.addNetwork(row.id, row);
    }
    // A membership row whose network row is missing cannot happen inside the lock; treat it as empty.
    for (const id of missing) this.addNetwork(id, null);
  }

  private evaluate(row: { indicator_id: string; type: string; benign: number; status: string; report_count: number; decision: string | null; network_id: string | null; open_reports: number | null; held: string | null }): Facts {
    let facts = this.facts.get(row.indicator_id);
    if (facts) return facts;
    const reportCount = Number(row.report_count);
    const hold = holdReasonOf({ type: row.type, benign: Number(row.benign), status: row.status, reportCount, decision: row.decision }, this.thresholds);
    facts = { type: row.type, reportCount, hold, linkedNetwork: row.network_id, openReports: Number(row.open_reports ?? 0), heldBefore: row.held !== null };
    this.facts.set(row.indicator_id, facts);
    if (hold) {
      if (reportCount >= 2) this.holdUpserts.set(row.indicator_id, { type: row.type, reason: hold, degree: reportCount, threshold: thresholdOf(this.thresholds, row.type) });
      else if (facts.heldBefore) this.holdDeletes.add(row.indicator_id);
      if (row.network_id) this.unlink.set(row.indicator_id, { network: row.network_id, reason: hold });
    } else if (facts.heldBefore) {
      this.holdDeletes.add(row.indicator_id);
    }
    return facts;
  }

  private factsQuery() {
    return this.trx
      .selectFrom('indicators as i')
      .leftJoin('link_decisions as d', 'd.indicator_id', 'i.id')
      .leftJoin('indicator_networks as n', 'n.indicator_id', 'i.id')
      .leftJoin('link_holds as h', 'h.indicator_id', 'i.id')
      .select(['i.id as indicator_id', 'i.type', 'i.benign', 'i.status', 'i.report_count', 'd.decision', 'n.network_id', 'n.open_reports', 'h.reason as held']);
  }

  /** Networks (and open flags) of the already linked reports that sight each indicator. */
  private async othersOf(indicatorIds: string[]): Promise<Map<string, { network: string; open: number }[]>> {
    const others = new Map<string, { network: string; open: number }[]>();
    for (const part of chunks(indicatorIds)) {
      const rows = await this.trx
        .selectFrom('sightings as s')
        .innerJoin('report_networks as rn', 'rn.report_id', 's.report_id')
        .select(['s.indicator_id', 'rn.network_id', 'rn.open'])
        .where('s.indicator_id', 'in', part)
        .execute();
      for (const row of rows) {
        const list = others.get(row.indicator_id) ?? [];
        list.push({ network: row.network_id, open: Number(row.open) });
        others.set(row.indicator_id, list);
      }
    }
    return others;
  }

  /** Detaches reports that were retracted, corrected or deleted, and attaches active reports not yet in a network. */
  async processReports(reportIds: string[]): Promise<{ countsDropped: boolean }> {
    const { trx } = this;
    let countsDropped = false;
    const reports = new Map<string, MemberRow & { version: number; status: string }>();
    const members = new Map<string, ReportNetworksTable>();
    for (const part of chunks(reportIds)) {
      const rows = await trx
        .selectFrom('reports as r')
        .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
        .innerJoin('markings as m', 'm.id', 'r.marking_id')
        .select(['r.id', 'r.status', 'r.version', 'r.marking_id', 'r.organisation_id', 'o.country', 'r.victim_country', 'r.scam_type', 'r.occurred_at', 'r.loss_usd', 'r.confidence', 'm.tlp', 'm.community_id'])
        .where('r.id', 'in', part)
        .execute();
      for (const r of rows) {
        reports.set(r.id, {
          report_id: r.id,
          network_id: '',
          version: r.version,
          status: r.status,
          open: isOpenMarking(r.tlp, r.community_id) ? 1 : 0,
          marking_id: r.marking_id,
          organisation_id: r.organisation_id,
          organisation_country: r.country,
          victim_country: r.victim_country,
          scam_type: r.scam_type,
          occurred_at: new Date(r.occurred_at).toISOString(),
          loss_usd: r.loss_usd === null ? null : Number(r.loss_usd),
          confidence: r.confidence,
        });
      }
      for (const m of await trx.selectFrom('report_networks').selectAll().where('report_id', 'in', part).execute()) members.set(m.report_id, m);
    }

    // Reports that left (retracted, deleted) or changed (a correction is a new version): out, and split.
    const resplit = new Set<string>();
    for (const [id, member] of members) {
      const report = reports.get(id);
      if (report && report.status === 'active' && report.version === Number(member.version)) continue;
      await trx.deleteFrom('report_networks').where('report_id', '=', id).execute();
      resplit.add(member.network_id);
      members.delete(id);
      countsDropped = true;
    }
    for (const network of resplit) await resplitNetwork(trx, this.engine, network, { cause: 'report_removed', indicatorId: null }, this.now, this.touched);

    const attach = [...reports.values()].filter((r) => r.status === 'active' && !members.has(r.report_id));
    if (attach.length === 0) return { countsDropped };
    const byReport = new Map<string, string[]>();
    const chunkSightings = new Map<string, number>();
    // The reports' sightings first (primary key prefix), then the facts of each distinct indicator by its
    // primary key. Joined in one statement, PostgreSQL hashes the whole indicators table to match a few
    // hundred sightings, a cost that grows with the database rather than with the reports linked.
    for (const part of chunks(attach.map((r) => r.report_id))) {
      for (const row of await this.trx.selectFrom('sightings').select(['report_id', 'indicator_id']).where('report_id', 'in', part).execute()) {
        const list = byReport.get(row.report_id) ?? [];
        list.push(row.indicator_id);
        byReport.set(row.report_id, list);
        chunkSightings.set(row.indicator_id, (chunkSightings.get(row.indicator_id) ?? 0) + 1);
      }
    }
    for (const part of chunks([...chunkSightings.keys()].filter((id) => !this.facts.has(id)))) {
      for (const row of await this.factsQuery().where('i.id', 'in', part).execute()) this.evaluate(row);
    }
    // As an inner join would: a sighting whose indicator row is missing links nothing.
    for (const [id, list] of byReport) if (list.some((i) => !this.facts.has(i))) byReport.set(id, list.filter((i) => this.facts.has(i)));
    for (const id of chunkSightings.keys()) if (!this.facts.has(id)) chunkSightings.delete(id);
    const lookup = [...chunkSightings].filter(([id, n]) => {
      const f = this.facts.get(id)!;
      return !f.hold && !f.linkedNetwork && f.reportCount > n;
    });
    const others = await this.othersOf(lookup.map(([id]) => id));
    const networkIds: string[] = [];
    for (const f of this.facts.values()) if (f.linkedNetwork && !f.hold) networkIds.push(f.linkedNetwork);
    for (const list of others.values()) for (const o of list) networkIds.push(o.network);
    await this.loadNetworks(networkIds);

    for (const report of attach) {
      const reached: [string, string][] = [];
      const indicators = byReport.get(report.report_id) ?? [];
      for (const id of indicators) {
        const f = this.facts.get(id)!;
        if (f.hold) continue;
        if (f.linkedNetwork) reached.push([f.linkedNetwork, id]);
        else {
          const mine = this.assigned.get(id);
          if (mine) reached.push([mine.network, id]);
          for (const o of others.get(id) ?? []) reached.push([o.network, id]);
        }
      }
      let network = this.join(reached);
      if (network === null) {
        network = newId();
        this.addNetwork(network, null);
      }
      this.size.set(network, this.size.get(network)! + 1);
      this.reportNet.set(report.report_id, network);
      this.reportRows.push(report);
      for (const id of indicators) {
        const f = this.facts.get(id)!;
        if (f.hold) continue;
        if (f.linkedNetwork) {
          if (report.open) this.openDelta.set(id, (this.openDelta.get(id) ?? 0) + 1);
        } else {
          const entry = this.assigned.get(id) ?? { network, type: f.type, openReports: (others.get(id) ?? []).reduce((n, o) => n + o.open, 0) };
          entry.openReports += report.open;
          this.assigned.set(id, entry);
        }
      }
    }
    return { countsDropped };
  }

  /** Re-evaluates indicators whose linkability may have changed (status, decision, threshold, count). */
  async processIndicators(indicatorIds: string[]): Promise<void> {
    const fresh = indicatorIds.filter((id) => !this.facts.has(id));
    for (const part of chunks(fresh)) {
      for (const row of await this.factsQuery().where('i.id', 'in', part).execute()) this.evaluate(row);
    }
    const link = fresh.filter((id) => {
      const f = this.facts.get(id);
      return f && !f.hold && !f.linkedNetwork && !this.assigned.has(id);
    });
    const others = await this.othersOf(link);
    await this.loadNetworks([...others.values()].flatMap((list) => list.map((o) => o.network)));
    for (const id of link) {
      const list = others.get(id) ?? [];
      const network = this.join(list.map((o) => [o.network, id] as const));
      if (network === null) continue; // none of its reports is linked yet; they will link it when they are
      this.assigned.set(id, { network, type: this.facts.get(id)!.type, openReports: list.reduce((n, o) => n + o.open, 0) });
    }
  }

  /** Writes everything this session decided, then unlinks and splits. */
  async finish(): Promise<void> {
    const { trx, engine } = this;
    const stamp = this.now.toISOString();
    // 1. Relabel absorbed stored networks into their root (union by size: the smaller moves).
    const absorbedBy = new Map<string, string[]>();
    for (const [id, list] of this.storedIn) {
      if (this.parent.get(id) !== id) continue;
      const moved = list.filter((n) => n !== id);
      if (moved.length > 0) absorbedBy.set(id, moved);
    }
    for (const [root, absorbed] of absorbedBy) {
      for (const part of chunks(absorbed)) {
        await trx.updateTable('report_networks').set({ network_id: root }).where('network_id', 'in', part).execute();
        await trx.updateTable('indicator_networks').set({ network_id: root }).where('network_id', 'in', part).execute();
        await trx.updateTable('network_events').set({ network_id: root }).where('network_id', 'in', part).execute();
        const rootId = engine === 'postgres' ? sql`cast(${root} as uuid)` : sql`${root}`;
        await sql`insert into network_facets (network_id, kind, value, count)
          select ${rootId}, kind, value, sum(count) from network_facets where network_id in (${sql.join(part)}) group by kind, value
          on conflict (network_id, kind, value) do update set count = network_facets.count + excluded.count`.execute(trx);
        await trx.deleteFrom('network_facets').where('network_id', 'in', part).execute();
        await trx.deleteFrom('networks').where('id', 'in', part).execute();
      }
    }

    // 2. Totals per root: stored bases of everything it holds, plus what this session added.
    const totals = new Map<string, NetworksTable>();
    const totalOf = (root: string): NetworksTable => {
      let t = totals.get(root);
      if (!t) {
        const stored = this.storedIn.get(root)!.map((id) => this.base.get(id)!).filter(Boolean);
        t = {
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
        totals.set(root, t);
      }
      return t;
    };
    for (const root of absorbedBy.keys()) totalOf(root);

    const facetDelta = new Map<string, number>();
    const bump = (network: string, kind: string, value: string) => {
      const key = `${network}\u0000${kind}\u0000${value}`;
      facetDelta.set(key, (facetDelta.get(key) ?? 0) + 1);
    };
    const memberRows: unknown[][] = [];
    for (const report of this.reportRows) {
      const network = this.find(this.reportNet.get(report.report_id)!);
      const t = totalOf(network);
      t.report_count += 1;
      if (report.open) {
        t.open_reports += 1;
        t.open_loss_usd += report.loss_usd ?? 0;
        t.open_confidence_sum += report.confidence;
        t.open_first_at = minIso(t.open_first_at, report.occurred_at);
        t.open_last_at = maxIso(t.open_last_at, report.occurred_at);
        for (const [kind, value] of reportFacets(report)) bump(network, kind, value);
      }
      memberRows.push([report.report_id, network, report.version, report.open, report.marking_id, report.organisation_id, report.organisation_country, report.victim_country, report.scam_type, report.occurred_at, report.loss_usd, report.confidence]);
    }
    const linkRows: unknown[][] = [];
    for (const [id, entry] of this.assigned) {
      const network = this.find(entry.network);
      const t = totalOf(network);
      t.indicator_count += 1;
      if (entry.openReports > 0) {
        t.open_indicators += 1;
        bump(network, 'it', entry.type);
      }
      linkRows.push([id, network, entry.type, entry.openReports]);
    }
    for (const [id, delta] of this.openDelta) {
      const f = this.facts.get(id)!;
      const network = this.find(f.linkedNetwork!);
      if (f.openReports === 0 && delta > 0) {
        totalOf(network).open_indicators += 1;
        bump(network, 'it', f.type);
      }
      linkRows.push([id, network, f.type, delta]);
    }

    const cols = ['report_id', 'network_id', 'version', 'open', 'marking_id', 'organisation_id', 'organisation_country', 'victim_country', 'scam_type', 'occurred_at', 'loss_usd', 'confidence'];
    for (const part of chunks(memberRows, rowsPerInsert(cols.length))) await bulkInsert(trx, engine, 'report_networks', cols, part);
    for (const part of chunks(linkRows, rowsPerInsert(4))) {
      await bulkInsert(trx, engine, 'indicator_networks', ['indicator_id', 'network_id', 'type', 'open_reports'], part, 'on conflict (indicator_id) do update set network_id = excluded.network_id, open_reports = indicator_networks.open_reports + excluded.open_reports');
    }
    const facetRows = [...facetDelta].map(([key, count]) => [...key.split('\u0000'), count]);
    for (const part of chunks(facetRows, rowsPerInsert(4))) {
      await bulkInsert(trx, engine, 'network_facets', ['network_id', 'kind', 'value', 'count'], part, 'on conflict (network_id, kind, value) do update set count = network_facets.count + excluded.count');
    }

    // 3. Derived figures (distinct counts, growth, median, score): a network made of one new report in
    // this session is derived from that report alone; the others from the facets just written.
    const lone = new Map<string, MemberRow>();
    for (const report of this.reportRows) {
      const network = this.find(this.reportNet.get(report.report_id)!);
      if (this.storedIn.get(network)!.length === 0 && this.size.get(network) === 1) lone.set(network, report);
    }
    const { d30 } = growthCutoffs(this.now);
    // A network new in this session has exactly the facets counted above.
    const facetsOfNew = new Map<string, { kind: string; value: string; count: number }[]>();
    for (const [key, count] of facetDelta) {
      const [network, kind, value] = key.split('\u0000') as [string, string, string];
      if (!lone.has(network)) continue;
      const list = facetsOfNew.get(network) ?? [];
      list.push({ kind, value, count });
      facetsOfNew.set(network, list);
    }
    for (const [network, r] of lone) {
      const t = totals.get(network)!;
      const open = r.open === 1;
      t.open_victim_countries = open ? 1 : 0;
      t.open_reporting_countries = open ? 1 : 0;
      t.open_organisations = open ? 1 : 0;
      t.cross_border = open && r.victim_country !== r.organisation_country ? 1 : 0;
      t.growth30d = open && isoDay(r.occurred_at) >= d30 ? 1 : 0;
      t.open_loss_median = open && r.loss_usd !== null ? r.loss_usd : 0;
      t.list_facts = listFactsOf(facetsOfNew.get(network) ?? [], this.now);
      t.score = scoreOf({ lossUsdTotal: Number(t.open_loss_usd), reports: Number(t.open_reports), victimCountries: t.open_victim_countries, reportingCountries: t.open_reporting_countries, growth30d: t.growth30d, confidenceSum: Number(t.open_confidence_sum) });
    }
    await this.derive([...totals.values()].filter((t) => !lone.has(t.id)));
    const networkCols = Object.keys(totals.values().next().value ?? {}) as (keyof NetworksTable)[];
    if (networkCols.length > 0) {
      const update = networkCols.filter((c) => c !== 'id' && c !== 'created_at').map((c) => `${c} = excluded.${c}`).join(', ');
      for (const part of chunks([...totals.values()], rowsPerInsert(networkCols.length))) {
        await bulkInsert(trx, engine, 'networks', networkCols, part.map((t) => networkCols.map((c) => t[c])), `on conflict (id) do update set ${update}`);
      }
    }
    for (const id of totals.keys()) this.touched.add(id);

    // 4. History, holds, then the unlinks (each splits its network if that disconnects it).
    const events = this.merges.map((m) => {
      const root = this.find(m.root);
      return [newId(), root, 'merge', m.indicatorId, 'shared_indicator', null, null, null, JSON.stringify({ absorbed: m.absorbed, sizes: m.sizes }), stamp];
    });
    for (const part of chunks(events, rowsPerInsert(10))) {
      await bulkInsert(trx, engine, 'network_events', ['id', 'network_id', 'kind', 'indicator_id', 'cause', 'reason', 'actor_user_id', 'actor_organisation_id', 'data', 'at'], part);
    }
    const holds = [...this.holdUpserts].map(([id, h]) => [id, h.type, h.reason, h.degree, h.threshold, stamp]);
    for (const part of chunks(holds, rowsPerInsert(6))) {
      await bulkInsert(trx, engine, 'link_holds', ['indicator_id', 'type', 'reason', 'degree', 'threshold', 'updated_at'], part, 'on conflict (indicator_id) do update set reason = excluded.reason, degree = excluded.degree, threshold = excluded.threshold, updated_at = excluded.updated_at');
    }
    for (const part of chunks([...this.holdDeletes])) await trx.deleteFrom('link_holds').where('indicator_id', 'in', part).execute();
    const splits = new Map<string, { indicatorId: string; reason: HoldReason }>();
    for (const [id, u] of this.unlink) {
      // The indicator's network may have been relabelled by a merge above; read where it is now.
      const row = await trx.selectFrom('indicator_networks').select('network_id').where('indicator_id', '=', id).executeTakeFirst();
      if (!row) continue;
      await trx.deleteFrom('indicator_networks').where('indicator_id', '=', id).execute();
      if (!splits.has(row.network_id)) splits.set(row.network_id, { indicatorId: id, reason: u.reason });
    }
    // Unlinks come last, after every attach of this session is written: the members are as stored.
    for (const [network, cause] of splits) await resplitNetwork(trx, engine, network, { cause: cause.reason, indicatorId: cause.indicatorId }, this.now, this.touched, { membersUnchanged: true });
  }

  private async derive(rows: NetworksTable[]): Promise<void> {
    if (rows.length === 0) return;
    const { d30, activityStart } = growthCutoffs(this.now);
    const byId = new Map(rows.map((r) => [r.id, { r, vc: new Set<string>(), rc: new Set<string>(), org: 0, growth: 0, losses: [] as number[], facets: [] as { kind: string; value: string; count: number }[] }]));
    for (const part of chunks([...byId.keys()])) {
      // Every counter but days before the sparkline's window: the distinct counts, growth and list facts.
      const facets = await this.trx
        .selectFrom('network_facets')
        .select(['network_id', 'kind', 'value', 'count'])
        .where('network_id', 'in', part)
        .where((eb) => eb.or([eb('kind', '!=', 'day'), eb('value', '>=', activityStart)]))
        .execute();
      for (const f of facets) {
        const e = byId.get(f.network_id)!;
        if (Number(f.count) <= 0) continue;
        if (f.kind !== 'org') e.facets.push(f);
        if (f.kind === 'vc') e.vc.add(f.value);
        else if (f.kind === 'rc') e.rc.add(f.value);
        else if (f.kind === 'org') e.org += 1;
        else if (f.kind === 'day' && f.value >= d30) e.growth += Number(f.count);
      }
      const exact = part.filter((id) => Number(byId.get(id)!.r.open_reports) <= MEDIAN_EXACT_MAX);
      for (const sub of chunks(exact)) {
        const losses = await this.trx.selectFrom('report_networks').select(['network_id', 'loss_usd']).where('network_id', 'in', sub).where('open', '=', 1).where('loss_usd', 'is not', null).execute();
        for (const l of losses) byId.get(l.network_id)!.losses.push(Number(l.loss_usd));
      }
      for (const id of part) {
        const e = byId.get(id)!;
        const r = e.r;
        r.open_victim_countries = e.vc.size;
        r.open_reporting_countries = e.rc.size;
        r.open_organisations = e.org;
        r.cross_border = new Set([...e.vc, ...e.rc]).size > 1 ? 1 : 0;
        r.growth30d = e.growth;
        r.list_facts = listFactsOf(e.facets, this.now);
        if (Number(r.open_reports) <= MEDIAN_EXACT_MAX) {
          r.open_loss_median = medianOf(e.losses);
          r.median_stale = 0;
        } else {
          r.median_stale = 1;
          this.stale.add(id);
        }
        r.score = scoreOf({ lossUsdTotal: Number(r.open_loss_usd), reports: Number(r.open_reports), victimCountries: e.vc.size, reportingCountries: e.rc.size, growth30d: e.growth, confidenceSum: Number(r.open_confidence_sum) });
      }
    }
  }
}

// Both engines hand timestamps back as ISO 8601 UTC strings of one shape (database.ts), which sort as text.
const minIso = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a <= b ? a : b);
const maxIso = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a >= b ? a : b);
