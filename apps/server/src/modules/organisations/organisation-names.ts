import { sql } from 'kysely';
import type { Db, Engine } from '../../db/index.js';
import { coded } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';

/** Any constant that no other part of the platform uses as an advisory lock key (networks use 7_340_551). */
const ORGANISATION_NAME_LOCK_KEY = 7_340_617;

/**
 * What makes two organisation names the same name: case, spacing around and between words and the
 * Unicode form of accented letters are not told apart ("Lotus  Bank" is "lotus bank"). Partners pick
 * recipients, filters and audit entries by name, so two members must never read alike.
 */
export function organisationNameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Inside the transaction that admits or renames an organisation, before it writes: refuses a name that
 * another organisation has (409 naming the field and that organisation).
 *
 * Enforced here rather than by a unique index (no migration): the rule above has no index expression
 * that means the same on both engines — SQLite's lower() folds ASCII letters only and it has no
 * regexp_replace to collapse spaces — so an index would need a stored key column; and a database that
 * already holds two alike names (admitted before this rule, or created with a federation peer) would
 * fail that migration and the server would not start. Such legacy pairs are left alone: the check runs
 * only when a name is given or changed, so their other fields stay editable.
 *
 * Two admissions at once cannot both pass: on PostgreSQL the check and the write run under one advisory
 * lock (read committed would otherwise let each miss the other's new row); SQLite has one writer, and a
 * transaction whose read went stale cannot write (SQLITE_BUSY_SNAPSHOT), so it fails rather than
 * duplicates. The table is small (hundreds of rows, see OrganisationDirectory), so names are compared
 * here, not in SQL whose case folding differs by engine.
 */
export async function assertOrganisationNameFree(trx: Db, engine: Engine, name: string, exceptId: string | null, path = 'body.name'): Promise<void> {
  if (engine === 'postgres') await sql`select pg_advisory_xact_lock(${ORGANISATION_NAME_LOCK_KEY})`.execute(trx);
  const key = organisationNameKey(name);
  const rows = await trx.selectFrom('organisations').select(['id', 'name']).execute();
  const taken = rows.find((row) => row.id !== exceptId && organisationNameKey(row.name) === key);
  if (taken) {
    const said = { name: JSON.stringify(taken.name), id: taken.id };
    throw coded('conflict', refusals.say('refusal.organisation_name_taken', said), { errors: [{ path, ...refusals.say('refusal.organisation_name_in_use', said) }] });
  }
}
