import type { Db } from '../../db/index.js';
import { nowIso } from '../../platform/ids.js';

/**
 * The demo world's synthetic reports, while they are owed. The world (organisations, people, communities)
 * is stored in one transaction, and only an empty platform gets one; the reports follow through the real
 * ingest path, which takes seconds to minutes. A start stopped in between (Ctrl-C on the first `npm
 * start`) used to leave a world with no reports that no later start would complete. The world's
 * transaction now records what is owed, and whoever finishes the reports — this start or the next one —
 * clears it. Re-running the same seed adds nothing twice (every synthetic report has an idempotency key).
 */
export interface PendingDemoReports {
  seed: number;
  reports: number;
}

const KEY = 'demo.pending_reports';

export async function rememberPendingDemoReports(db: Db, pending: PendingDemoReports): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: KEY, value: JSON.stringify(pending), updated_at: nowIso() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(pending), updated_at: nowIso() }))
    .execute();
}

/** The reports a demo world is still owed, or null. */
export async function pendingDemoReports(db: Db): Promise<PendingDemoReports | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return null;
  const value = JSON.parse(row.value) as Partial<PendingDemoReports>;
  return Number.isInteger(value.seed) && Number.isInteger(value.reports) ? { seed: value.seed!, reports: value.reports! } : null;
}

export async function clearPendingDemoReports(db: Db): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', KEY).execute();
}
