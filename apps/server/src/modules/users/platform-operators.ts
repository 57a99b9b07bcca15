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
 * already — or, on a node where no one does yet (just installed), to the first platform admin, wherever made.
 * A bank's analyst thus never becomes a platform admin, whoever asks.
 */
async function operatesPlatform(trx: Db, actor: Actor, organisationId: string): Promise<boolean> {
  if (actor.kind === 'user' || actor.kind === 'api_key') return actor.organisationId === organisationId;
  const holders = await trx.selectFrom('users').select('organisation_id').where('role', '=', 'platform_admin').distinct().execute();
  return holders.length === 0 || holders.some((holder) => holder.organisation_id === organisationId);
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
