import type { Db } from '../../db/index.js';
import { conflict, notFound } from '../../platform/errors.js';
import { findOrganisation } from './organisation.repository.js';

/**
 * Refuses (409) to give a suspended organisation a credential that works — a new person, a new API key,
 * a person made active again — and says how to lift the suspension. A suspended organisation's sessions
 * and keys do not resolve (platform/auth/credentials.repository.ts), so what was made would fail at its
 * first use and whoever made it would never have been told why. `what` ends the sentence "… so <what>".
 * Called inside the transaction that writes, so the status read is the one the write goes with.
 */
export async function requireActiveOrganisation(trx: Db, organisationId: string, what: string): Promise<void> {
  const org = await findOrganisation(trx, organisationId);
  if (!org) throw notFound(`Organisation ${organisationId}`);
  if (org.status === 'active') return;
  throw conflict(
    `Organisation ${JSON.stringify(org.name)} (${org.id}) is ${org.status}, so ${what}; ` +
      `reactivate the organisation first (Organisations › Reactivate, PATCH /api/v1/organisations/${org.id} with status "active", or \`gpos org reactivate ${org.id}\` at the server)`,
  );
}
