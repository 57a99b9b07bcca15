import type { ExpressionBuilder } from 'kysely';
import type { Database, Db } from '../../db/index.js';
import { idleSweepCutoff } from '../../platform/auth/index.js';
import { jobTurns } from '../../platform/jobs/job-turns.js';

/** How many sessions one delete removes: a table's worth after a quiet weekend goes in short writes. */
export const SESSION_SWEEP_BATCH = 500;
/** How often the sweep runs (one server of those on the database takes each turn). */
export const SESSION_SWEEP_EVERY_MS = 5 * 60_000;
const SESSION_SWEEP_LEASE_MS = 60_000;

/** Sessions to delete at `nowMs`: expired (`<=`, as a request refuses one at its expiry), or idle and kept their while. */
function endedAt(nowMs: number, idleMinutes: number) {
  const now = new Date(nowMs).toISOString();
  const idleSince = idleSweepCutoff(nowMs, idleMinutes);
  return (eb: ExpressionBuilder<Database, 'sessions'>) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleSince)]);
}

/**
 * One batch of the sweep: deletes at most `batch` ended sessions and says how many. The sign-in's sweep
 * (auth.service.ts) and the periodic one below share it, so both judge a session ended alike. The read finds
 * them by the indexes on `expires_at` and `last_seen_at` (migration 033); the delete is guarded by the same
 * test, so that a session used between the read and the delete lives on.
 */
export async function sweepEndedSessions(db: Db, options: { idleMinutes: number; nowMs?: number; batch?: number }): Promise<{ deleted: number; full: boolean }> {
  const batch = options.batch ?? SESSION_SWEEP_BATCH;
  const ended = endedAt(options.nowMs ?? Date.now(), options.idleMinutes);
  const rows = await endedSessionsQuery(db, ended, batch).execute();
  if (rows.length === 0) return { deleted: 0, full: false };
  const ids = rows.map((row) => row.id_hash);
  const result = await db.deleteFrom('sessions').where('id_hash', 'in', ids).where(ended).executeTakeFirst();
  return { deleted: Number(result.numDeletedRows), full: rows.length === batch };
}

/** The read of one batch (exported for the query-plan test: it must use the indexes, not scan the table). */
export const endedSessionsQuery = (db: Db, ended: ReturnType<typeof endedAt>, batch: number) =>
  db.selectFrom('sessions').select('id_hash').where(ended).limit(batch);

/** The sweep's condition at `nowMs` (for the query-plan test). */
export const endedSessionsAt = endedAt;

/**
 * Deletes the sessions that have ended — past SESSION_TTL_HOURS (`expires_at`), or unused for
 * SESSION_IDLE_MINUTES (as session-activity.ts judges them) and then kept IDLE_SESSION_KEPT_MS so that their
 * person is told why on coming back — which otherwise stay, with the IP and browser they were made from,
 * until someone uses them again or signs in. A request with one is refused either way; the sweep only
 * removes what no longer works. Each batch is one short delete (SQLite's one writer
 * is held for that alone, and requests are let in between), guarded by the same test so that a session
 * used between the read and the delete lives on.
 */
export function createSessionSweep(db: Db, options: { idleMinutes: number; everyMs?: number; batch?: number }) {
  const batch = options.batch ?? SESSION_SWEEP_BATCH;
  const everyMs = options.everyMs ?? SESSION_SWEEP_EVERY_MS;

  /** One sweep to the end, batch by batch: how many sessions it deleted. */
  async function sweep(nowMs = Date.now()): Promise<number> {
    let deleted = 0;
    for (;;) {
      const one = await sweepEndedSessions(db, { idleMinutes: options.idleMinutes, nowMs, batch });
      deleted += one.deleted;
      if (!one.full) break;
      // Let requests in before the next batch.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return deleted;
  }

  const turns = jobTurns(db, 'session-sweep', { everyMs, leaseMs: SESSION_SWEEP_LEASE_MS });
  let timer: NodeJS.Timeout | null = null;
  /** The latest turn, so that stop() waits for it before the database closes. */
  let turning: Promise<unknown> = Promise.resolve();
  const runTurn = (): Promise<number | null> => {
    const turn = turns.run(() => sweep());
    turning = turn.catch(() => undefined);
    return turn;
  };

  return {
    sweep,
    /** A scheduled sweep: how many it deleted, or null when another server has this turn or took it lately. */
    runTurn,
    /** `onError` hears a failed turn (a database that is down): the next tick tries again. */
    start(onError: (error: unknown) => void): void {
      if (timer) return;
      timer = setInterval(() => void runTurn().catch(onError), everyMs);
      timer.unref();
      void runTurn().catch(onError);
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await turning;
    },
  };
}

export type SessionSweep = ReturnType<typeof createSessionSweep>;
