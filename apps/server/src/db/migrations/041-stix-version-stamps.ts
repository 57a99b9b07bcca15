import type { Kysely } from 'kysely';
import { versionStamp } from '../../modules/stix/timestamp-order.js';

/**
 * The `modified` of each imported STIX object as the importer now writes it (versionStamp: nine fraction
 * digits), so a stored version and a new one compare as text in the order of the instants they name. Stored
 * as sent before, `…00.000Z` sorted after `…00.000500Z`. May run again: a stamp already written so is left.
 */
export function stixVersionStampsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const store = db as unknown as Kysely<{ stix_objects: { organisation_id: string; stix_id: string; modified: string | null } }>;
      const PAGE = 1000;
      type Key = { organisation_id: string; stix_id: string };
      let after: Key | null = null;
      for (;;) {
        const from: Key | null = after;
        const rows: (Key & { modified: string | null })[] = await store
          .selectFrom('stix_objects')
          .select(['organisation_id', 'stix_id', 'modified'])
          .where('modified', 'is not', null)
          .$if(from !== null, (q) => q.where((eb) => eb.or([eb('organisation_id', '>', from!.organisation_id), eb.and([eb('organisation_id', '=', from!.organisation_id), eb('stix_id', '>', from!.stix_id)])])))
          .orderBy('organisation_id')
          .orderBy('stix_id')
          .limit(PAGE)
          .execute();
        for (const row of rows) {
          const stamp = versionStamp(row.modified);
          if (stamp !== '' && stamp !== row.modified) {
            await store.updateTable('stix_objects').set({ modified: stamp }).where('organisation_id', '=', row.organisation_id).where('stix_id', '=', row.stix_id).execute();
          }
        }
        if (rows.length < PAGE) break;
        after = rows[rows.length - 1]!;
      }
    },
  };
}
