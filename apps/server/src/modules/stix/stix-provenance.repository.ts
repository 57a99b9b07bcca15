import type { Db } from '../../db/index.js';
import type { StixObjectsTable } from '../../db/schema.js';

/** The STIX provenance table: the only SQL of the STIX module's imports. */
export async function provenanceOf(db: Db, organisationId: string, stixIds: string[]): Promise<Map<string, StixObjectsTable>> {
  const found = new Map<string, StixObjectsTable>();
  for (let i = 0; i < stixIds.length; i += 500) {
    const rows = await db.selectFrom('stix_objects').selectAll().where('organisation_id', '=', organisationId).where('stix_id', 'in', stixIds.slice(i, i + 500)).execute();
    for (const row of rows) found.set(row.stix_id, row);
  }
  return found;
}

/**
 * Records (or moves forward) what STIX objects became; an older `modified` never overwrites a newer one,
 * and a row without a source node keeps the one recorded
 * (two versions of one object imported at once record the one applied last, whichever finishes first).
 * `ifAbsent`: only where the object has no row yet (an object whose report was already there).
 */
export async function recordProvenance(db: Db, all: StixObjectsTable[], { ifAbsent = false } = {}): Promise<void> {
  // One row per key: PostgreSQL refuses to touch a row twice in one statement (an observable many reports name).
  const rows = [...new Map(all.map((r) => [`${r.organisation_id}\u0000${r.stix_id}`, r])).values()];
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('stix_objects')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => {
        const key = oc.columns(['organisation_id', 'stix_id']);
        if (ifAbsent) return key.doNothing();
        return key
          .doUpdateSet((eb) => ({
            local_id: eb.ref('excluded.local_id'),
            modified: eb.ref('excluded.modified'),
            revoked: eb.ref('excluded.revoked'),
            // An import that names no node (a file) says nothing of where the object came from: the node stays.
            source_node: eb.fn.coalesce('excluded.source_node', 'stix_objects.source_node'),
            created_by_ref: eb.ref('excluded.created_by_ref'),
            updated_at: eb.ref('excluded.updated_at'),
          }))
          .where((eb) => eb.or([eb('stix_objects.modified', 'is', null), eb('excluded.modified', 'is', null), eb('excluded.modified', '>=', eb.ref('stix_objects.modified'))]));
      })
      .execute();
  }
}

export async function indicatorIdsByKey(db: Db, keys: { type: string; value: string }[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  // By the unique (type, value) key, a few hundred keys per statement.
  const distinct = [...new Map(keys.map((k) => [`${k.type}\u0000${k.value}`, k])).values()];
  for (let i = 0; i < distinct.length; i += 200) {
    const part = distinct.slice(i, i + 200);
    const rows = await db
      .selectFrom('indicators')
      .select(['id', 'type', 'value'])
      .where((eb) => eb.or(part.map((k) => eb.and([eb('type', '=', k.type), eb('value', '=', k.value)]))))
      .execute();
    for (const row of rows) found.set(`${row.type}\u0000${row.value}`, row.id);
  }
  return found;
}
