import type { Organisation } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import type { OrganisationsTable } from '../../db/schema.js';

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
