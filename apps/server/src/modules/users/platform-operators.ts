import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { Actor } from '../../platform/auth/index.js';
import { coded } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { findOrganisation } from '../organisations/index.js';

/**
 * `platform_admin` is the platform operators' role (DESIGN.md: "Platform operators have `platform_admin`"):
 * the node keeps no flag naming the organisation that operates it, so the organisation is known by its people
 * holding that role. A platform admin grants it inside their own organisation (the secretariat's), as the web
 * app offers it; the console, trusted by position, to a person of an organisation where someone holds it
 * already — or, on a node where no one ever did (just installed), to the first platform admin, wherever made.
 * A bank's analyst thus never becomes a platform admin, whoever asks.
 *
 * No one holding it on a node where someone did once (the last one demoted before the services refused it,
 * platform-admins-left.ts) is no fresh start: the audit trail names the organisations whose people held it,
 * and only those may have it again.
 */
async function operatesPlatform(trx: Db, actor: Actor, organisationId: string): Promise<boolean> {
  if (actor.kind === 'user' || actor.kind === 'api_key') return actor.organisationId === organisationId;
  const holders = await trx.selectFrom('users').select('organisation_id').where('role', '=', 'platform_admin').distinct().execute();
  if (holders.length > 0) return holders.some((holder) => holder.organisation_id === organisationId);
  const formerly = await formerOperators(trx);
  return formerly.length === 0 || formerly.includes(organisationId);
}

/**
 * The organisations whose people the audit trail records as platform admins: made one (`user.create`), or
 * changed or suspended while one (`user.update`, `user.suspend`, `user.reactivate` record the role before).
 */
async function formerOperators(trx: Db): Promise<string[]> {
  const rows = await trx
    .selectFrom('audit_events')
    .select('subject_organisation_id')
    .where('action', 'in', ['user.create', 'user.update', 'user.suspend', 'user.reactivate'])
    // The role as the summary's JSON writes it; `_` escaped, or it would match any character.
    .where(sql<boolean>`summary like ${'%"platform\\_admin"%'} escape '\\'`)
    .where('subject_organisation_id', 'is not', null)
    .distinct()
    .execute();
  return rows.map((row) => row.subject_organisation_id!);
}

/**
 * Refuses (409, as things stand: the field named is `body.role`) to make a person of `organisationId` a
 * platform admin when that organisation does not operate the platform. Called inside the transaction that
 * writes the role.
 */
export async function requireOperatorOrganisation(trx: Db, actor: Actor, organisationId: string): Promise<void> {
  if (await operatesPlatform(trx, actor, organisationId)) return;
  const organisation = await findOrganisation(trx, organisationId);
  const said = refusals.say('refusal.platform_admin_operators_only', { organisation: organisation?.name ?? organisationId });
  throw coded('conflict', said, { errors: [{ path: 'body.role', ...said }] });
}
