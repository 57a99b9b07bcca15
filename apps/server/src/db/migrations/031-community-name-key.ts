import { sql, type Kysely } from 'kysely';
import { communityNameKey, COMMUNITY_NAME_INDEX, legacyDuplicateNameKey } from '../../modules/communities/community-names.js';
import type { Engine } from '../dialect.js';

/**
 * One owner's sharing communities are told apart by name (case and spacing aside). The service checked
 * that before writing, but two creates at once on PostgreSQL both passed the check: the name's key is now
 * stored and unique per owner, so the database refuses the second.
 *
 * Backfill: every community gets the key of its name (communityNameKey, the rule the service applies; it
 * is computed here, in JavaScript, because neither engine's SQL folds case and spacing the same way). A
 * database may already hold communities of one owner named alike (made before the rule, or by that race):
 * the upgrade must not fail on them, and renaming someone's community would change what its members see.
 * So the oldest keeps the key of its name and each later one a key of its own (legacyDuplicateNameKey:
 * the key, a newline, its id), which no name ever has: their names stay as they are, every one of them
 * stays editable, and no new community or rename may take that name again.
 *
 * May run again (SQLite runs a migration outside a transaction, and it may stop halfway): the column
 * once, the same keys again, the index once.
 */
export function communityNameKeyMigration(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (engine === 'postgres') {
        await sql`alter table communities add column if not exists name_key text`.execute(db);
      } else {
        // SQLite adds a NOT NULL column only with a default; every row gets its key below.
        const { rows } = await sql<{ n: number }>`select count(*) as n from pragma_table_info('communities') where name = 'name_key'`.execute(db);
        if (Number(rows[0]?.n ?? 0) === 0) await sql`alter table communities add column name_key text not null default ''`.execute(db);
      }

      const { rows } = await sql<{ id: string; owner_organisation_id: string; name: string; name_key: string | null }>`
        select id, owner_organisation_id, name, name_key from communities order by owner_organisation_id, created_at, id`.execute(db);
      const taken = new Set<string>();
      for (const row of rows) {
        const key = communityNameKey(row.name);
        const owned = `${row.owner_organisation_id} ${key}`;
        const stored = taken.has(owned) ? legacyDuplicateNameKey(key, row.id) : key;
        taken.add(owned);
        if (row.name_key !== stored) await sql`update communities set name_key = ${stored} where id = ${row.id}`.execute(db);
      }

      if (engine === 'postgres') await sql`alter table communities alter column name_key set not null`.execute(db);
      await sql`create unique index if not exists ${sql.raw(COMMUNITY_NAME_INDEX.name)} on communities (owner_organisation_id, name_key)`.execute(db);
    },
  };
}
