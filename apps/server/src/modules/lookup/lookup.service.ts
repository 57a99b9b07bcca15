import { CompiledQuery } from 'kysely';
import type { IndicatorType, LookupResult, VisibleIndicator } from '@gpos/contracts';
import { hitHandlesOf, type HitHandles } from '../../platform/hit-handles.js';
import type { ServerDeps } from '../../platform/context.js';
import type { MemberActor } from '../../platform/auth/index.js';
import { viewerOf } from '../../platform/sharing/index.js';
import { effectiveStatus, indicatorScore } from '../indicators/decay-policy.js';
import { lookupKey, type LookupKeyResult, type RawIndicator } from '../indicators/normalise/index.js';
import { POOL_MIN_ITEMS, type NormalisePool } from '../indicators/normalise/normalise-pool.js';
import { createSightingVisibility } from '../indicators/sighting-visibility.js';
import type { HiddenHolders, VisibleStats } from '../indicators/visible-stats.repository.js';
import type { CommittedBatch } from '../reports/ingest.service.js';
import type { WarninglistService } from '../warninglists/warninglist.service.js';
import { holdShownTo } from '../networks/link-policy.js';
import { createFilterFeed } from './filter-feed.js';
import { indicatorKey, MembershipFilter } from './membership-filter.js';

const REBUILD_PAGE = 2_000;
/**
 * The membership filter is sized for at least this many keys (~1.2 MB): growing it reads every indicator
 * back, which a database's first million indicators would otherwise cost at 100,000, 200,000, 400,000
 * and 800,000 keys.
 */
const MIN_FILTER_KEYS = 1_000_000;

/** An indicator's key, as the filter's rebuild reads it. */
type IndicatorKeyRow = { type: string; value: string };

/** `hold`: 'high_degree' when the degree guard holds it (link_holds), null otherwise; `threshold` the hold's. */
type IndicatorRow = { id: string; type: string; value: string; display: string; attributes: string; status: string; hold: string | null; threshold: number | string | null };

/** The hold that makes an indicator "widely shared"; the other holds (warninglist, false positive, an analyst's no-link) say so already. */
export const WIDELY_SHARED_HOLD = 'high_degree';

/** What a lookup answers for one key, the value's own (a result) or one it implies (a related entry). */
type Probe = Pick<LookupResult, 'type' | 'canonical' | 'found' | 'indicator' | 'hiddenHit'>;

/** A result's related entries, not yet looked up: one per derived key. */
function relatedOf(key: Extract<LookupKeyResult, { ok: true }>): LookupResult['related'] {
  if (key.derived === undefined) return [];
  return key.derived.map((d) => ({ type: d.type, canonical: d.value, found: false, indicator: null, hiddenHit: null }));
}

/**
 * Lookup: is this identifier known, and what may I see of it? Most lookups miss, and a miss is answered
 * from the in-memory membership filter without touching the database. Hits are fetched in one query per
 * batch, and their counts come from the viewer's visible sightings only; what the viewer may not see is
 * reported as a hit with its holders' kinds and countries — the way to ask for access, never the content.
 */
export function createLookupService(
  deps: Pick<ServerDeps, 'db' | 'engine'>,
  options: { warninglists: WarninglistService; decayDays: Record<IndicatorType, number>; normalisePool?: NormalisePool },
) {
  const { db, engine } = deps;
  const visibility = createSightingVisibility(deps);
  // Indicators by their key (type, value), through the unique key index. One SQL text whatever the number
  // of keys (array or JSON parameters), so the prepared statement is reused; a single lookup's one key by
  // plain equality. A hold is a primary-key probe of a small table, for the hits only.
  const selected = 'i.id, i.type, i.value, i.display, i.attributes, i.status, h.reason as hold, h.threshold';
  const holdJoin = `left join link_holds h on h.indicator_id = i.id and h.reason = '${WIDELY_SHARED_HOLD}'`;
  const indicatorsByKeySql =
    engine === 'postgres'
      ? // A probe per key: on tables written faster than they are analysed, a join to the key list may be planned as a scan.
        `select x.* from unnest($1::text[], $2::text[]) as k(type, value) cross join lateral (select ${selected} from indicators i ${holdJoin} where i.type = k.type and i.value = k.value offset 0) as x`
      : `select ${selected} from json_each(?) as k join indicators i on i.type = k.value ->> 0 and i.value = k.value ->> 1 ${holdJoin}`;
  const indicatorByKeySql = `select ${selected} from indicators i ${holdJoin} where i.type = ${engine === 'postgres' ? '$1' : '?'} and i.value = ${engine === 'postgres' ? '$2' : '?'}`;
  const byKeyQuery = (keys: readonly { type: string; value: string }[]) => {
    if (keys.length === 1) return CompiledQuery.raw(indicatorByKeySql, [keys[0]!.type, keys[0]!.value]);
    return engine === 'postgres'
      ? CompiledQuery.raw(indicatorsByKeySql, [keys.map((k) => k.type), keys.map((k) => k.value)])
      : CompiledQuery.raw(indicatorsByKeySql, [JSON.stringify(keys.map((k) => [k.type, k.value]))]);
  };
  // A page of indicator keys in the key index's order, after a key (a row value comparison, which both
  // engines answer from the index: SQLite as a covering-index search, PostgreSQL as an index scan).
  const keyPageSql = (from: string) => `select type, value from indicators${from} order by type, value limit ${REBUILD_PAGE}`;
  const firstKeyPageSql = keyPageSql('');
  const nextKeyPageSql = keyPageSql(engine === 'postgres' ? ' where (type, value) > ($1, $2)' : ' where (type, value) > (?, ?)');
  const keyPageQuery = (after: IndicatorKeyRow | null) =>
    after === null ? CompiledQuery.raw(firstKeyPageSql, []) : CompiledQuery.raw(nextKeyPageSql, [after.type, after.value]);
  let filter = new MembershipFilter(MIN_FILTER_KEYS);
  /**
   * Whether the filter holds every stored key. Until the first rebuild has read them all, every valid
   * key is looked up in the database: slower, never wrong. A server starts answering before that scan
   * (a few seconds at a million indicators); a CLI process never needs it.
   */
  let filterComplete = false;
  /** The filter a rebuild is filling: keys added meanwhile go into both, so the swap loses none. */
  let building: MembershipFilter | null = null;
  let rebuilding: Promise<void> | null = null;

  /** Adds keys not in the filter yet; grows the filter (a rebuild) when they fill it. */
  function addKeys(keys: readonly { type: string; value: string }[]): void {
    let full = false;
    for (const { type, value } of keys) {
      // Only keys that set a bit are counted, so the filter counts distinct keys and grows when they,
      // not re-sightings, fill it.
      if (!filter.mightContainIndicator(type, value)) full = !filter.add(indicatorKey(type, value)) || full;
      if (building && !building.mightContainIndicator(type, value)) building.add(indicatorKey(type, value));
    }
    // Grow before the false-positive rate climbs; until the new filter is ready the old one still answers.
    if (full && !rebuilding) rebuilding = rebuild().finally(() => (rebuilding = null));
  }
  // Indicators other processes add (another server on the same PostgreSQL, `gpos import` beside a server).
  const feed = createFilterFeed(db, engine, addKeys);

  /**
   * Reads every indicator key once (streamed in pages) into a filter sized for growth. Pages of 2,000:
   * with 20,000 a page's rows outlived two young-generation collections and were promoted, and the old
   * space kept ~75 MB of them after start-up at 1,000,000 indicators (idle RSS 234 → 160 MB). The pages
   * follow the unique key index (type, value), which holds all the filter needs: an index-only read, where
   * paging by id walked the id index and fetched every row from the table (at 1,000,000 indicators on
   * SQLite, 1.3–1.5 s against 2.0–2.9 s; the order of the keys is nothing to the filter). The change
   * feed's end is marked first: the first rebuild starts the follower there, so a report another process
   * commits during the scan is read from the feed even when its rows were behind the scan's cursor.
   */
  async function rebuild(): Promise<void> {
    const feedStart = await feed.mark();
    const count = Number((await db.selectFrom('indicators').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const next = new MembershipFilter(Math.max(MIN_FILTER_KEYS, Math.ceil(count * 2)));
    building = next;
    try {
      let after: IndicatorKeyRow | null = null;
      for (;;) {
        const { rows }: { rows: IndicatorKeyRow[] } = await db.executeQuery<IndicatorKeyRow>(keyPageQuery(after));
        for (const row of rows) next.add(indicatorKey(row.type, row.value));
        if (rows.length < REBUILD_PAGE) break;
        after = rows[rows.length - 1]!;
        // SQLite answers synchronously, so without this the whole scan (~1.4 s at a million indicators)
        // would run as one chain of microtasks and no request would be served until it ended.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      building = null;
    }
    filter = next;
    filterComplete = true;
    if (!feed.placed()) await feed.from(feedStart);
  }

  /** The server's start: the filter is built, then kept current with what other processes commit. */
  let following: Promise<void> | null = null;
  function follow(onError: (error: unknown) => void, onBuilt?: (built: { keys: number; ms: number }) => void): void {
    const started = performance.now();
    following ??= (rebuilding ??= rebuild().finally(() => (rebuilding = null)))
      .then(() => {
        onBuilt?.({ keys: filter.size, ms: Math.round(performance.now() - started) });
        return feed.start(onError);
      })
      .catch((error: unknown) => {
        following = null; // lookups go on asking the database for every key
        onError(error);
      });
  }

  /**
   * Inside the ingest's transaction: its reports are marked as this process's before their feed rows
   * can be seen, so the follower never reads back keys that onCommitted adds.
   */
  async function withinTransaction(_trx: unknown, batch: CommittedBatch): Promise<void> {
    feed.committedHere(batch.reports.map((r) => r.id));
  }

  function onCommitted(batch: CommittedBatch): void {
    addKeys(batch.indicators);
  }

  function present(row: IndicatorRow, stats: VisibleStats): VisibleIndicator {
    const type = row.type as IndicatorType;
    const benign = options.warninglists.isBenign(row.type, row.value);
    const status = effectiveStatus(row.status, type, stats.lastSeen, options.decayDays) as VisibleIndicator['status'];
    return {
      id: row.id,
      type,
      value: row.value,
      display: row.display,
      attributes: JSON.parse(row.attributes) as Record<string, string>,
      status,
      benign,
      // Only when the viewer's own reports are over the threshold: see holdShownTo.
      widelyShared: row.hold === WIDELY_SHARED_HOLD && holdShownTo(row.hold, stats.reports, Number(row.threshold)),
      score: indicatorScore({ reports: stats.reports, organisations: stats.organisations, countries: stats.countries.length, lossUsdCents: stats.lossUsd, status, benign }),
      reports: stats.reports,
      organisations: stats.organisations,
      countries: stats.countries,
      scamTypes: stats.scamTypes,
      roles: stats.roles,
      lossUsd: stats.lossUsd,
      firstSeen: stats.firstSeen,
      lastSeen: stats.lastSeen,
    };
  }

  // The access request names the identifier by its hit handle, never its id: a UUIDv7 dates its first report (hit-handles.ts).
  const hiddenHitWith = (handles: HitHandles, id: string, hidden: HiddenHolders | undefined) =>
    hidden ? { holders: hidden.holders, accessRequest: { method: 'POST' as const, href: `/api/v1/indicators/${handles.of(id)}/access-requests` } } : null;
  const hiddenHitOf = async (id: string, hidden: HiddenHolders | undefined) => (hidden ? hiddenHitWith(await hitHandlesOf(db), id, hidden) : null);

  return {
    rebuild,
    withinTransaction,
    onCommitted,
    /**
     * Builds the filter in the background, then follows the change feed (a server process): other
     * processes' indicators reach the filter within FEED_POLL_MS.
     */
    follow,
    /** Whether the filter answers misses yet (see filterComplete). */
    filterComplete: () => filterComplete,
    async stopFollowing(): Promise<void> {
      await following;
      await feed.stop();
    },
    present,
    hiddenHitOf,
    filterStats: () => ({ keys: filter.size, bytes: filter.bytes }),

    async lookup(actor: MemberActor, items: RawIndicator[]): Promise<LookupResult[]> {
      const context = { reporterCountry: actor.organisationCountry };
      // Only keys are looked up: the value's own, and those of the indicators it implies (a URL's domain, a
      // WhatsApp account's phone: `related`) — the display and attributes a full normalisation would add
      // are never read here (the answer shows the stored indicator), and the types that imply nothing
      // (phones, bank accounts, wallets: most lookups) are never normalised in full (see lookupKey). The
      // items are the schema's output, each as the normalisers take it: a hint not given is absent.
      // A large batch is normalised in a worker thread (see NormalisePool): the same keys, off this thread.
      const pool = options.normalisePool;
      const keys = pool && items.length >= POOL_MIN_ITEMS ? await pool.keys(items, context) : items.map((raw) => lookupKey(raw, context));
      const results: LookupResult[] = items.map((item, i) => {
        const key = keys[i]!;
        if (!key.ok) {
          return { input: item.value, type: item.type ?? null, canonical: null, error: { field: key.field, reason: key.reason, code: key.code, params: key.params }, found: false, indicator: null, hiddenHit: null, related: [] };
        }
        return { input: item.value, type: key.type, canonical: key.value, error: null, found: false, indicator: null, hiddenHit: null, related: relatedOf(key) };
      });
      // Related keys go through the same filter, the same query and the same visibility call as the values'.
      const mightBeStored = (type: string, value: string) => !filterComplete || filter.mightContainIndicator(type, value);
      const candidates: Probe[] = [];
      for (const r of results) {
        if (r.canonical !== null && mightBeStored(r.type!, r.canonical)) candidates.push(r);
        for (const related of r.related) if (mightBeStored(related.type, related.canonical)) candidates.push(related);
      }
      if (candidates.length === 0) return results;

      const wanted = new Map<string, { type: string; value: string }>();
      for (const c of candidates) wanted.set(indicatorKey(c.type!, c.canonical!), { type: c.type!, value: c.canonical! });
      const { rows } = await db.executeQuery<IndicatorRow>(byKeyQuery([...wanted.values()]));
      const byKey = new Map(rows.map((row) => [indicatorKey(row.type, row.value), row]));
      const viewer = await viewerOf(db, actor);
      const { stats, hidden } = await visibility.forViewer(viewer, rows.map((r) => r.id));
      const handles = hidden.size > 0 ? await hitHandlesOf(db) : null;
      for (const result of candidates) {
        const row = byKey.get(indicatorKey(result.type!, result.canonical!));
        if (!row) continue;
        const visible = stats.get(row.id);
        const hiddenHit = handles ? hiddenHitWith(handles, row.id, hidden.get(row.id)) : null;
        result.found = visible !== undefined || hiddenHit !== null;
        result.indicator = visible ? present(row, visible) : null;
        result.hiddenHit = hiddenHit;
      }
      return results;
    },
  };
}

export type LookupService = ReturnType<typeof createLookupService>;
