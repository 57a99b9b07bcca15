import type { DECISION_REFUSALS } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import { coded, hiddenReportsConflict } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import type { Viewer } from '../../platform/sharing/index.js';
import { hiddenHolders } from '../indicators/visible-stats.repository.js';
import { reservedAddress } from '../warninglists/index.js';

/** Why a link decision would be refused to a viewer (contracts: DECISION_REFUSALS). */
export type DecisionRefused = (typeof DECISION_REFUSALS)[number];

/**
 * A link decision (or its undo) is the partnership's, as an indicator's status is: it splits or joins
 * the networks of every report that names the indicator. An organisation that may not see all of them
 * would move reports it cannot see — and learn from the split what they were attached by — and seeing
 * one is as easy as filing one. So it asks for access first, as for a status change.
 */
export async function assertSeesEveryReport(trx: Db, viewer: Viewer, indicatorId: string): Promise<void> {
  if ((await hiddenHolders(trx, viewer, [indicatorId])).has(indicatorId)) {
    throw hiddenReportsConflict('links');
  }
}

/**
 * Why a decision on each indicator would be refused to the viewer (DECISION_REFUSALS), so that pages
 * offer none they would refuse (UX review, session 26: the key identifiers, the review queue and the
 * history offered buttons the server then refused). Reserved addresses are judged where the value is given.
 */
export async function decisionRefusals(db: Db, viewer: Viewer, indicators: readonly { id: string; type?: string; value?: string }[]): Promise<Map<string, DecisionRefused>> {
  const refused = new Map<string, DecisionRefused>();
  for (const indicator of indicators) {
    if (indicator.type !== undefined && indicator.value !== undefined && reservedAddress(indicator.type, indicator.value)) refused.set(indicator.id, 'reserved_address');
  }
  const ids = [...new Set(indicators.map((indicator) => indicator.id))].filter((id) => !refused.has(id));
  for (const id of (await hiddenHolders(db, viewer, ids)).keys()) refused.set(id, 'hidden_reports');
  return refused;
}

/** No decision applies to a reserved address: it never links (walkthrough, session 26: "confirm link" on 192.168.1.1 joined two victims' unrelated reports). */
export async function refuseReservedAddress(db: Db, indicatorId: string): Promise<void> {
  const indicator = await db.selectFrom('indicators').select(['type', 'value']).where('id', '=', indicatorId).executeTakeFirstOrThrow();
  if (!reservedAddress(indicator.type, indicator.value)) return;
  const message = 'is a private or reserved address (or a URL on one): it names no one, and never links reports, whatever is decided';
  throw coded('conflict', refusals.say('refusal.reserved_address', { value: indicator.value }), { errors: [{ path: 'indicator', message, code: 'linking.reserved_address' }] });
}
