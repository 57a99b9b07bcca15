import type { Db, Engine } from '../../db/index.js';
import { resplitNetwork } from './network-split.js';

/**
 * An organisation's country changed: its member rows carry the reporting country the linker copied when
 * it attached them, and every network holding one counts reporting countries (facets, cross-border flag,
 * score). The rows take the new country, and each such network is recomputed from its members, as a
 * split would (membership is unchanged, so nothing splits). Runs under the network lock, queued by the
 * transaction that changed the country, so a crash in between loses nothing.
 */
export async function rehomeOrganisation(trx: Db, engine: Engine, organisationId: string, now: Date, touched: Set<string>): Promise<void> {
  const organisation = await trx.selectFrom('organisations').select('country').where('id', '=', organisationId).executeTakeFirst();
  if (!organisation) return;
  const stale = trx.selectFrom('report_networks').where('organisation_id', '=', organisationId).where('organisation_country', '!=', organisation.country);
  const networks = (await stale.select('network_id').distinct().execute()).map((r) => r.network_id);
  if (networks.length === 0) return;
  await trx.updateTable('report_networks').set({ organisation_country: organisation.country }).where('organisation_id', '=', organisationId).where('organisation_country', '!=', organisation.country).execute();
  for (const network of networks) await resplitNetwork(trx, engine, network, { cause: 'organisation_country', indicatorId: null }, now, touched);
}
