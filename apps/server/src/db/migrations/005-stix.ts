import type { Kysely } from 'kysely';
import { columnTypes, type Engine } from '../dialect.js';

/**
 * STIX provenance: which STIX object (by id, and for reports by `modified` version) became which local
 * report or indicator, for which importing organisation and from which source node. Re-importing the same
 * version is then a no-op, a newer `modified` a correction and `revoked: true` a retraction; federation
 * (TAXII) reads and writes the same table.
 */
export function stixMigration(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('stix_objects')
        .addColumn('organisation_id', t.id, (c) => c.notNull())
        .addColumn('stix_id', 'text', (c) => c.notNull())
        .addColumn('stix_type', 'text', (c) => c.notNull())
        .addColumn('local_type', 'text', (c) => c.notNull())
        .addColumn('local_id', t.id, (c) => c.notNull())
        .addColumn('modified', 'text')
        .addColumn('revoked', 'integer', (c) => c.notNull())
        .addColumn('source_node', 'text')
        .addColumn('created_by_ref', 'text')
        .addColumn('imported_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('stix_objects_pk', ['organisation_id', 'stix_id'])
        .execute();
      await db.schema.createIndex('stix_objects_local_idx').on('stix_objects').columns(['local_type', 'local_id']).execute();
    },
  };
}
