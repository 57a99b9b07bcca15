import type { Db } from '../../db/index.js';
import type { ServerDeps } from '../../platform/context.js';
import { coded } from '../../platform/errors.js';
import { userRefusals } from './user-refusals.js';

/**
 * The platform is administered by its active platform admins (an active person in an active organisation):
 * with none left, organisations, people and federation peers could be managed only at the console, and
 * `platform_admin` could no longer be granted from the web app. No demotion, suspension or organisation
 * suspension may leave none, whoever asks — the console included.
 *
 * Checked against concurrent changes: each such change first locks every platform admin's row, in the order
 * of their ids (the same order for all, so two changes never wait on each other), before it reads who is left.
 * Under PostgreSQL's READ COMMITTED, the second of two admins demoting each other waits for the first to
 * commit, then reads it demoted (a statement after the lock reads what committed before it), and is refused;
 * a row that stopped being a platform admin while waiting drops out of the lock. SQLite has one writer.
 */
export async function lockPlatformAdmins(trx: Db, engine: ServerDeps['engine']): Promise<void> {
  if (engine !== 'postgres') return;
  await trx.selectFrom('users').select('id').where('role', '=', 'platform_admin').orderBy('id').forUpdate().execute();
}

/** The people who can act as platform admins now: the role, an active account, an active organisation. */
function activePlatformAdmins(trx: Db): Promise<{ id: string; organisation_id: string }[]> {
  return trx
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'u.organisation_id'])
    .where('u.role', '=', 'platform_admin')
    .where('u.status', '=', 'active')
    .where('o.status', '=', 'active')
    .execute();
}

/**
 * Refuses (409, naming `path`: `body.role` or `body.status`) to demote or suspend the last active platform
 * admin. Called after lockPlatformAdmins, in the transaction that writes the change.
 */
export async function requireAnotherPlatformAdmin(trx: Db, person: { id: string; email: string }, path: string): Promise<void> {
  const active = await activePlatformAdmins(trx);
  // Someone who is no active platform admin (suspended already, or in a suspended organisation) takes none away.
  if (!active.some((admin) => admin.id === person.id) || active.length > 1) return;
  const said = userRefusals.say('refusal.last_platform_admin', { email: person.email });
  throw coded('conflict', said, { errors: [{ path, ...said }] });
}

/**
 * Refuses (409, naming `body.status`) to suspend the organisation that holds every active platform admin
 * left: its suspension signs its people out. Called after lockPlatformAdmins, in the transaction that writes it.
 */
export async function requirePlatformAdminsOutside(trx: Db, organisation: { id: string; name: string }): Promise<void> {
  const active = await activePlatformAdmins(trx);
  if (!active.some((admin) => admin.organisation_id === organisation.id) || active.some((admin) => admin.organisation_id !== organisation.id)) return;
  const said = userRefusals.say('refusal.last_platform_admins_organisation', { organisation: organisation.name });
  throw coded('conflict', said, { errors: [{ path: 'body.status', ...said }] });
}
