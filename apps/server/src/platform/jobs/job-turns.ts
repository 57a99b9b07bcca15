import type { Db } from '../../db/index.js';

/** A turn is not taken when the job finished on any server within this share of its interval. */
const TURN_SHARE = 0.9;

/**
 * Turns of a scheduled job that every server runs on its own timer (the hourly decay sweep): with
 * several servers on one database, the first to ask takes the turn and the others skip it. A turn is a
 * lease in `job_turns` (migration 019) that runs out by itself, so a server that dies mid-run holds no
 * one up past `leaseMs`; a job finished within 90% of its interval anywhere is not run again.
 */
export function jobTurns(db: Db, name: string, options: { everyMs: number; leaseMs: number }) {
  return {
    /** Runs `job` if this server takes the turn; null when another server has it or ran it lately. */
    async run<T>(job: () => Promise<T>, now = Date.now()): Promise<T | null> {
      const at = new Date(now).toISOString();
      const lease = new Date(now + options.leaseMs).toISOString();
      const finishedBefore = new Date(now - options.everyMs * TURN_SHARE).toISOString();
      await db.insertInto('job_turns').values({ name, lease_until: null, last_finished_at: null }).onConflict((oc) => oc.column('name').doNothing()).execute();
      const taken = await db
        .updateTable('job_turns')
        .set({ lease_until: lease })
        .where('name', '=', name)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
        .where((eb) => eb.or([eb('last_finished_at', 'is', null), eb('last_finished_at', '<=', finishedBefore)]))
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) !== 1) return null;
      let finished = false;
      try {
        const result = await job();
        finished = true;
        return result;
      } finally {
        // A failed run frees the turn without counting as done, so the next tick (here or elsewhere) retries.
        await db
          .updateTable('job_turns')
          .set(finished ? { lease_until: null, last_finished_at: new Date().toISOString() } : { lease_until: null })
          .where('name', '=', name)
          .where('lease_until', '=', lease)
          .execute();
      }
    },
  };
}
