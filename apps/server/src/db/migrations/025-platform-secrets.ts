import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/**
 * Secrets of this installation, shared by every server process on the database: so far the key of the
 * hit handles (platform/hit-handles.ts), made here once, at random. Never shown by any route.
 */
export function platformSecretsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('platform_secrets')
        .ifNotExists()
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into platform_secrets (name, value) values ('hit_handle_key', ${randomBytes(32).toString('base64url')}) on conflict (name) do nothing`.execute(db);
    },
  };
}
