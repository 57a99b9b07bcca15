import type { ListUsersQuery, User } from '@gpos/contracts';
import { sql, type Expression } from 'kysely';
import type { Db } from '../../db/index.js';
import type { UsersTable } from '../../db/schema.js';
import { decodeCursor, pageFrom } from '../../platform/pagination.js';

export const toUser = (row: UsersTable): User => ({
  id: row.id,
  organisationId: row.organisation_id,
  email: row.email,
  displayName: row.display_name,
  role: row.role as User['role'],
  status: row.status as User['status'],
  locale: row.locale as User['locale'],
  lastLoginAt: row.last_login_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const findUser = (db: Db, id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const findUserByEmail = (db: Db, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

export async function insertUsers(db: Db, rows: UsersTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('users').values(rows).execute();
}

export async function updateUserRow(db: Db, id: string, patch: Partial<UsersTable>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function deleteSessionsOf(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/**
 * `text` (lower-cased) anywhere in `column`, its `%`, `_` and `\` taken as themselves: escaped, and the escape
 * character said. PostgreSQL's LIKE escapes with `\` by default, SQLite's with none, so without the `escape`
 * clause `first_last` matched no one on SQLite (it looked for a backslash before the `_`).
 */
function containing(column: Expression<string>, text: string) {
  const needle = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`${column} like ${needle} escape '\\'`;
}

/** `organisationId` null means every organisation (secretariat only; the service decides). */
export async function listUsers(db: Db, organisationId: string | null, query: ListUsersQuery) {
  const after = decodeCursor(query.cursor, ['string', 'id']);
  let q = db.selectFrom('users').selectAll();
  if (organisationId) q = q.where('organisation_id', '=', organisationId);
  if (query.role) q = q.where('role', '=', query.role);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.q) {
    q = q.where((eb) => eb.or([containing(eb.ref('email'), query.q!), containing(eb.fn('lower', ['display_name']), query.q!)]));
  }
  if (after) {
    const [email, id] = after as [string, string];
    q = q.where((eb) => eb.or([eb('email', '>', email), eb.and([eb('email', '=', email), eb('id', '>', id)])]));
  }
  const rows = await q.orderBy('email').orderBy('id').limit(query.limit + 1).execute();
  const page = pageFrom(rows, query.limit, (row) => [row.email, row.id]);
  return { items: page.items.map(toUser), nextCursor: page.nextCursor };
}
