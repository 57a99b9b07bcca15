import type { Db, Engine } from '../../db/index.js';
import type { IndicatorNetworksTable, NetworkFacetsTable, NetworksTable, ReportNetworksTable } from '../../db/schema.js';
import { newDayId, newId } from '../../platform/ids.js';
import { holdReasonOf, thresholdOf, type HoldReason } from './link-policy.js';
import { readLinkFacts, othersOf, type FactsRow } from './link-facts.js';
import { inIds, insertEvents, insertMembers, NETWORK_COLUMNS, rowsByKey, relabelNetworks, upsertHolds, upsertLinks, upsertNetworks, writeFacets } from './link-sql.js';
import { type Assigned, type Facts, type Slot, SlotTable } from './link-slots.js';
import { addToTally, applyFigures, emptyTally, growthCutoffs, inTallyWindow, medianOf, reportFacets, tallyOfListFacts, type FacetTally, type MemberRow } from './network-metrics.js';
import { NetworkForest } from './network-forest.js';
import { readLinkedReports, type ReportHint } from './linked-reports.js';
import { countFacet, maxIso, MEDIAN_EXACT_MAX, minIso, totalsOf, type FacetCounts } from './network-totals.js';
import { resplitNetwork } from './network-split.js';
import { splitAfterUnlink, type UnlinkedLink } from './network-unlink.js';

export { MEDIAN_EXACT_MAX } from './network-totals.js';

/**
 * One linker transaction (the caller holds the global network lock): attaches reports to networks,
 * links indicators that became linkable, unlinks those that stopped being linkable and splits what that
 * disconnects. Networks are joined by union by size in memory (the larger keeps its id), then every
 * change is written with a handful of multi-row statements; a split recomputes only its own network.
 */
export class LinkSession {
  private forest = new NetworkForest();
  private facts = new Map<string, Facts>();
  private reportRows: (MemberRow & { version: number })[] = [];
  /** The network each of reportRows was attached to (by index), as assigned then: finish() resolves it. */
  private reportNet: string[] = [];
  /** Indicators newly linked in this session: their network (resolved by find) and open reports so far. */
  private assigned = new Map<string, Assigned>();
  /** Open reports added to already linked indicators. */
  private openDelta = new Map<string, number>();
  private unlink = new Map<string, { network: string; reason: HoldReason }>();
  private holdUpserts = new Map<string, { type: string; reason: HoldReason; degree: number; threshold: number }>();
  private holdDeletes = new Set<string>();
  readonly touched = new Set<string>();
  readonly stale = new Set<string>();
  /**
   * Indicators whose link decision an analyst undid (queued as the undo's event, `undo` items): a merge
   * through one of them that no report of this session made is the undo's, and says so (`decision_undone`).
   */
  readonly undoneBy = new Map<string, string>();
  /** The same for a confirmed link (`link_confirmed`): the merge is the analyst's act, shown to whoever may see the network. */
  readonly confirmedBy = new Map<string, string>();
  /**
   * Decisions taken as recorded though they are not (a preview's, see assumeDecision): a session holding
   * any only decides in memory, and refuses to finish.
   */
  private assumed = new Map<string, string>();

  constructor(
    private readonly trx: Db,
    private readonly engine: Engine,
    private readonly thresholds: ReadonlyMap<string, number>,
    readonly now: Date,
  ) {}

  private async loadNetworks(ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.forest.has(id));
    if (missing.length > 0) {
      const names = NETWORK_COLUMNS.map((c) => c.name);
      for (const row of await rowsByKey<NetworksTable>(this.trx, this.engine, 'networks', 'id', names, missing)) this.forest.add(row.id, row);
    }
    // A membership row whose network row is missing cannot happen inside the lock; treat it as empty.
    for (const id of missing) this.forest.add(id, null);
  }

  private evaluate(row: FactsRow): Facts {
    let facts = this.facts.get(row.indicator_id);
    if (facts) return facts;
    const reportCount = Number(row.report_count);
    const decision = this.assumed.get(row.indicator_id) ?? row.decision;
    const hold = holdReasonOf({ type: row.type, benign: Number(row.benign), status: row.status, reportCount, decision }, this.thresholds);
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

  /** Reads and evaluates the facts of indicators not evaluated yet in this session. */
  private async loadFacts(indicatorIds: readonly string[]): Promise<void> {
    const fresh = indicatorIds.filter((id) => !this.facts.has(id));
    for (const row of await readLinkFacts(this.trx, this.engine, fresh)) this.evaluate(row);
  }

  /**
   * Detaches reports that were retracted, corrected or deleted, and attaches active reports not yet in a
   * network. `hints` (by report id) spare reading back what the ingest just wrote: the marking and
   * organisation of a first version (a report row never changes them; only a correction, a new version,
   * does) and its sightings. `openMarkings` caches which markings every member sees (stored markings
   * never change).
   *
   * `current` names the hinted reports whose stored row is known to be the one their hint describes, so
   * that not even their version is read back: the drain passes those whose only item in its chunk is the
   * one the hint's own ingest queued. Every later change of a report (a retraction, a correction, in any
   * process) queues it again, after that item, in the transaction that makes the change; so a change
   * committed before this drain either puts a second item in the same chunk (the report is then read) or
   * waits in a later chunk, which detaches or re-attaches the report as if the change came after this
   * drain. A hint whose item another process drained never matches a later item.
   */
  async processReports(reportIds: string[], hints?: ReadonlyMap<string, ReportHint>, openMarkings = new Map<string, boolean>(), current: ReadonlySet<string> = new Set()): Promise<{ countsDropped: boolean }> {
    const { trx, engine } = this;
    let countsDropped = false;
    if (reportIds.length === 0) return { countsDropped };
    const reports = await readLinkedReports(trx, engine, reportIds, hints, openMarkings, current);
    const members = new Map<string, Pick<ReportNetworksTable, 'network_id' | 'version'>>();
    // By a probe per report (rowsByKey): as `report_id = any(ids)`, the unanalysed PostgreSQL planner
    // scanned the whole table for every chunk (46 ms a chunk at 1M sightings).
    type MemberKey = Pick<ReportNetworksTable, 'report_id' | 'network_id' | 'version'>;
    for (const m of await rowsByKey<MemberKey>(trx, engine, 'report_networks', 'report_id', ['report_id', 'network_id', 'version'], reportIds)) members.set(m.report_id, m);

    // Reports that left (retracted, deleted) or changed (a correction is a new version): out, and split.
    const resplit = new Map<string, string[]>();
    const detached: string[] = [];
    for (const [id, member] of members) {
      const report = reports.get(id);
      if (report && report.status === 'active' && report.version === Number(member.version)) continue;
      detached.push(id);
      resplit.set(member.network_id, [...(resplit.get(member.network_id) ?? []), id]);
      members.delete(id);
      countsDropped = true;
    }
    if (detached.length > 0) await trx.deleteFrom('report_networks').where(inIds(engine, 'report_id', detached)).execute();
    for (const [network, removed] of resplit) await resplitNetwork(trx, engine, network, { cause: 'report_removed', indicatorId: null, reportIds: removed }, this.now, this.touched);

    const attach = [...reports.values()].filter((r) => r.status === 'active' && !members.has(r.report_id));
    if (attach.length === 0) return { countsDropped };
    // The reports' sightings: from the ingest's hint when the stored report is the version it wrote, else
    // read (primary key prefix); then the facts of each distinct indicator by its primary key. Joined in
    // one statement, PostgreSQL hashed the whole indicators table to match a few hundred sightings.
    // Each distinct indicator of the chunk gets one slot, which the reports sighting it share: its facts,
    // sightings in the chunk, linked reports elsewhere and assignment are looked up once, not per sighting.
    const slots = new SlotTable();
    const byReport = new Map<string, Slot[]>();
    const unhinted: string[] = [];
    for (const r of attach) {
      const hint = hints?.get(r.report_id);
      if (hint && r.version === 1 && hint.markingId === r.marking_id && hint.organisationId === r.organisation_id) byReport.set(r.report_id, slots.distinct(hint.indicatorIds));
      else unhinted.push(r.report_id);
    }
    if (unhinted.length > 0) {
      for (const row of await trx.selectFrom('sightings').select(['report_id', 'indicator_id']).where(inIds(engine, 'report_id', unhinted)).execute()) {
        const list = byReport.get(row.report_id);
        if (list) list.push(slots.sighted(row.indicator_id));
        else byReport.set(row.report_id, [slots.sighted(row.indicator_id)]);
      }
    }
    await this.loadFacts([...slots.ids()]);
    // As an inner join would: a sighting whose indicator row is missing links nothing.
    let missing = false;
    for (const slot of slots.all()) {
      slot.f = this.facts.get(slot.id);
      if (!slot.f) missing = true;
    }
    if (missing) for (const [id, list] of byReport) if (list.some((slot) => !slot.f)) byReport.set(id, list.filter((slot) => slot.f));
    const lookup: string[] = [];
    for (const slot of slots.all()) {
      const f = slot.f;
      if (f && !f.hold && !f.linkedNetwork && f.reportCount > slot.n) lookup.push(slot.id);
    }
    const others = await othersOf(this.trx, this.engine, lookup);
    const networkIds: string[] = [];
    for (const f of this.facts.values()) if (f.linkedNetwork && !f.hold) networkIds.push(f.linkedNetwork);
    for (const list of others.values()) for (const o of list) networkIds.push(o.network);
    await this.loadNetworks(networkIds);
    for (const slot of slots.all()) {
      if (!slot.f || slot.f.hold || slot.f.linkedNetwork) continue;
      const list = others.get(slot.id);
      if (list) {
        // A hub's linked reports mostly share a few networks: each is reached once (join keeps the first
        // indicator that reached a network, and all of these are this one).
        const networks = new Set<string>();
        for (const o of list) {
          slot.othersOpen += o.open;
          networks.add(o.network);
        }
        slot.others = [...networks];
      }
      slot.entry = this.assigned.get(slot.id);
    }

    const reached: [string, string][] = [];
    for (const report of attach) {
      reached.length = 0;
      const indicators = byReport.get(report.report_id) ?? [];
      for (const slot of indicators) {
        const f = slot.f!;
        if (f.hold) continue;
        if (f.linkedNetwork) reached.push([f.linkedNetwork, slot.id]);
        else {
          if (slot.entry) reached.push([slot.entry.network, slot.id]);
          // Once joined (by the first report that reached them), its networks are one: the entry stands for them.
          if (slot.others && !slot.othersJoined) for (const network of slot.others) reached.push([network, slot.id]);
        }
      }
      let network = this.forest.join(reached, report.report_id);
      if (network !== null) for (const slot of indicators) if (slot.others) slot.othersJoined = true;
      if (network === null) {
        // A network founded by a report every member sees may say when (its id is a UUIDv7); one founded by
        // a restricted report tells only the day, since its id is shown to those who may not see that report (ids.ts).
        network = report.open === 1 ? newId() : newDayId();
        this.forest.add(network, null);
      }
      this.forest.grow(network);
      this.reportNet.push(network);
      this.reportRows.push(report);
      for (const slot of indicators) {
        const f = slot.f!;
        if (f.hold) continue;
        if (f.linkedNetwork) {
          if (report.open) this.openDelta.set(slot.id, (this.openDelta.get(slot.id) ?? 0) + 1);
        } else {
          let entry = slot.entry;
          if (!entry) {
            entry = slot.entry = { network, type: f.type, openReports: slot.othersOpen };
            this.assigned.set(slot.id, entry);
          }
          entry.openReports += report.open;
        }
      }
    }
    return { countsDropped };
  }

  /** Re-evaluates indicators whose linkability may have changed (status, decision, threshold, count). */
  async processIndicators(indicatorIds: string[]): Promise<void> {
    const fresh = indicatorIds.filter((id) => !this.facts.has(id));
    await this.loadFacts(fresh);
    const link = fresh.filter((id) => {
      const f = this.facts.get(id);
      return f && !f.hold && !f.linkedNetwork && !this.assigned.has(id);
    });
    const others = await othersOf(this.trx, this.engine, link);
    await this.loadNetworks([...others.values()].flatMap((list) => list.map((o) => o.network)));
    for (const id of link) {
      const list = others.get(id) ?? [];
      const network = this.forest.join(list.map((o) => [o.network, id] as const));
      if (network === null) continue; // none of its reports is linked yet; they will link it when they are
      this.assigned.set(id, { network, type: this.facts.get(id)!.type, openReports: list.reduce((n, o) => n + o.open, 0) });
    }
  }

  /**
   * For a preview only (link-confirm-preview.ts): the session evaluates the indicator as if `decision` were
   * recorded on it, so that processIndicators decides what recording it would, by the linker's own rules.
   * Such a session writes nothing: finish refuses it. Call before the indicator is evaluated.
   */
  assumeDecision(indicatorId: string, decision: string): void {
    if (this.facts.has(indicatorId)) throw new Error(`Indicator ${indicatorId} was evaluated already: assume its decision first`);
    this.assumed.set(indicatorId, decision);
  }

  /**
   * Where this session linked an indicator that was not linked (processIndicators, processReports), before
   * finish writes it: the network it is in now (the root that keeps its id) and the stored networks that
   * network holds, merged ones included. Null when it linked nothing new (held back, linked already, or
   * none of its reports is in a network).
   */
  linkedInto(indicatorId: string): { network: string; stored: readonly string[] } | null {
    const entry = this.assigned.get(indicatorId);
    if (!entry) return null;
    const network = this.forest.find(entry.network);
    return { network, stored: this.forest.storedIn.get(network) ?? [] };
  }

  /** Writes everything this session decided, then unlinks and splits. */
  async finish(): Promise<void> {
    if (this.assumed.size > 0) throw new Error('A session that assumed decisions (a preview) writes nothing');
    const { trx, engine } = this;
    const stamp = this.now.toISOString();
    // 1. Relabel absorbed stored networks into their root (union by size: the smaller moves).
    const absorbedBy = new Map<string, string[]>();
    const relabel: [absorbed: string, root: string][] = [];
    for (const [id, list] of this.forest.storedIn) {
      if (!this.forest.isRoot(id)) continue;
      const moved = list.filter((n) => n !== id);
      if (moved.length > 0) absorbedBy.set(id, moved);
      for (const n of moved) relabel.push([n, id]);
    }
    await relabelNetworks(trx, engine, relabel, stamp);

    // 2. Totals per root: stored bases of everything it holds, plus what this session added.
    const totals = new Map<string, NetworksTable>();
    const totalOf = (root: string): NetworksTable => {
      let t = totals.get(root);
      if (!t) {
        const stored = this.forest.storedIn.get(root)!.map((id) => this.forest.base.get(id)!).filter(Boolean);
        t = totalsOf(root, stored, stamp);
        totals.set(root, t);
      }
      return t;
    };
    for (const root of absorbedBy.keys()) totalOf(root);

    // Facet counters added, per network, kind and value.
    const facetDelta = new Map<string, FacetCounts>();
    const bump = (network: string, kind: string, value: string) => {
      let kinds = facetDelta.get(network);
      if (!kinds) facetDelta.set(network, (kinds = new Map()));
      countFacet(kinds, kind, value);
    };
    const memberRows: ReportNetworksTable[] = [];
    const sessionLosses = new Map<string, number[]>();
    const { activityStart } = growthCutoffs(this.now);
    let lastNetwork = '';
    let lastTotals: NetworksTable | null = null;
    let lastKinds: FacetCounts | null = null;
    let lastLosses: number[] | null = null;
    for (let i = 0; i < this.reportRows.length; i++) {
      const report = this.reportRows[i]!;
      const network = this.forest.find(this.reportNet[i]!);
      if (network !== lastNetwork || lastTotals === null) {
        lastNetwork = network;
        lastTotals = totalOf(network);
        lastKinds = null;
        lastLosses = null;
      }
      const t = lastTotals;
      t.report_count += 1;
      if (report.open) {
        t.open_reports += 1;
        t.open_loss_usd += report.loss_usd ?? 0;
        t.open_confidence_sum += report.confidence;
        t.open_first_at = minIso(t.open_first_at, report.occurred_at);
        t.open_last_at = maxIso(t.open_last_at, report.occurred_at);
        let kinds: FacetCounts | undefined = lastKinds ?? facetDelta.get(network);
        if (!kinds) facetDelta.set(network, (kinds = new Map()));
        lastKinds = kinds;
        for (const [kind, value] of reportFacets(report, activityStart)) countFacet(kinds, kind, value);
        if (report.loss_usd !== null) {
          let losses: number[] | undefined = lastLosses ?? sessionLosses.get(network);
          if (!losses) sessionLosses.set(network, (losses = []));
          lastLosses = losses;
          losses.push(report.loss_usd);
        }
      }
      // The session's report row is the member row (insertMany reads only the table's columns).
      report.network_id = network;
      memberRows.push(report);
    }
    const linkRows: IndicatorNetworksTable[] = [];
    for (const [id, entry] of this.assigned) {
      const network = this.forest.find(entry.network);
      const t = totalOf(network);
      t.indicator_count += 1;
      if (entry.openReports > 0) {
        t.open_indicators += 1;
        bump(network, 'it', entry.type);
      }
      linkRows.push({ indicator_id: id, network_id: network, type: entry.type, open_reports: entry.openReports });
    }
    for (const [id, delta] of this.openDelta) {
      const f = this.facts.get(id)!;
      const network = this.forest.find(f.linkedNetwork!);
      if (f.openReports === 0 && delta > 0) {
        totalOf(network).open_indicators += 1;
        bump(network, 'it', f.type);
      }
      linkRows.push({ indicator_id: id, network_id: network, type: f.type, open_reports: delta });
    }

    // In primary-key order, as ingest writes (see inIndexOrder there): each B-tree is walked one way.
    await insertMembers(trx, engine, memberRows.sort((a, b) => compareText(a.report_id, b.report_id)));
    await upsertLinks(trx, engine, linkRows.sort((a, b) => compareText(a.indicator_id, b.indicator_id)), 'add');

    // 3. Derived figures (distinct counts, growth, list facts, median, score), reading back only what is
    // not known here:
    //  - a network new in this session: every report of it is in memory, its counters are the session's;
    //  - a stored network that only gained reports or links: its stored list facts plus the session's
    //    counters (counters only grow here); an organisation is new to it when the upsert returns its
    //    counter equal to what was added;
    //  - a network that absorbed stored networks (or whose row predates list facts): its counters, read back.
    const grown = (root: string) => {
      const stored = this.forest.storedIn.get(root)!;
      return stored.length === 1 && stored[0] === root && (this.forest.base.get(root)?.list_facts ?? null) !== null;
    };
    // The counters to add, and apart the organisations of grown networks (whose upsert says which are new).
    const facetRows: NetworkFacetsTable[] = [];
    const grownOrgs: NetworkFacetsTable[] = [];
    const facetsOfNetwork = new Map<string, NetworkFacetsTable[]>();
    for (const [network, kinds] of facetDelta) {
      const list: NetworkFacetsTable[] = [];
      const isGrown = grown(network);
      for (const [kind, counts] of kinds) {
        const into = isGrown && kind === 'org' ? grownOrgs : facetRows;
        for (const [value, count] of counts) {
          const row = { network_id: network, kind, value, count };
          list.push(row);
          into.push(row);
        }
      }
      facetsOfNetwork.set(network, list);
    }
    await writeFacets(trx, engine, facetRows, 'add');
    const newOrganisations = new Map<string, number>();
    for (const row of await writeFacets(trx, engine, grownOrgs, 'add', true)) {
      if (Number(row.count) !== facetDelta.get(String(row.network_id))!.get('org')!.get(String(row.value))) continue;
      newOrganisations.set(String(row.network_id), (newOrganisations.get(String(row.network_id)) ?? 0) + 1);
    }
    const readBack: NetworksTable[] = [];
    const mediansToRead: NetworksTable[] = [];
    for (const t of totals.values()) {
      const root = t.id;
      let tally: FacetTally;
      if (this.forest.storedIn.get(root)!.length === 0) {
        tally = emptyTally();
        for (const f of facetsOfNetwork.get(root) ?? []) addToTally(tally, f.kind, f.value, f.count);
        t.open_loss_median = medianOf(sessionLosses.get(root) ?? []);
        t.median_stale = 0;
      } else if (grown(root)) {
        const base = this.forest.base.get(root)!;
        tally = tallyOfListFacts(base.list_facts!, Number(base.open_organisations) + (newOrganisations.get(root) ?? 0));
        for (const f of facetsOfNetwork.get(root) ?? []) if (f.kind !== 'org') addToTally(tally, f.kind, f.value, f.count);
        if (Number(t.open_reports) > MEDIAN_EXACT_MAX) this.markMedianStale(t);
        else if (sessionLosses.has(root) || Number(base.median_stale) !== 0) mediansToRead.push(t);
        // else: no open loss added, the stored median stands (totalOf kept it)
      } else {
        readBack.push(t);
        continue;
      }
      applyFigures(t, tally, this.now);
    }
    await this.readMedians(mediansToRead);
    await this.derive(readBack);
    await upsertNetworks(trx, engine, [...totals.values()]);
    for (const id of totals.keys()) this.touched.add(id);

    // 4. History, holds, then the unlinks (each splits its network if that disconnects it).
    await insertEvents(
      trx,
      engine,
      this.forest.merges.map((m) => {
        // Rejoining what a "does not link" kept apart, once undone, or joining through a link an analyst
        // confirmed: the analyst's act is the cause (a plain `shared_indicator` merge was hidden from anyone
        // the network hides a report from, so its history read as still split: walkthrough, session 58).
        const undo = m.reportId === null && m.indicatorId !== null ? this.undoneBy.get(m.indicatorId) : undefined;
        const confirmed = m.reportId === null && m.indicatorId !== null && !undo ? this.confirmedBy.get(m.indicatorId) : undefined;
        return {
          id: newId(),
          network_id: this.forest.find(m.root),
          kind: 'merge',
          indicator_id: m.indicatorId,
          cause: undo ? 'decision_undone' : confirmed ? 'link_confirmed' : 'shared_indicator',
          reason: null,
          actor_user_id: null,
          actor_organisation_id: null,
          data: JSON.stringify({ absorbed: m.absorbed, sizes: m.sizes, reports: m.reportId === null ? [] : [m.reportId], ...(undo && { undo }), ...(confirmed && { confirmed }) }),
          at: stamp,
        };
      }),
    );
    await upsertHolds(trx, engine, [...this.holdUpserts].map(([id, h]) => ({ indicator_id: id, type: h.type, reason: h.reason, degree: h.degree, threshold: h.threshold, updated_at: stamp })));
    if (this.holdDeletes.size > 0) await trx.deleteFrom('link_holds').where(inIds(engine, 'indicator_id', [...this.holdDeletes])).execute();
    // Per network: the first unlinked indicator (named in its history) and every link it lost.
    const splits = new Map<string, { indicatorId: string; reason: HoldReason; removed: UnlinkedLink[] }>();
    if (this.unlink.size > 0) {
      // The indicators' networks may have been relabelled by a merge above; read where they are now.
      const ids = [...this.unlink.keys()];
      const linked = await trx.selectFrom('indicator_networks').select(['indicator_id', 'network_id', 'type', 'open_reports']).where(inIds(engine, 'indicator_id', ids)).execute();
      if (linked.length > 0) await trx.deleteFrom('indicator_networks').where(inIds(engine, 'indicator_id', linked.map((l) => l.indicator_id))).execute();
      const byIndicator = new Map(linked.map((l) => [l.indicator_id, l]));
      for (const [id, u] of this.unlink) {
        const link = byIndicator.get(id);
        if (link === undefined) continue;
        const split = splits.get(link.network_id) ?? { indicatorId: id, reason: u.reason, removed: [] };
        split.removed.push({ indicator_id: id, type: link.type, open_reports: Number(link.open_reports) });
        splits.set(link.network_id, split);
      }
    }
    // Unlinks come last, after every attach of this session is written: the members are as stored.
    for (const [network, split] of splits) await splitAfterUnlink(trx, engine, network, split.removed, { cause: split.reason, indicatorId: split.indicatorId }, this.now, this.touched);
  }

  /** Above MEDIAN_EXACT_MAX open reports the sweeper refreshes the median, off the ingest path. */
  private markMedianStale(t: NetworksTable): void {
    t.median_stale = 1;
    this.stale.add(t.id);
  }

  /** Exact medians of the given networks' open losses (their members as written in this session). */
  private async readMedians(rows: NetworksTable[]): Promise<void> {
    if (rows.length === 0) return;
    const losses = new Map<string, number[]>(rows.map((r) => [r.id, []]));
    const read = await this.trx.selectFrom('report_networks').select(['network_id', 'loss_usd']).where(inIds(this.engine, 'network_id', [...losses.keys()])).where('open', '=', 1).where('loss_usd', 'is not', null).execute();
    for (const l of read) losses.get(l.network_id)!.push(Number(l.loss_usd));
    for (const r of rows) {
      r.open_loss_median = medianOf(losses.get(r.id)!);
      r.median_stale = 0;
    }
  }

  /** Derived figures from the networks' counters as stored (after this session's writes). */
  private async derive(rows: NetworksTable[]): Promise<void> {
    if (rows.length === 0) return;
    const { activityStart } = growthCutoffs(this.now);
    const tallies = new Map(rows.map((r) => [r.id, emptyTally()]));
    // Every counter but days before the sparkline's window, read by a probe per network (rowsByKey).
    type Facet = Pick<NetworkFacetsTable, 'network_id' | 'kind' | 'value' | 'count'>;
    for (const f of await rowsByKey<Facet>(this.trx, this.engine, 'network_facets', 'network_id', ['network_id', 'kind', 'value', 'count'], [...tallies.keys()])) {
      if (inTallyWindow(f, activityStart)) addToTally(tallies.get(f.network_id)!, f.kind, f.value, Number(f.count));
    }
    for (const r of rows) applyFigures(r, tallies.get(r.id)!, this.now);
    const exact: NetworksTable[] = [];
    for (const r of rows) {
      if (Number(r.open_reports) <= MEDIAN_EXACT_MAX) exact.push(r);
      else this.markMedianStale(r);
    }
    await this.readMedians(exact);
  }
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
