import { sql, type Kysely } from 'kysely';

/** GPOS API keys begin so (api-key.service.ts) and are 48 characters long: 8 of them give little away. */
const GPOS_KEY_START = 'gpos_';

/**
 * A peer's `api_key_prefix` was its API key's first 8 characters, whatever the key's length — the whole key
 * when it had 8 (the shortest accepted), most of it when it had a few more, and the user name and the start
 * of the password of `user:password` credentials (security review, session 58). New peers store a hint that
 * depends on the key's length (federation/peer-secret.ts, peerKeyHint). Here only those 8 characters are
 * known, not the length, so each stored prefix keeps only what is safe whatever the key was: the user name
 * and colon of credentials, the 8 characters of a GPOS key, and nothing of any other token.
 *
 * May run again (SQLite runs a migration outside a transaction, and it may stop halfway): a hint it wrote
 * is kept as it is.
 */
export function peerKeyHintsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const { rows } = await sql<{ id: string; api_key_prefix: string }>`select id, api_key_prefix from federation_peers`.execute(db);
      for (const row of rows) {
        const hint = storedPrefixHint(row.api_key_prefix);
        if (hint !== row.api_key_prefix) await sql`update federation_peers set api_key_prefix = ${hint} where id = ${row.id}`.execute(db);
      }
    },
  };
}

function storedPrefixHint(prefix: string): string {
  const colon = prefix.indexOf(':');
  if (colon >= 0) return prefix.slice(0, colon + 1);
  return prefix.startsWith(GPOS_KEY_START) ? prefix : '';
}
