import type { ListOrganisationsQuery, Organisation } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import type { OrganisationsTable } from '../../db/schema.js';
import { decodeCursor, pageFrom } from '../../platform/pagination.js';

export const toOrganisation = (row: OrganisationsTable): Organisation => ({
  id: row.id,
  name: row.name,
  shortName: row.short_name,
  type: row.type as Organisation['type'],
  country: row.country,
  status: row.status as Organisation['status'],
  joinedAt: row.joined_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function findOrganisation(db: Db, id: string): Promise<OrganisationsTable | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertOrganisation(db: Db, row: OrganisationsTable): Promise<void> {
  await db.insertInto('organisations').values(row).execute();
}

export async function updateOrganisation(db: Db, id: string, patch: Partial<OrganisationsTable>): Promise<void> {
  await db.updateTable('organisations').set(patch).where('id', '=', id).execute();
}

/** Sorted by name, then id; the keyset cursor carries both. */
export async function listOrganisations(db: Db, query: ListOrganisationsQuery) {
  const after = decodeCursor(query.cursor, 2);
  let q = db.selectFrom('organisations').selectAll();
  if (query.type) q = q.where('type', '=', query.type);
  if (query.country) q = q.where('country', '=', query.country);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.q) {
    const needle = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['name']), 'like', eb.val(needle)),
        eb(eb.fn('lower', ['short_name']), 'like', eb.val(needle)),
      ]),
    );
  }
  if (after) {
    const [name, id] = after as [string, string];
    q = q.where((eb) => eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]));
  }
  const rows = await q.orderBy('name').orderBy('id').limit(query.limit + 1).execute();
  const page = pageFrom(rows, query.limit, (row) => [row.name, row.id]);
  return { items: page.items.map(toOrganisation), nextCursor: page.nextCursor };
}
