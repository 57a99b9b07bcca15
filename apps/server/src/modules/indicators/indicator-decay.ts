import { INDICATOR_TYPES, type IndicatorType } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import { newId } from '../../platform/ids.js';

/** Indicators expired per transaction: small enough that SQLite's one writer never stalls requests. */
const EXPIRE_BATCH = 2000;
const DAY_MS = 86_400_000;

export const decayReason = (type: IndicatorType, days: number) => `decay: not reported for ${days} days (policy for ${type})`;
export const REVIVED_REASON = 'reported again after it had expired';

/**
 * The decay policy written down: an `active` indicator whose last sighting is older than its type's
 * decay window becomes `expired`, with a status-history entry saying why (actor: the platform itself),
 * so the history shows when and why it stopped being a live lead. Reads also apply the policy
 * (`effectiveStatus`), so an answer is right even between two runs. A new report revives an expired
 * indicator — see `reviveExpired`, called by ingest in the same transaction.
 */
export function createIndicatorDecay(deps: { db: Db }, decayDays: Record<IndicatorType, number>, options: { everyMs?: number } = {}) {
  const { db } = deps;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  /** Expires every stale active indicator; returns how many. */
  async function run(now = new Date()): Promise<number> {
    let expired = 0;
    for (const type of INDICATOR_TYPES) {
      const cutoff = new Date(now.getTime() - decayDays[type] * DAY_MS).toISOString();
      const at = now.toISOString();
      for (;;) {
        const ids = await db.transaction().execute(async (trx) => {
          const stale = await trx
            .selectFrom('indicators')
            .select('id')
            .where('type', '=', type)
            .where('status', '=', 'active')
            .where('last_seen_at', '<', cutoff)
            .limit(EXPIRE_BATCH)
            .execute();
          if (stale.length === 0) return [];
          const staleIds = stale.map((r) => r.id);
          const reason = decayReason(type, decayDays[type]);
          // The status condition again: a report may have revived one since it was selected.
          await trx.updateTable('indicators').set({ status: 'expired', status_reason: reason, status_changed_at: at, updated_at: at }).where('id', 'in', staleIds).where('status', '=', 'active').execute();
          await trx
            .insertInto('indicator_status_history')
            .values(staleIds.map((id) => ({ id: newId(), indicator_id: id, status: 'expired', reason, actor_user_id: null, actor_organisation_id: null, at })))
            .execute();
          return staleIds;
        });
        expired += ids.length;
        if (ids.length < EXPIRE_BATCH) break;
      }
    }
    return expired;
  }

  /** One run at a time, whoever asks (the timer, a test, the CLI). */
  function runOnce(now?: Date): Promise<number> {
    running ??= run(now).finally(() => (running = null));
    return running;
  }

  return {
    run: runOnce,
    start(): void {
      if (timer || !options.everyMs) return;
      timer = setInterval(() => void runOnce().catch(() => undefined), options.everyMs);
      timer.unref();
      void runOnce().catch(() => undefined);
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
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
  const revived = seen
    .filter((row) => row.status === 'expired' && now - new Date(row.last_seen_at).getTime() <= (decayDays[row.type as IndicatorType] ?? Infinity) * DAY_MS)
    .map((row) => row.id);
  if (revived.length === 0) return revived;
  await trx.updateTable('indicators').set({ status: 'active', status_reason: REVIVED_REASON, status_changed_at: at, updated_at: at }).where('id', 'in', revived).where('status', '=', 'expired').execute();
  await trx
    .insertInto('indicator_status_history')
    .values(revived.map((id) => ({ id: newId(), indicator_id: id, status: 'active', reason: REVIVED_REASON, actor_user_id: null, actor_organisation_id: null, at })))
    .execute();
  return revived;
}
