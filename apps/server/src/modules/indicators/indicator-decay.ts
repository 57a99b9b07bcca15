import { INDICATOR_TYPES, type IndicatorType } from '@gpos/contracts';
import { chunks, type Db } from '../../db/index.js';
import { newId } from '../../platform/ids.js';
import { jobTurns } from '../../platform/jobs/job-turns.js';

/** How long a server's turn at the sweep lasts if it dies mid-run (a sweep of 1M indicators takes about a second). */
const DECAY_LEASE_MS = 10 * 60_000;
/** Most indicators expired per window (one transaction): a window of only stale ones stays a short write. */
const EXPIRE_BATCH = 2000;
/** Indicators the sweep reads per window before it yields to the event loop; see `run`. */
const WINDOW_ROWS = 5000;
const DAY_MS = 86_400_000;
/** How often the sweep runs (a server's `everyMs` unless told otherwise). */
export const DECAY_EVERY_MS = 3_600_000;

/** How every reason the decay sweep writes begins (decayReason): what tells its expiry from a person's. */
const DECAY_REASON_START = 'decay: not reported for ';
export const decayReason = (type: IndicatorType, days: number) => `${DECAY_REASON_START}${days} days (policy for ${type})`;
export const REVIVED_REASON = 'reported again after it had expired';
const DECAY_REASON = /^decay: not reported for (\d+) days \(policy for ([a-z_]+)\)$/;

/**
 * The code and params of a reason the platform itself wrote in a status history (decayReason,
 * REVIVED_REASON), for clients to say in their reader's language; null for a person's own words, which
 * stay as written. Stored reasons are text, so they are read back by the very formats written above.
 */
export function platformReasonOf(reason: string | null): { code: 'decay.expired'; params: { days: number; type: string } } | { code: 'decay.revived'; params: Record<string, never> } | null {
  if (reason === REVIVED_REASON) return { code: 'decay.revived', params: {} };
  const decay = reason === null ? null : DECAY_REASON.exec(reason);
  return decay ? { code: 'decay.expired', params: { days: Number(decay[1]), type: decay[2]! } } : null;
}

/**
 * The decay policy written down: an `active` indicator whose last sighting is older than its type's
 * decay window becomes `expired`, with a status-history entry saying why (actor: the platform itself),
 * so the history shows when and why it stopped being a live lead. Reads also apply the policy
 * (`effectiveStatus`), so an answer is right even between two runs. A new report revives an expired
 * indicator — see `reviveExpired`, called by ingest in the same transaction.
 *
 * `options.windowRows`: indicators read per window of the sweep (default 5,000); `options.expireRows`:
 * most indicators expired per window (default 2,000).
 */
/** An indicator a decay window expired. */
export interface ExpiredIndicator {
  indicatorId: string;
  type: IndicatorType;
  value: string;
  reason: string;
  at: string;
}

export function createIndicatorDecay(
  deps: { db: Db },
  decayDays: Record<IndicatorType, number>,
  options: {
    everyMs?: number;
    windowRows?: number;
    expireRows?: number;
    /** Inside a window's transaction, with what it expired (`key` names the transaction for `onExpired`). */
    withinExpiry?: (trx: Db, key: object, expired: ExpiredIndicator[]) => Promise<void>;
    /** After a window that expired some has committed. */
    onExpired?: (key: object) => void;
  } = {},
) {
  const { db } = deps;
  const windowRows = Math.max(1, Math.floor(options.windowRows ?? WINDOW_ROWS));
  const expireRows = Math.max(1, Math.floor(options.expireRows ?? EXPIRE_BATCH));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  /**
   * Expires every stale active indicator; returns how many.
   *
   * The sweep walks the whole table in windows of `windowRows` indicators by primary key (keyset on
   * `id`: text on SQLite, uuid on PostgreSQL, ordered either way), expires the stale ones of each window
   * in one short transaction (a window ends early at `expireRows` stale ones, so a mass expiry stays
   * short too), and yields to the event loop before the next window. It used to ask, per
   * type, for `type = ? and status = 'active' and last_seen_at < ?`; with no index on `last_seen_at`
   * each of those scanned every indicator of the type, and on SQLite (one connection, synchronous
   * driver) that blocked the whole server: with 1,000,000 indicators about 200 ms for phones and 500 ms
   * per sweep, at start-up and every hour. Windowed, on the same table: about 3 ms a window, the longest
   * 15–30 ms, 0.6–0.9 s in all, with the event loop free between windows. No index on `last_seen_at`
   * on purpose: every ingest upsert rewrites that column and would pay for it.
   */
  async function run(now = new Date()): Promise<number> {
    const at = now.toISOString();
    // Types whose decay is not a finite number of days never expire (the configuration allows 1–36,500).
    const policies = INDICATOR_TYPES.filter((type) => Number.isFinite(decayDays[type])).map((type) => ({
      type,
      cutoff: new Date(now.getTime() - decayDays[type] * DAY_MS).toISOString(),
      reason: decayReason(type, decayDays[type]),
    }));
    if (policies.length === 0) return 0;
    const reasons = new Map<IndicatorType, string>(policies.map((p) => [p.type, p.reason]));

    let expired = 0;
    let after: string | null = null;
    for (;;) {
      const key = {};
      const { changed, next } = await db.transaction().execute(async (trx) => {
        // The window's last id, which is where the next window starts; none when fewer rows are left.
        const last = await trx
          .selectFrom('indicators')
          .select('id')
          .$if(after !== null, (qb) => qb.where('id', '>', after as string))
          .orderBy('id')
          .limit(1)
          .offset(windowRows - 1)
          .executeTakeFirst();
        // The stale ones of the window. The window is a subquery with its own limit, so the filter never
        // reads past it (with `id <= last` instead, SQLite plans the type conditions by the (type, value)
        // index and scans every indicator of each type again).
        const window = trx
          .selectFrom('indicators')
          .select(['id', 'type', 'status', 'last_seen_at'])
          .$if(after !== null, (qb) => qb.where('id', '>', after as string))
          .$if(last !== undefined, (qb) => qb.where('id', '<=', last?.id as string))
          .orderBy('id')
          .limit(windowRows)
          .as('w');
        const stale = await trx
          .selectFrom(window)
          .select(['w.id', 'w.type'])
          .where('w.status', '=', 'active')
          .where((eb) => eb.or(policies.map((p) => eb.and([eb('w.type', '=', p.type), eb('w.last_seen_at', '<', p.cutoff)]))))
          .orderBy('w.id')
          .limit(expireRows)
          .execute();
        let changed = 0;
        const expired: ExpiredIndicator[] = [];
        for (const type of reasons.keys()) {
          const ids = stale.filter((row) => row.type === type).map((row) => row.id);
          const reason = reasons.get(type) as string;
          const cutoff = policies.find((p) => p.type === type)!.cutoff;
          // In pieces: 2,000 history rows of 7 columns stay far below SQLite's 32,766 parameters.
          for (const part of chunks(ids, 2000)) {
            // The conditions again: another process's report may have revived one, or sighted it, since
            // it was selected (PostgreSQL reads committed rows, and the update waits for a report's
            // transaction on the row, then reads the row it left). History is written for the rows that changed.
            const updated = await trx
              .updateTable('indicators')
              .set({ status: 'expired', status_reason: reason, status_changed_at: at, updated_at: at })
              .where('id', 'in', part)
              .where('status', '=', 'active')
              .where('last_seen_at', '<', cutoff)
              .returning(['id', 'value'])
              .execute();
            if (updated.length === 0) continue;
            changed += updated.length;
            for (const row of updated) expired.push({ indicatorId: row.id, type, value: row.value, reason, at });
            await trx
              .insertInto('indicator_status_history')
              .values(updated.map(({ id }) => ({ id: newId(), indicator_id: id, status: 'expired', reason, actor_user_id: null, actor_organisation_id: null, at })))
              .execute();
          }
        }
        if (expired.length > 0) await options.withinExpiry?.(trx, key, expired);
        // A full write batch ends the window at its last stale indicator; the rest of it comes next.
        const next = stale.length === expireRows ? (stale[stale.length - 1] as { id: string }).id : (last?.id ?? null);
        return { changed, next };
      });
      expired += changed;
      if (changed > 0) options.onExpired?.(key);
      if (next === null) break;
      after = next;
      // Let requests in before the next window.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return expired;
  }

  /** One run at a time, whoever asks (the timer, a test, the CLI). */
  function runOnce(now?: Date): Promise<number> {
    running ??= run(now).finally(() => (running = null));
    return running;
  }

  // The timer's runs take a turn shared by every server on the database: one of them sweeps each hour,
  // and a server that starts within the hour of another's sweep does not sweep again.
  const turns = jobTurns(db, 'indicator-decay', { everyMs: options.everyMs ?? DECAY_EVERY_MS, leaseMs: DECAY_LEASE_MS });
  /** The latest turn, so that stop() also waits for it to be handed back before the database closes. */
  let turning: Promise<unknown> = Promise.resolve();
  const runTurn = (): Promise<number | null> => {
    const turn = turns.run(() => runOnce());
    turning = turn.catch(() => undefined);
    return turn;
  };

  return {
    run: runOnce,
    /** A scheduled run: the number expired, or null when another server has this turn or took it lately. */
    runTurn,
    start(): void {
      if (timer || !options.everyMs) return;
      timer = setInterval(() => void runTurn().catch(() => undefined), options.everyMs);
      timer.unref();
      void runTurn().catch(() => undefined);
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
      await turning;
    },
  };
}

/**
 * Ingest's half of the policy: indicators the batch just saw that are stored as `expired` but whose
 * newest sighting is inside their decay window become `active` again, with a history entry. Runs in the
 * ingest transaction; costs a query only when such indicators exist.
 */
export async function reviveExpired(
  trx: Db,
  decayDays: Record<IndicatorType, number>,
  seen: readonly { id: string; type: string; status: string; last_seen_at: string }[],
  at: string,
): Promise<string[]> {
  const now = new Date(at).getTime();
  const candidates = seen
    .filter((row) => row.status === 'expired' && now - new Date(row.last_seen_at).getTime() <= (decayDays[row.type as IndicatorType] ?? Infinity) * DAY_MS)
    .map((row) => row.id);
  if (candidates.length === 0) return candidates;
  // Only what the decay sweep expired. A person's `expired` is a decision, as a dispute is, which a report
  // does not undo; and its revival was shown to every viewer as the stored status, so a report they may not
  // see told them it had arrived (security review, session 58). The sweep's own expiry is replayed per viewer.
  const revived = (
    await trx
      .updateTable('indicators')
      .set({ status: 'active', status_reason: REVIVED_REASON, status_changed_at: at, updated_at: at })
      .where('id', 'in', candidates)
      .where('status', '=', 'expired')
      .where('status_reason', 'like', `${DECAY_REASON_START}%`)
      .returning('id')
      .execute()
  ).map((row) => row.id);
  if (revived.length === 0) return revived;
  await trx
    .insertInto('indicator_status_history')
    .values(revived.map((id) => ({ id: newId(), indicator_id: id, status: 'active', reason: REVIVED_REASON, actor_user_id: null, actor_organisation_id: null, at })))
    .execute();
  return revived;
}
