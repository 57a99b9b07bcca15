import type { Kysely } from 'kysely';
import { columnTypes, type Engine } from '../dialect.js';

/**
 * What a retracted report named. A retraction takes the report's sightings away (counters, networks and
 * lookups follow), but the STIX objects it had published — an `indicator` and a `sighting` per identifier —
 * must be published again as `revoked: true`, or a TAXII or STIX consumer would keep acting on them
 * (MISP's deletions that never propagate). A retraction is final, so these rows are written once and
 * never change.
 */
export function retractedSightingsMigration(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('retracted_sightings')
        .addColumn('report_id', t.id, (c) => c.notNull())
        .addColumn('indicator_id', t.id, (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('benign', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('retracted_sightings_pk', ['report_id', 'indicator_id'])
        .execute();
    },
  };
}
