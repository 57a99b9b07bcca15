import { sql, type RawBuilder } from 'kysely';
import { EventEmitter } from 'node:events';
import type { IndicatorStatusChangedData, IndicatorType, PlatformEvent, WatchMatchData } from '@gpos/contracts';
import type { IndicatorStatusChange } from '../indicators/indicator.service.js';
import type { z } from 'zod';
import { LIMITS, type createWatchlistSchema, type WebhookStatus } from '@gpos/contracts';
import { hitHandlesOf } from '../../platform/hit-handles.js';
import type { ServerDeps } from '../../platform/context.js';
import type { Db, Engine } from '../../db/index.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import { can, type MemberActor } from '../../platform/auth/index.js';
import { randomToken, sha256Hex } from '../../platform/crypto.js';
import { AppError, coded, notFound, quotingValue } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { newId, nowIso } from '../../platform/ids.js';
import { endpointShown } from '../../platform/secret-fields.js';
import { decodeCursor, pageFrom } from '../../platform/pagination.js';
import { LATE_COMMIT_GRACE_MS } from '../../platform/feed/feed-cursor.js';
import { createFeedFollower } from '../../platform/feed/feed-follower.js';
import type { CommittedBatch } from '../reports/ingest.service.js';
import { mayReadEvent, unreadableEventTypes } from './event-audience.js';
import { rejudgeEvents } from './event-rejudge.js';
import { storeEvents } from './event-store.js';
import { WatchIndex, type Watch } from './watch-index.js';
import { indicatorViews, judgeMatches, type RawMatch } from './watch-visibility.js';
import { duplicateWatch, readWatchPattern, watchRefusalError } from './watch-input.js';
import { deliveryStates, retryFailed, sendDueDeliveries, sendTestDelivery } from './webhook-deliveries.js';
import { streamCredentialCheck } from './stream-credential.js';
import { webhookRefusals, webhookUrlRefusal } from './webhook-url.js';
import { quote } from './watch-pattern.js';

/** With the organisation's id hashed, the advisory lock of watchlist and webhook creation (two-key form: no other lock of the platform uses it). */
const WATCHLIST_LOCK_KEY = 7_340_700;

/**
 * Taken first by a transaction that checks an organisation's watchlists or webhooks (their limits, a
 * duplicate) and then adds one: two at once (two servers on one PostgreSQL) would otherwise both pass
 * the checks. SQLite's one writer runs such a transaction alone.
 */
async function lockOrganisationWatches(trx: Db, engine: Engine, organisationId: string): Promise<void> {
  if (engine === 'postgres') await sql`select pg_advisory_xact_lock(${WATCHLIST_LOCK_KEY}, hashtext(${organisationId}))`.execute(trx);
}
export { retryDelayMs, SIGNATURE_HEADER, signPayload } from './webhook-deliveries.js';

/** How often the events table is read for events other processes recorded (the live stream's delay for them). */
export const EVENT_POLL_MS = 500;

/** A status change of an indicator, as a watcher is told of it (`indicator.status_changed`): `reasonCode` is `decay.expired` for the decay policy's sweep, null for a person's decision. */
export type WatchedStatusChange = IndicatorStatusChange & { reasonCode: 'decay.expired' | null };

type EventRow = { seq: number | string; id: string; organisation_id: string; type: string; payload: string; created_at: string };

/**
 * Watchlists, events and webhooks. A partner registers what it cares about (an identifier, its own
 * account or phone ranges, its domains); when a matching indicator is reported the organisation gets an
 * event — written in the same transaction as the report, so none is lost — on the live stream and to
 * each of its webhooks, signed and retried with backoff until delivered (at-least-once; the event id
 * lets receivers drop repeats). An event says which watched identifier was hit and names the batch's
 * reports of it that the organisation may see (their content is read through the sharing policy), never
 * the others. Which matches an organisation is told
 * of at all is the sharing policy's to say too (matchWithinTransaction).
 */
export function createWatchService(deps: Pick<ServerDeps, 'db' | 'engine' | 'credentialCache' | 'config'>, options: { allowPrivateWebhooks: boolean }) {
  const { db, engine } = deps;
  let index = new WatchIndex();
  const live = new EventEmitter();
  live.setMaxListeners(0);
  let timer: NodeJS.Timeout | null = null;
  /** Takes up other processes' watchlist changes (follow): in every process that ingests, a server or the CLI. */
  let followTimer: NodeJS.Timeout | null = null;
  /** The delivery run under way, which a second call joins and stop() waits for. */
  let deliveryRun: Promise<void> | null = null;

  /** The watchlists the index holds, as their ids in order: another process's create or delete changes it. */
  let loaded = '';
  const idsOf = async () => (await db.selectFrom('watchlists').select('id').orderBy('id').execute()).map((r) => r.id).join(',');

  async function reload(): Promise<void> {
    const rows = await db.selectFrom('watchlists').selectAll().orderBy('id').execute();
    index = new WatchIndex(rows.map((r) => ({ id: r.id, organisationId: r.organisation_id, name: r.name, kind: r.kind as Watch['kind'], indicatorType: r.indicator_type, pattern: r.pattern })));
    loaded = rows.map((r) => r.id).join(',');
  }

  /**
   * Watchlists are matched in the process that ingests, from this in-memory index. One created or
   * removed through another process (a second server on the same PostgreSQL) is taken up here within a
   * tick of the timer: the ids are compared (a short list, one indexed read) and the index rebuilt when
   * they differ. Watchlists are never edited in place, only created and removed.
   */
  async function reloadIfChanged(): Promise<void> {
    if ((await idsOf()) !== loaded) await reload();
  }

  /**
   * Events other processes record (a second server on the same database, `gpos import` beside a server)
   * reach their webhooks through the deliveries table, which every server works through; to reach this
   * server's live stream they are read from the events table in insert order (PostgreSQL's `seq` from
   * migration 016, SQLite's rowid) and broadcast, all but those recorded here (marked by `committedHere`
   * in their transaction), which afterCommit broadcast already.
   */
  const eventColumns = sql.raw(`${engine === 'postgres' ? 'seq' : 'rowid as seq'}, id, organisation_id, type, payload, created_at`);
  const seqColumn = sql.raw(engine === 'postgres' ? 'seq' : 'rowid');

  /**
   * The events a stream that last received `lastId` may lack, as a condition, the column they are paged
   * by, where paging starts and where the events after the last one start. Events are numbered in insert order (`seq`); the client received
   * everything committed before it left, so what it lacks was committed later: every event numbered
   * after its last one and, on PostgreSQL, where a transaction can commit after a later number is
   * visible, the events numbered before it in the grace window (`LATE_COMMIT_GRACE_MS`) before it was
   * recorded. Those may repeat some the client has (at-least-once: the event id tells repeats). SQLite has
   * one writer, so its numbers are in commit order and nothing before the last event is sent again. An id
   * that is not one of the organisation's events (unknown, another organisation's) resumes after it in
   * id (time) order.
   */
  async function missedRange(org: string, lastId: string): Promise<{ where: RawBuilder<unknown>; key: 'id' | 'rowid' | 'seq'; start: string | number; last: string | number }> {
    const { rows: found } = await sql<{ seq: number | string; created_at: string }>`select ${seqColumn} as seq, created_at from events where organisation_id = ${org} and id = ${lastId}`.execute(db);
    const last = found[0];
    if (!last) return { where: sql`organisation_id = ${org}`, key: 'id', start: lastId, last: lastId };
    const lastSeq = Number(last.seq);
    if (engine !== 'postgres') return { where: sql`organisation_id = ${org}`, key: 'rowid', start: lastSeq, last: lastSeq };
    const windowStart = new Date(new Date(last.created_at).getTime() - LATE_COMMIT_GRACE_MS).toISOString();
    // Paging starts at the window's lowest number: the events numbered after the last one follow it.
    const { rows: lowest } = await sql<{ seq: number | string | null }>`select min(seq) as seq from events where organisation_id = ${org} and seq < ${lastSeq} and created_at >= ${windowStart}`.execute(db);
    const start = lowest[0]?.seq == null ? lastSeq : Number(lowest[0].seq) - 1;
    return { where: sql`organisation_id = ${org} and seq <> ${lastSeq} and (seq > ${lastSeq} or created_at >= ${windowStart})`, key: 'seq', start, last: lastSeq };
  }
  const eventFeed = createFeedFollower<EventRow>({
    pollMs: EVENT_POLL_MS,
    page: 500,
    localKey: (row) => row.id,
    source: {
      async end() {
        const { rows } = await sql<{ seq: number | string | null }>`select max(${seqColumn}) as seq from events`.execute(db);
        return Number(rows[0]?.seq ?? 0);
      },
      async near(start, window) {
        const { rows } = await sql<{ seq: number | string }>`select ${seqColumn} as seq from events where ${seqColumn} > ${start - window} and ${seqColumn} <= ${start}`.execute(db);
        return rows.map((r) => Number(r.seq));
      },
      async read(after, gaps, limit) {
        const inGaps = gaps.length === 0 ? sql`` : sql` or ${seqColumn} in (${sql.join(gaps)})`;
        const { rows } = await sql<EventRow>`select ${eventColumns} from events where ${seqColumn} > ${after}${inGaps} order by ${seqColumn} limit ${limit}`.execute(db);
        return rows;
      },
    },
    handle(rows) {
      for (const row of rows) broadcast(row.organisation_id, { id: row.id, type: row.type as PlatformEvent['type'], createdAt: row.created_at, data: JSON.parse(row.payload) as Record<string, unknown> });
    },
  });

  /** Stores the events (event-store.ts) and marks them as this server's: it broadcasts them at commit itself. */
  async function recordEvents(trx: typeof db, events: { organisationId: string; type: PlatformEvent['type']; data: object }[]): Promise<PlatformEvent[]> {
    const stored = await storeEvents(trx, events);
    eventFeed.committedHere(stored.map((e) => e.id));
    return stored;
  }

  /** Events recorded within a transaction (an ingest batch's, a status change's), broadcast once it commits. */
  const pendingBroadcasts = new WeakMap<object, { organisationId: string; event: PlatformEvent }[]>();

  /**
   * An organisation is told of a hidden hit once per identifier (migrations 022, 024): the first report it
   * may not see that names the value is the hit; later ones, and corrections of them, add nothing the
   * organisation may know — an event each would count them and date them. Kept per organisation, not per
   * watch, so a watch deleted and made again is not told again. Matches it may see pass as they are.
   */
  async function onceHidden<M extends { watch: { organisationId: string }; indicator: { id: string }; visible: boolean }>(trx: typeof db, matches: M[]): Promise<M[]> {
    const hidden = matches.filter((m) => !m.visible);
    if (hidden.length === 0) return matches;
    const keyOf = (m: M) => `${m.watch.organisationId}/${m.indicator.id}`;
    const told = new Set(
      (
        await trx
          .selectFrom('organisation_hidden_hits')
          .select(['organisation_id', 'indicator_id'])
          .where('organisation_id', 'in', [...new Set(hidden.map((m) => m.watch.organisationId))])
          .where('indicator_id', 'in', [...new Set(hidden.map((m) => m.indicator.id))])
          .execute()
      ).map((r) => `${r.organisation_id}/${r.indicator_id}`),
    );
    // One event per organisation and identifier, even when a batch names the value twice.
    const fresh = new Map<string, M>();
    for (const m of hidden) if (!told.has(keyOf(m)) && !fresh.has(keyOf(m))) fresh.set(keyOf(m), m);
    if (fresh.size > 0) {
      const at = nowIso();
      // Another server's ingest may tell the same hit at the same moment (PostgreSQL): the row that lands
      // first wins, this insert then waits for it and adds nothing, and only what it added is told here.
      const added = await trx
        .insertInto('organisation_hidden_hits')
        .values([...fresh.values()].map((m) => ({ organisation_id: m.watch.organisationId, indicator_id: m.indicator.id, at })))
        .onConflict((oc) => oc.columns(['organisation_id', 'indicator_id']).doNothing())
        .returning(['organisation_id', 'indicator_id'])
        .execute();
      const kept = new Set(added.map((r) => `${r.organisation_id}/${r.indicator_id}`));
      for (const key of [...fresh.keys()]) if (!kept.has(key)) fresh.delete(key);
    }
    return matches.filter((m) => m.visible || fresh.get(keyOf(m)) === m);
  }

  /**
   * Inside the ingest transaction: matches and stores events (and their webhook deliveries). Each match
   * is judged by the sharing policy for the watching organisation (watch-visibility.ts): told in full
   * when a report of the batch that it may see names the identifier, as a hit without the reports when
   * only hidden ones do and its watch named the value exactly, not at all for a prefix or domain watch.
   * Most batches match nothing and cost no query here.
   */
  async function matchWithinTransaction(trx: typeof db, batch: CommittedBatch): Promise<void> {
    const raw: RawMatch[] = [];
    for (const indicator of batch.indicators) for (const watch of index.match(indicator.type, indicator.value)) raw.push({ watch, indicator });
    if (raw.length === 0) return;
    const judgedMatches = await onceHidden(trx, await judgeMatches(trx, batch, raw));
    // Read through the transaction: on SQLite the database's one connection is its own until it ends.
    const handles = judgedMatches.some((m) => !m.visible) ? await hitHandlesOf(db, trx) : null;
    const found = judgedMatches.map(({ watch, indicator, ...judged }) => {
      const watchlist = { id: watch.id, name: watch.name, kind: watch.kind, pattern: watch.pattern };
      const lookup = `/api/v1/lookup?type=${encodeURIComponent(indicator.type)}&value=${encodeURIComponent(indicator.value)}`;
      const data: WatchMatchData = judged.visible
        ? { watchlist, indicator: { id: indicator.id, type: indicator.type as IndicatorType, value: indicator.value }, reports: judged.reportIds, change: batch.change, lookup }
        : // No indicator id beside the value: its page answers 404 to this organisation; the access request names it, as lookup's does.
          // …by its hit handle: the id, a UUIDv7, would date the first report of it (hit-handles.ts).
          { watchlist, indicator: { type: indicator.type as IndicatorType, value: indicator.value }, hiddenHit: { holders: judged.holders, accessRequest: { method: 'POST', href: `/api/v1/indicators/${handles!.of(indicator.id)}/access-requests` } }, lookup };
      return { organisationId: watch.organisationId, type: 'watch.match' as const, data };
    });
    const events = await recordEvents(trx, found);
    pendingBroadcasts.set(batch, events.map((event, i) => ({ organisationId: found[i]!.organisationId, event })));
  }

  /**
   * Inside a status change's transaction (a person's decision, or the decay sweep's window): an
   * `indicator.status_changed` event to each organisation whose watch matches a changed identifier, by
   * the sharing policy for the organisation as a whole (indicatorStatusChangedDataSchema says who is told
   * what). `key` names the transaction for `afterCommit`. Changes no watch matches cost no query.
   */
  async function statusChangesWithinTransaction(trx: typeof db, key: object, changes: readonly WatchedStatusChange[]): Promise<void> {
    const raw = changes.flatMap((change) => index.match(change.type, change.value).map((watch) => ({ watch, change })));
    if (raw.length === 0) return;
    const views = await indicatorViews(
      trx,
      raw.map((m) => ({ organisationId: m.watch.organisationId, indicatorId: m.change.indicatorId })),
    );
    const found = raw.flatMap(({ watch, change }) => {
      const view = views.get(`${watch.organisationId}/${change.indicatorId}`);
      if (!view || !(change.reasonCode === null ? view.some : view.all)) return [];
      const data: IndicatorStatusChangedData = {
        watchlist: { id: watch.id, name: watch.name, kind: watch.kind, pattern: watch.pattern },
        indicator: { id: change.indicatorId, type: change.type as IndicatorType, value: change.value },
        status: change.status,
        previousStatus: change.previousStatus,
        reason: change.reason,
        reasonCode: change.reasonCode,
        at: change.at,
        lookup: `/api/v1/lookup?type=${encodeURIComponent(change.type)}&value=${encodeURIComponent(change.value)}`,
      };
      return [{ organisationId: watch.organisationId, type: 'indicator.status_changed' as const, data }];
    });
    const events = await recordEvents(trx, found);
    if (events.length > 0) pendingBroadcasts.set(key, events.map((event, i) => ({ organisationId: found[i]!.organisationId, event })));
  }

  /**
   * Stored events as they may be told now (event-rejudge.ts): a match whose reports were since narrowed
   * or retracted is left out, one some of whose reports were names only the others. For what is read
   * back from the table (a stream's replay, the recent list); what is broadcast at commit was judged then.
   */
  async function tellableNow(rows: readonly Omit<EventRow, 'seq'>[]): Promise<PlatformEvent[]> {
    const events = rows.map((r) => ({ id: r.id, organisationId: r.organisation_id, type: r.type, createdAt: r.created_at, data: JSON.parse(r.payload) as Record<string, unknown> }));
    const judged = await rejudgeEvents(db, events);
    return events.flatMap((e, i) => (judged[i] ? [{ id: e.id, type: e.type as PlatformEvent['type'], createdAt: e.createdAt, data: judged[i] }] : []));
  }

  function broadcast(organisationId: string, event: PlatformEvent): void {
    live.emit(organisationId, event);
  }

  /**
   * Sends the due webhook deliveries (one run at a time: a call during a run joins it). Failures stay
   * pending in the table and are retried by a later run, so a caller never needs to handle them.
   */
  function deliverDue(): Promise<void> {
    deliveryRun ??= sendDueDeliveries(db, { publicOnly: !options.allowPrivateWebhooks })
      .catch(() => undefined)
      .finally(() => {
        deliveryRun = null;
      });
    return deliveryRun;
  }

  function checkWebhookUrl(url: string): void {
    const refused = options.allowPrivateWebhooks ? null : webhookUrlRefusal(url);
    if (!refused) return;
    const error = quotingValue({ path: 'body.url', ...refused }, quote(endpointShown(url)));
    throw new AppError('validation_failed', `body.url: ${error.message}`, { errors: [error] });
  }

  return {
    reload,
    matchWithinTransaction,
    statusChangesWithinTransaction,
    /** After an ingest batch or a status change committed: its events to the live stream and the webhooks. */
    afterCommit(key: object): void {
      const pending = pendingBroadcasts.get(key) ?? [];
      pendingBroadcasts.delete(key);
      for (const { organisationId, event } of pending) broadcast(organisationId, event);
      // Only a started service (a server) sends at once. A process that never started it (`gpos import`,
      // `gpos demo`) leaves its deliveries pending for the servers, which take them within a tick: it
      // may exit mid-send, and it may not have the server's settings (private webhooks allowed), so its
      // failed attempts would burn retries that a server's would not.
      if (pending.length > 0 && timer !== null) void deliverDue();
    },
    subscribe(organisationId: string, listener: (event: PlatformEvent) => void): () => void {
      live.on(organisationId, listener);
      return () => live.off(organisationId, listener);
    },
    /** For an open stream: whether the credential it was opened with still stands (stream-credential.ts). */
    credentialCheck: (actor: MemberActor, authorization: string | undefined) => streamCredentialCheck(deps, actor, authorization),
    /** Webhook deliveries, other processes' watchlist changes, and (with `onError`) other processes' events for the live stream. */
    /**
     * Takes up within a second the watchlists created or deleted through another process. Every process
     * that ingests matches from its own index: `gpos import` of a million lines ran on the watchlists of its
     * start, missing what a watch created meanwhile should have caught (watchlists review, session 59).
     */
    follow(): void {
      followTimer ??= setInterval(() => void reloadIfChanged().catch(() => undefined), 1000);
      followTimer.unref();
    },
    unfollow(): void {
      if (followTimer) clearInterval(followTimer);
      followTimer = null;
    },
    async start(onError?: (error: unknown) => void): Promise<void> {
      timer ??= setInterval(() => void deliverDue(), 1000);
      timer.unref();
      if (onError && !eventFeed.running()) {
        await eventFeed.from(await eventFeed.mark());
        eventFeed.start(onError);
      }
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      if (followTimer) clearInterval(followTimer);
      followTimer = null;
      // A run under way still writes its outcomes: the database must outlive it.
      await deliveryRun;
      await eventFeed.stop();
    },
    deliverDue,

    async list(actor: MemberActor) {
      const rows = await db.selectFrom('watchlists').selectAll().where('organisation_id', '=', actor.organisationId).orderBy('id', 'desc').execute();
      return { items: rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind as Watch['kind'], indicatorType: r.indicator_type as IndicatorType, pattern: r.pattern, createdAt: r.created_at })), nextCursor: null };
    },

    async create(actor: MemberActor, context: AuditContext, input: z.output<typeof createWatchlistSchema>) {
      const read = readWatchPattern(input, actor.organisationCountry);
      if (!read.ok) throw watchRefusalError(read);
      const pattern = read.pattern;
      const row = { id: newId(), organisation_id: actor.organisationId, name: input.name, kind: input.kind, indicator_type: input.indicatorType, pattern, created_by_user_id: actor.kind === 'user' ? actor.userId : null, created_at: nowIso() };
      await db.transaction().execute(async (trx) => {
        await lockOrganisationWatches(trx, engine, actor.organisationId);
        const count = await trx.selectFrom('watchlists').select((eb) => eb.fn.countAll<number>().as('n')).where('organisation_id', '=', actor.organisationId).executeTakeFirstOrThrow();
        if (Number(count.n) >= LIMITS.watchlistsPerOrganisation) throw coded('conflict', refusals.say('refusal.watchlists_full', { limit: LIMITS.watchlistsPerOrganisation }));
        // The same watch twice would send every match twice.
        const same = await trx.selectFrom('watchlists').select('name').where('organisation_id', '=', actor.organisationId).where('kind', '=', input.kind).where('indicator_type', '=', input.indicatorType).where('pattern', '=', pattern).executeTakeFirst();
        if (same) throw duplicateWatch(input.pattern, { name: same.name, pattern });
        await trx.insertInto('watchlists').values(row).execute();
        await appendAudit(trx, engine, context, { action: 'watchlist.create', targetType: 'watchlist', targetId: row.id, summary: { kind: row.kind, type: row.indicator_type, pattern } });
      });
      await reload();
      return { id: row.id, name: row.name, kind: input.kind, indicatorType: input.indicatorType, pattern, createdAt: row.created_at };
    },

    async remove(actor: MemberActor, context: AuditContext, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const removed = await trx.deleteFrom('watchlists').where('id', '=', id).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
        if (Number(removed.numDeletedRows) === 0) throw notFound(`Watchlist ${id}`);
        // The hidden hits it told stay told (organisation_hidden_hits): made again, it is not told them twice.
        // Its events' webhook deliveries still owed are withdrawn when they come due (watch-gone.ts), not
        // here: finding them would mean reading every owed event's payload, and a delete on another server,
        // or a match made on an index a tick stale, would need the same rule at sending anyway.
        await appendAudit(trx, engine, context, { action: 'watchlist.delete', targetType: 'watchlist', targetId: id });
      });
      await reload();
    },

    async listWebhooks(actor: MemberActor) {
      const rows = await db.selectFrom('webhooks').select(['id', 'url', 'status', 'created_at', 'access_requests']).where('organisation_id', '=', actor.organisationId).orderBy('id', 'desc').execute();
      const states = await deliveryStates(db, rows.map((r) => r.id));
      return { items: rows.map((r) => ({ id: r.id, url: r.url, status: r.status as WebhookStatus, createdAt: r.created_at, accessRequests: Number(r.access_requests) === 1, deliveries: states.get(r.id)! })), nextCursor: null };
    },

    /** Tries a webhook's given-up deliveries again (each with every attempt afresh), at once; answers the webhook as listed. */
    async retryWebhook(actor: MemberActor, context: AuditContext, id: string) {
      await db.transaction().execute(async (trx) => {
        const hook = await trx.selectFrom('webhooks').select('id').where('id', '=', id).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
        if (!hook) throw notFound(`Webhook ${id}`);
        const deliveries = await retryFailed(trx, id);
        await appendAudit(trx, engine, context, { action: 'webhook.retry', targetType: 'webhook', targetId: id, summary: { deliveries } });
      });
      if (timer !== null) void deliverDue();
      return (await this.listWebhooks(actor)).items.find((w) => w.id === id)!;
    },

    /**
     * Pauses or resumes a webhook. Paused, it is sent nothing and spends no attempt, and the events stored
     * meanwhile are still owed to it (event-store.ts): resumed, it is sent what waited, each judged again
     * when sent, as any delivery. Answers the webhook as listed; setting the status it has changes nothing.
     */
    async setWebhookStatus(actor: MemberActor, context: AuditContext, id: string, status: WebhookStatus) {
      const changed = await db.transaction().execute(async (trx) => {
        const hook = await trx.selectFrom('webhooks').select('status').where('id', '=', id).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
        if (!hook) throw notFound(`Webhook ${id}`);
        if (hook.status === status) return false;
        await trx.updateTable('webhooks').set({ status }).where('id', '=', id).execute();
        await appendAudit(trx, engine, context, { action: status === 'paused' ? 'webhook.pause' : 'webhook.resume', targetType: 'webhook', targetId: id });
        return true;
      });
      if (changed && status === 'active' && timer !== null) void deliverDue();
      return (await this.listWebhooks(actor)).items.find((w) => w.id === id)!;
    },

    /**
     * Gives a webhook a new signing secret, in this answer only (as at creation); the old one signs nothing
     * more. A delivery already on its way may carry the old signature: refused by a receiver that switched,
     * it is retried, signed with the new one.
     */
    async newWebhookSecret(actor: MemberActor, context: AuditContext, id: string) {
      const secret = randomToken(32);
      await db.transaction().execute(async (trx) => {
        const updated = await trx.updateTable('webhooks').set({ secret }).where('id', '=', id).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) throw notFound(`Webhook ${id}`);
        await appendAudit(trx, engine, context, { action: 'webhook.secret', targetType: 'webhook', targetId: id });
      });
      return { webhook: (await this.listWebhooks(actor)).items.find((w) => w.id === id)!, secret };
    },

    /** Sends the webhook a test delivery now and answers what became of it (webhook-deliveries.ts sendTestDelivery). */
    async testWebhook(actor: MemberActor, context: AuditContext, id: string) {
      const hook = await db.selectFrom('webhooks').select(['id', 'url', 'secret']).where('id', '=', id).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
      if (!hook) throw notFound(`Webhook ${id}`);
      const result = await sendTestDelivery(hook, newId(), { publicOnly: !options.allowPrivateWebhooks });
      await appendAudit(db, engine, context, { action: 'webhook.test', targetType: 'webhook', targetId: id, summary: { delivered: result.delivered, httpStatus: result.httpStatus } });
      return result;
    },

    async createWebhook(actor: MemberActor, context: AuditContext, url: string) {
      checkWebhookUrl(url);
      const secret = randomToken(32);
      const row = { id: newId(), organisation_id: actor.organisationId, url, secret, status: 'active', created_at: nowIso(), access_requests: can(actor, 'access_requests.answer') ? 1 : 0 };
      await db.transaction().execute(async (trx) => {
        await lockOrganisationWatches(trx, engine, actor.organisationId);
        const count = await trx.selectFrom('webhooks').select((eb) => eb.fn.countAll<number>().as('n')).where('organisation_id', '=', actor.organisationId).executeTakeFirstOrThrow();
        if (Number(count.n) >= LIMITS.webhooksPerOrganisation) throw coded('conflict', refusals.say('refusal.webhooks_full', { limit: LIMITS.webhooksPerOrganisation }));
        // The same address twice would receive every event twice (input review, session 26), as a watch
        // made twice would match twice: refused as that is, under the same lock.
        const same = await trx.selectFrom('webhooks').select('id').where('organisation_id', '=', actor.organisationId).where('url', '=', url).executeTakeFirst();
        if (same) {
          const { message, code, params } = webhookRefusals.say('webhook.duplicate', { value: quote(endpointShown(url)), id: same.id });
          throw new AppError('conflict', `body.url: ${message}`, { errors: [{ path: 'body.url', message, code, params }] });
        }
        await trx.insertInto('webhooks').values(row).execute();
        // The receiver's origin and a hash of the whole URL, never its path or query: many receivers take
        // their token there (chat services' incoming webhooks, `?token=`), and the audit chain keeps what
        // it is given for ever, shown to the secretariat too. The hash still tells which URL it was.
        await appendAudit(trx, engine, context, { action: 'webhook.create', targetType: 'webhook', targetId: row.id, summary: { origin: new URL(url).origin, urlSha256: sha256Hex(url) } });
      });
      const deliveries = { pending: 0, failed: 0, withdrawn: 0, lastDeliveredAt: null, lastFailure: null };
      return { webhook: { id: row.id, url, status: 'active' as const, createdAt: row.created_at, accessRequests: row.access_requests === 1, deliveries }, secret };
    },

    async removeWebhook(actor: MemberActor, context: AuditContext, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const removed = await trx.deleteFrom('webhooks').where('id', '=', id).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
        if (Number(removed.numDeletedRows) === 0) throw notFound(`Webhook ${id}`);
        await trx.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
        await appendAudit(trx, engine, context, { action: 'webhook.delete', targetType: 'webhook', targetId: id });
      });
    },

    async recentEvents(actor: MemberActor, query: { cursor?: string; limit: number }) {
      const after = decodeCursor(query.cursor, ['id']);
      let q = db.selectFrom('events').selectAll().where('organisation_id', '=', actor.organisationId);
      const unreadable = unreadableEventTypes(actor);
      if (unreadable.length > 0) q = q.where('type', 'not in', unreadable);
      if (after) q = q.where('id', '<', String(after[0]));
      const rows = await q.orderBy('id', 'desc').limit(query.limit + 1).execute();
      const page = pageFrom(rows, query.limit, (r) => [r.id]);
      // As the stream's replay: what each may still tell, judged now. A page may thus hold fewer than the
      // limit, its cursor still the next page's.
      return { nextCursor: page.nextCursor, items: await tellableNow(page.items) };
    },

    /**
     * What a stream that last received `lastId` may have missed, in pages of at most `page`, oldest first
     * (the live stream's resume, `Last-Event-ID`); see missedRange for which events those are.
     */
    async *eventsSince(actor: MemberActor, lastId: string, page = 500): AsyncGenerator<PlatformEvent[]> {
      const { where, key, start } = await missedRange(actor.organisationId, lastId);
      for (let after: string | number = start; ; ) {
        const { rows } = await sql<EventRow>`select ${eventColumns} from events where ${where} and ${sql.raw(key)} > ${after} order by ${sql.raw(key)} limit ${page}`.execute(db);
        const readable = await tellableNow(rows.filter((r) => mayReadEvent(actor, r.type)));
        if (readable.length > 0) yield readable;
        if (rows.length < page) return;
        const last = rows[rows.length - 1]!;
        after = key === 'id' ? last.id : Number(last.seq);
      }
    },

    /**
     * Whether more than `limit` events were recorded after `lastId` (counting at most limit + 1 of them): a
     * stream that last received it then gets a reset instead of the replay (watch.routes.ts). On PostgreSQL
     * the replay also repeats the grace window before `lastId`, which is not counted: a client reset to the
     * newest event would otherwise be reset again on its next reconnect wherever a minute holds more.
     */
    async missedMoreThan(actor: MemberActor, lastId: string, limit: number): Promise<boolean> {
      const { where, key, last } = await missedRange(actor.organisationId, lastId);
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from (select 1 from events where ${where} and ${sql.raw(key)} > ${last} limit ${limit + 1}) as missed`.execute(db);
      return Number(rows[0]!.n) > limit;
    },

    /** The organisation's newest event id, in insert order (null when it has none). */
    async newestEventId(actor: MemberActor): Promise<string | null> {
      const { rows } = await sql<{ id: string }>`select id from events where organisation_id = ${actor.organisationId} order by ${seqColumn} desc limit 1`.execute(db);
      return rows[0]?.id ?? null;
    },
  };
}

export type WatchService = ReturnType<typeof createWatchService>;
