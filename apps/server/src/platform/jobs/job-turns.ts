import type { Db } from '../../db/index.js';

/** A scheduled turn is skipped when the job finished on any server within this share of its interval. */
export const TURN_SHARE = 0.9;

/** A turn this server holds: renewed while long work goes on, finished (or given back) at its end. */
interface Turn {
  /** Moves the lease on; throws when it ran out and another server took the turn over. */
  renew(): Promise<void>;
  /** Gives the turn back; `done` records the job as finished now (a failed run is not). */
  finish(done: boolean): Promise<void>;
}

/**
 * Turns of work that several servers on one database would otherwise do at once: the hourly decay sweep,
 * one federation peer's sync. A turn is a lease in `job_turns` (migration 018) that runs out by itself,
 * so a server that dies mid-run holds no one up past `leaseMs`. With `notFinishedSince`, a turn is taken
 * only if no server finished the job since then (a schedule's tick that another server already served).
 * Null when another server holds the turn or finished the job lately.
 */
async function takeTurn(db: Db, name: string, options: { leaseMs: number; notFinishedSince?: number | null; now?: number }): Promise<Turn | null> {
  const now = options.now ?? Date.now();
  const at = new Date(now).toISOString();
  let lease = new Date(now + options.leaseMs).toISOString();
  await db.insertInto('job_turns').values({ name, lease_until: null, last_finished_at: null }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const since = options.notFinishedSince == null ? null : new Date(options.notFinishedSince).toISOString();
  const taken = await db
    .updateTable('job_turns')
    .set({ lease_until: lease })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
    .$if(since !== null, (qb) => qb.where((eb) => eb.or([eb('last_finished_at', 'is', null), eb('last_finished_at', '<=', since!)])))
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) !== 1) return null;
  // The lease's own value marks it as this holder's: a renewal or a finish after it ran out and another
  // server took it changes nothing.
  return {
    async renew() {
      const next = new Date(Date.now() + options.leaseMs).toISOString();
      const renewed = await db.updateTable('job_turns').set({ lease_until: next }).where('name', '=', name).where('lease_until', '=', lease).executeTakeFirst();
      if (Number(renewed.numUpdatedRows) !== 1) throw new Error(`the turn of ${name} ran out and another server took it over`);
      lease = next;
    },
    async finish(done) {
      await db
        .updateTable('job_turns')
        .set(done ? { lease_until: null, last_finished_at: new Date().toISOString() } : { lease_until: null })
        .where('name', '=', name)
        .where('lease_until', '=', lease)
        .execute();
    },
  };
}

/**
 * Runs `job` in a turn of `name` (see takeTurn); null, without running it, when the turn is not this
 * server's. `job` gets `renew`, to call while long work goes on. A run that throws gives the turn back
 * without counting as finished, so the next attempt (here or elsewhere) runs it again.
 */
export async function runInTurn<T>(
  db: Db,
  name: string,
  options: { leaseMs: number; notFinishedSince?: number | null; now?: number },
  job: (renew: () => Promise<void>) => Promise<T>,
): Promise<T | null> {
  const turn = await takeTurn(db, name, options);
  if (!turn) return null;
  let done = false;
  try {
    const result = await job(() => turn.renew());
    done = true;
    return result;
  } finally {
    await turn.finish(done);
  }
}

/** A job scheduled every `everyMs` on every server: each tick runs it unless another server has run it since. */
export function jobTurns(db: Db, name: string, options: { everyMs: number; leaseMs: number }) {
  return {
    run: <T>(job: () => Promise<T>, now = Date.now()): Promise<T | null> =>
      runInTurn(db, name, { leaseMs: options.leaseMs, notFinishedSince: now - options.everyMs * TURN_SHARE, now }, () => job()),
  };
}
