import { sql } from 'kysely';
import type { Db, Engine } from '../../db/index.js';
import { nowIso } from '../../platform/ids.js';
import type { CommittedBatch } from '../reports/ingest.service.js';
import { loadThresholds, refreshThresholds } from './link-policy.js';
import { inIds, inNumbers, insertQueueItems } from './link-sql.js';
import { LinkSession, MEDIAN_EXACT_MAX } from './network-linker.js';
import type { ReportHint } from './linked-reports.js';
import { growthCutoffs, listFactsOf, medianOf, scoreOf } from './network-metrics.js';
import { facetsOf } from './network.repository.js';
import { rehomeOrganisation } from './network-rehome.js';

/** Any constant that no other part of the platform uses as an advisory lock key. */
const NETWORK_LOCK_KEY = 7_340_551;
/**
 * Queue items per linker transaction: long enough to amortise, short enough to keep the lock brief. A
 * drain's fixed costs (facts of indicators shared within it, the touched networks' rows and counters,
 * the index pages it dirties, its commit) are paid once per chunk: draining 30,000 reports alone took
 * 2.1 s in chunks of 4,000 against 2.6 s in chunks of 2,000, 2.5 s of 8,000 and 3.1 s of 16,000 (larger
 * statements and lists stop paying). A chunk of 4,000 holds the lock for a few hundred milliseconds.
 */
export const LINK_CHUNK = 4000;
const SWEEP_MS = 30_000;
/**
 * After a commit the linker waits this long for more (a bulk upload commits a batch every few hundred
 * milliseconds) so that it drains full chunks rather than one small chunk per batch: fixed costs per
 * drain (lock, commit, network rows rewritten) are paid once per LINK_CHUNK reports. A full chunk
 * drains at once, and nothing waits longer than DRAIN_MAX_WAIT_MS.
 */
const DRAIN_DEBOUNCE_MS = 250;
const DRAIN_MAX_WAIT_MS = 1000;
const GROWTH_SWEEP_MS = 3_600_000;
/**
 * Hints kept for reports committed but not linked yet (see ReportHint). A hint is dropped when its report
 * is linked; those of reports another process links are never used, so the oldest go past this many.
 */
const MAX_HINTS = 20_000;
/**
 * On PostgreSQL the queue is vacuumed after this many items were taken from it here. Every item is
 * deleted once linked, and the dead rows stay at the head of the queue's index until a vacuum: on a
 * server whose autovacuum is off or behind, reading the first chunk walked ~300,000 of them after
 * 1M sightings (40 ms for an empty queue), and every read, count and delete of the queue with it.
 * A vacuum of a few thousand live rows and this many dead ones takes a few milliseconds.
 */
const QUEUE_VACUUM_EVERY = 20_000;

/**
 * A report to (re)link, an indicator whose linkability may have changed, an organisation whose country
 * changed, or an analyst's undo of a link decision (the undo event's id: its indicator is re-evaluated as
 * an indicator item is, and the merges that follow name the undo as their cause).
 */
/**
 * `decision`: a person's link decision that may join networks (an undo, a confirmed link), by its event's id:
 * the merges it lets the linker make name it as their cause. Stored as `undo`, its name from before it
 * covered confirmed links too, so that items queued by an earlier version are read the same.
 */
export type QueueItem = { kind: 'report' | 'indicator' | 'organisation' | 'decision'; id: string };

/**
 * The linker: keeps networks current as reports arrive, from any number of server processes on one
 * database. Ingest writes the ids of its reports to `network_queue` inside its own transaction (so a
 * committed report is never forgotten, whatever crashes after), and after commit kicks the linker,
 * which drains the queue in chunks, each in a transaction holding one global lock — PostgreSQL's
 * `pg_advisory_xact_lock`, SQLite's single writer (taken first thing by a write) — so merges and
 * splits of different processes never interleave and each chunk sees every earlier one committed.
 * Every process drains at start too, so reports committed by a process that died are still linked.
 */
export function createNetworkLinker(deps: { db: Db; engine: Engine }, options: { onError?: (error: unknown) => void; queueVacuumEvery?: number } = {}) {
  const { db, engine } = deps;
  let draining: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let pendingTimer: NodeJS.Timeout | null = null;
  let pending = 0;
  let pendingSince = 0;
  const stale = new Set<string>();
  let lastGrowthSweep = 0;
  // Thresholds follow the distribution as the platform grows: re-checked after every quarter of growth
  // (geometric steps, so the scans they take cost O(1) amortised per report).
  let reportsSinceThresholds = 0;
  let indicatorsAtThresholds = 0;
  const hints = new Map<string, ReportHint>();
  // Whether every member sees a marking: stored markings never change, so this is never stale.
  const openMarkings = new Map<string, boolean>();
  let takenSinceVacuum = 0;

  async function withLock<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
    return db.transaction().execute(async (trx) => {
      if (engine === 'postgres') await sql`select pg_advisory_xact_lock(${NETWORK_LOCK_KEY})`.execute(trx);
      else await trx.updateTable('network_meta').set({ drains: sql`drains + 1` }).where('id', '=', 1).execute();
      return fn(trx);
    });
  }

  /**
   * withLock whose reads are all of one snapshot, taken once the lock is held (`gpos networks rebuild
   * --apply`, which reads the whole state in many statements, then writes over it). The lock keeps other
   * linkers out, but ingest and retraction commit without it: at PostgreSQL's READ COMMITTED each statement
   * saw them as of its own start (the indicators before a report's commit, its sightings after). SQLite's
   * lock is its one writer, so nothing commits meanwhile there. On PostgreSQL the lock is taken first, as a
   * session lock (it excludes the linkers' transaction locks of the same key), then a REPEATABLE READ
   * transaction starts, whose snapshot is taken at its first statement: inside it, pg_advisory_xact_lock
   * would be that statement, and the snapshot would miss a drain that committed while it waited.
   */
  async function withLockedSnapshot<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
    if (engine !== 'postgres') return withLock(fn);
    return db.connection().execute(async (connection) => {
      await sql`select pg_advisory_lock(${NETWORK_LOCK_KEY})`.execute(connection);
      let result: T;
      try {
        result = await connection.transaction().setIsolationLevel('repeatable read').execute(fn);
      } catch (error) {
        // Released with the session if the connection itself failed.
        await sql`select pg_advisory_unlock(${NETWORK_LOCK_KEY})`.execute(connection).catch(() => undefined);
        throw error;
      }
      await sql`select pg_advisory_unlock(${NETWORK_LOCK_KEY})`.execute(connection);
      return result;
    });
  }

  /** Queues the items; returns the queue positions of the reports among them. */
  async function queueItems(trx: Db, items: readonly QueueItem[]): Promise<Map<string, number>> {
    const at = nowIso();
    const reportSeqs = await insertQueueItems(trx, engine, 'report', items.filter((i) => i.kind === 'report').map((i) => i.id), at);
    await insertQueueItems(trx, engine, 'indicator', items.filter((i) => i.kind === 'indicator').map((i) => i.id), at);
    await insertQueueItems(trx, engine, 'organisation', items.filter((i) => i.kind === 'organisation').map((i) => i.id), at);
    await insertQueueItems(trx, engine, 'undo', items.filter((i) => i.kind === 'decision').map((i) => i.id), at);
    return reportSeqs;
  }
  async function enqueue(trx: Db, items: readonly QueueItem[]): Promise<void> {
    await queueItems(trx, items);
  }
  // The queue positions an ingest batch's transaction gave its reports, until the batch is remembered.
  const batchSeqs = new WeakMap<CommittedBatch, Map<string, number>>();

  /** Remembers what a committed batch says about its reports, for the drain that links them. */
  function remember(batch: CommittedBatch): void {
    const seqs = batchSeqs.get(batch);
    for (const r of batch.reports) {
      hints.delete(r.id); // re-inserted, so that eviction stays oldest first
      hints.set(r.id, { markingId: r.markingId, organisationId: batch.submitter.organisationId, indicatorIds: r.indicatorIds, fields: r.fields, seq: seqs?.get(r.id) });
    }
    for (const id of hints.keys()) {
      if (hints.size <= MAX_HINTS) break;
      hints.delete(id);
    }
  }

  /**
   * One chunk of the queue, under the lock; returns how many items it took, and how many it left when
   * fewer than `atLeast` were waiting (it then takes none).
   */
  async function drainChunk(trx: Db, atLeast = 1): Promise<{ taken: number; left: number }> {
    const items = await trx.selectFrom('network_queue').select(['seq', 'kind', 'target_id']).orderBy('seq').limit(LINK_CHUNK).execute();
    if (items.length === 0 || items.length < atLeast) return { taken: 0, left: items.length };
    const session = new LinkSession(trx, engine, await loadThresholds(trx), new Date());
    // Reports whose one item in this chunk is the one their hint's ingest queued: the hint describes
    // them as stored (see processReports).
    const queued = new Map<string, { seq: number; items: number }>();
    for (const item of items) {
      if (item.kind !== 'report') continue;
      const entry = queued.get(item.target_id);
      if (entry) entry.items += 1;
      else queued.set(item.target_id, { seq: Number(item.seq), items: 1 });
    }
    const reports = [...queued.keys()];
    const current = new Set(reports.filter((id) => queued.get(id)!.items === 1 && hints.get(id)?.seq === queued.get(id)!.seq));
    const indicators = new Set(items.filter((i) => i.kind === 'indicator').map((i) => i.target_id));
    const decisions = items.filter((i) => i.kind === 'undo').map((i) => i.target_id);
    if (decisions.length > 0) {
      for (const e of await trx.selectFrom('network_events').select(['id', 'indicator_id', 'kind']).where(inIds(engine, 'id', decisions)).execute()) {
        if (e.indicator_id === null) continue;
        indicators.add(e.indicator_id);
        (e.kind === 'confirm_link' ? session.confirmedBy : session.undoneBy).set(e.indicator_id, e.id);
      }
    }
    reportsSinceThresholds += reports.length;
    if (reportsSinceThresholds > Math.max(2000, indicatorsAtThresholds / 4)) {
      indicatorsAtThresholds = (await refreshThresholds(trx, engine)).indicators;
      reportsSinceThresholds = 0;
    }
    if (openMarkings.size > 10_000) openMarkings.clear();
    // First, so that the networks this session reads are recomputed already.
    for (const id of new Set(items.filter((i) => i.kind === 'organisation').map((i) => i.target_id))) await rehomeOrganisation(trx, engine, id, session.now, session.touched);
    const { countsDropped } = await session.processReports(reports, hints, openMarkings, current);
    for (const id of reports) hints.delete(id);
    if (countsDropped) {
      // A retraction or correction lowered some counts: held hubs may be back under their threshold, and
      // every hold whose degree is no longer its indicator's count is evaluated again, so that the review
      // queue keeps its degree and drops an indicator left with one report — as a rebuild writes them. (Only
      // the hubs were re-evaluated: a "does not link" or false positive of three reports, one retracted,
      // stayed held at degree 3, and at one report stayed in the review queue.)
      const back = await trx
        .selectFrom('link_holds as h')
        .innerJoin('indicators as i', 'i.id', 'h.indicator_id')
        .select('h.indicator_id')
        .where((eb) => eb.or([eb.and([eb('h.reason', '=', 'high_degree'), eb('i.report_count', '<=', eb.ref('h.threshold'))]), eb('i.report_count', '!=', eb.ref('h.degree'))]))
        .execute();
      for (const b of back) indicators.add(b.indicator_id);
    }
    await session.processIndicators([...indicators]);
    await session.finish();
    for (const id of session.stale) stale.add(id);
    await trx.deleteFrom('network_queue').where(inNumbers(engine, 'seq', items.map((i) => Number(i.seq)))).execute();
    return { taken: items.length, left: 0 };
  }

  /**
   * A chunk under the lock when at least `atLeast` items are waiting, counted first without it: the lock
   * is a transaction (on SQLite a write transaction), which a drain finding too few would otherwise take
   * and commit for nothing — after every full chunk of a bulk upload, and at the end of every settle.
   */
  async function drainIfWaiting(atLeast = 1): Promise<{ taken: number; left: number }> {
    const waiting = Number((await db.selectFrom(db.selectFrom('network_queue').select('seq').limit(atLeast).as('q')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    if (waiting < atLeast) return { taken: 0, left: waiting };
    const drained = await withLock((trx) => drainChunk(trx, atLeast));
    takenSinceVacuum += drained.taken;
    if (engine === 'postgres' && takenSinceVacuum >= (options.queueVacuumEvery ?? QUEUE_VACUUM_EVERY)) {
      takenSinceVacuum = 0;
      await vacuumQueue();
    }
    return drained;
  }

  /** Outside any transaction (VACUUM cannot run in one); skipped if another process is vacuuming it. */
  async function vacuumQueue(): Promise<void> {
    try {
      await sql`vacuum (skip_locked) network_queue`.execute(db);
    } catch (error) {
      // Housekeeping: linking goes on without it.
      options.onError?.(error);
    }
  }

  /**
   * Drains what is queued, then further chunks only while they are full: a partial rest waits like a
   * fresh commit (schedule), so a bulk upload, whose batches keep committing during a drain, is linked
   * in full chunks rather than in the leftovers of every drain — the fixed costs of a drain (lock,
   * commit, the touched network rows and the medians they need) are paid per chunk. Kicks during a
   * drain (a full chunk, the timer, a status change) drain again at once.
   */
  async function loop(): Promise<void> {
    do {
      again = false;
      let drained = await drainIfWaiting();
      while (!stopped && drained.taken === LINK_CHUNK) drained = await drainIfWaiting(LINK_CHUNK);
      if (drained.left > 0 && !stopped) schedule(drained.left);
    } while (again && !stopped);
  }

  /** Counts items waiting since a commit: drains at once when a chunk is full, else after a short quiet spell. */
  function schedule(items: number): void {
    const now = Date.now();
    if (pending === 0) pendingSince = now;
    pending += items;
    if (pending >= LINK_CHUNK || now - pendingSince >= DRAIN_MAX_WAIT_MS) return kick();
    if (pendingTimer) clearTimeout(pendingTimer);
    pendingTimer = setTimeout(kick, Math.min(DRAIN_DEBOUNCE_MS, pendingSince + DRAIN_MAX_WAIT_MS - now));
    pendingTimer.unref();
  }

  /** Schedules a drain (after a commit); returns at once. */
  function kick(): void {
    if (pendingTimer) clearTimeout(pendingTimer);
    pendingTimer = null;
    pending = 0;
    if (stopped) return;
    if (draining) {
      again = true;
      return;
    }
    draining = loop()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        draining = null;
      });
  }

  /** Drains until the queue is empty as seen from here (tests, CLI, rebuild). */
  async function settle(): Promise<void> {
    for (;;) {
      if (draining) {
        await draining;
        continue;
      }
      if ((await drainIfWaiting()).taken === 0) return;
    }
  }

  /** Medians of big networks and growth-dependent scores, refreshed off the ingest path. */
  async function sweep(): Promise<void> {
    const now = new Date();
    const { d30 } = growthCutoffs(now);
    await withLock(async (trx) => {
      const ids = new Set(stale);
      stale.clear();
      for (const row of await trx.selectFrom('networks').select('id').where('median_stale', '=', 1).limit(50).execute()) ids.add(row.id);
      for (const id of ids) {
        const losses = await trx.selectFrom('report_networks').select('loss_usd').where('network_id', '=', id).where('open', '=', 1).where('loss_usd', 'is not', null).execute();
        await trx.updateTable('networks').set({ open_loss_median: medianOf(losses.map((l) => Number(l.loss_usd))), median_stale: 0 }).where('id', '=', id).execute();
      }
      // Networks written before migration 007 get their list facts, a few hundred per sweep.
      const unlisted = await trx.selectFrom('networks').select('id').where('list_facts', 'is', null).limit(500).execute();
      if (unlisted.length > 0) {
        const facets = await facetsOf(trx, unlisted.map((r) => r.id), growthCutoffs(now).activityStart);
        for (const { id } of unlisted) await trx.updateTable('networks').set({ list_facts: listFactsOf(facets.get(id)!, now) }).where('id', '=', id).execute();
      }
      // Growth looks back 30 days from now: as days pass, networks without new reports fall back (hourly).
      if (Date.now() - lastGrowthSweep < GROWTH_SWEEP_MS) return;
      lastGrowthSweep = Date.now();
      const growing = await trx.selectFrom('networks').selectAll().where('growth30d', '>', 0).execute();
      for (const row of growing) {
        const facets = await trx.selectFrom('network_facets').select(['kind', 'value', 'count']).where('network_id', '=', row.id).where((eb) => eb.or([eb('kind', 'in', ['vc', 'rc']), eb.and([eb('kind', '=', 'day'), eb('value', '>=', d30)])])).execute();
        const growth = facets.filter((f) => f.kind === 'day').reduce((n, f) => n + Number(f.count), 0);
        if (growth === Number(row.growth30d)) continue;
        const score = scoreOf({
          lossUsdTotal: Number(row.open_loss_usd),
          reports: Number(row.open_reports),
          victimCountries: facets.filter((f) => f.kind === 'vc' && Number(f.count) > 0).length,
          reportingCountries: facets.filter((f) => f.kind === 'rc' && Number(f.count) > 0).length,
          growth30d: growth,
          confidenceSum: Number(row.open_confidence_sum),
        });
        await trx.updateTable('networks').set({ growth30d: growth, score }).where('id', '=', row.id).execute();
      }
    });
  }

  /** Queues items in a transaction of their own, then kicks the linker. */
  async function enqueueNow(items: readonly QueueItem[]): Promise<void> {
    await db.transaction().execute((trx) => enqueue(trx, items));
    kick();
  }

  return {
    withLock,
    withLockedSnapshot,
    enqueueNow,
    /** An indicator's status changed (false positive, back to active): its links are re-evaluated. */
    relinkIndicator(indicatorId: string): void {
      enqueueNow([{ kind: 'indicator', id: indicatorId }]).catch((error: unknown) => options.onError?.(error));
    },
    /** Report service hook, inside a retraction's transaction: the retracted report waits for the linker. */
    async withinRetraction(trx: Db, reportId: string): Promise<void> {
      await enqueue(trx, [{ kind: 'report', id: reportId }]);
    },
    enqueue,
    settle,
    kick,
    sweep,
    /** Ingest hook, inside the batch's transaction: the batch's reports wait for the linker. */
    async withinTransaction(trx: Db, batch: CommittedBatch): Promise<void> {
      batchSeqs.set(batch, await queueItems(trx, batch.reports.map((r) => ({ kind: 'report' as const, id: r.id }))));
    },
    /** Ingest (and retraction) hook, after commit: drains at once when a chunk is full, else after a short quiet spell. */
    onCommitted(batch?: CommittedBatch | string): void {
      if (stopped) return;
      if (typeof batch === 'object') remember(batch);
      schedule(typeof batch === 'object' ? batch.reports.length : 1);
    },
    /** Thresholds (when due), then whatever is queued, then the sweeper every 30 s. */
    async start(): Promise<void> {
      stopped = false;
      indicatorsAtThresholds = (await withLock((trx) => refreshThresholds(trx, engine))).indicators;
      kick();
      timer = setInterval(() => {
        if (!draining) sweep().catch((error: unknown) => options.onError?.(error));
      }, SWEEP_MS);
      timer.unref();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (pendingTimer) clearTimeout(pendingTimer);
      pendingTimer = null;
      if (timer) clearInterval(timer);
      timer = null;
      if (draining) await draining;
      hints.clear(); // what is still queued is read from the database when linking resumes
    },
    medianExactMax: MEDIAN_EXACT_MAX,
  };
}

export type NetworkLinker = ReturnType<typeof createNetworkLinker>;
