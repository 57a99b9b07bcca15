import { sql, type Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/**
 * What a report with an idempotency key was sent as: a hash of its content in canonical form (see
 * `idempotencyFingerprint`). A key sent again with other content is refused instead of answered as a
 * duplicate, which had dropped the second report without a word (a client reusing keys by mistake lost
 * every report after the first). Reports made before this migration have none, and answer as before.
 */
export function idempotencyFingerprintsMigration(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // May run again (a migration stopped halfway, or run again after an earlier one): the column once.
      if (engine === 'postgres') {
        await sql`alter table reports add column if not exists idempotency_fingerprint text`.execute(db);
        return;
      }
      const { rows } = await sql<{ n: number }>`select count(*) as n from pragma_table_info('reports') where name = 'idempotency_fingerprint'`.execute(db);
      if (Number(rows[0]?.n ?? 0) === 0) await sql`alter table reports add column idempotency_fingerprint text`.execute(db);
    },
  };
}
