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

const WORLD_KEY = 'demo.world';

/** Recorded in the demo world's own transaction: this platform's organisations are the fictional ones. */
export async function rememberDemoWorld(db: Db): Promise<void> {
  await db.insertInto('settings').values({ key: WORLD_KEY, value: JSON.stringify({ seededAt: nowIso() }), updated_at: nowIso() }).onConflict((oc) => oc.column('key').doNothing()).execute();
}

/**
 * Whether this platform was created as the demo world, so synthetic reports may be added to it: the mark
 * its transaction leaves, or — for a world seeded before the mark — its platform admin's account. A real
 * platform's organisations must never be given synthetic reports as their own (CLI review, session 58).
 */
export async function isDemoWorld(db: Db, demoAdminEmail: string): Promise<boolean> {
  if (await db.selectFrom('settings').select('key').where('key', '=', WORLD_KEY).executeTakeFirst()) return true;
  return (await db.selectFrom('users').select('id').where('email', '=', demoAdminEmail).executeTakeFirst()) !== undefined;
}
