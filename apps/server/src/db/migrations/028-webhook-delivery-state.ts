import { sql, type Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/**
 * What a webhook's owners are shown of its deliveries (GET /webhooks: how many wait, how many were given
 * up, the latest failure and the latest delivery): when each delivery was last tried, and an index by
 * webhook, since the table keeps every delivery and its only index was by status and due time (the
 * sender's). Deliveries stored before this migration have no attempt time.
 */
export function webhookDeliveryStateMigration(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // May run again (a migration stopped halfway, or run again after an earlier one): the column once.
      if (engine === 'postgres') {
        await sql`alter table webhook_deliveries add column if not exists last_attempt_at timestamptz`.execute(db);
      } else {
        const { rows } = await sql<{ n: number }>`select count(*) as n from pragma_table_info('webhook_deliveries') where name = 'last_attempt_at'`.execute(db);
        if (Number(rows[0]?.n ?? 0) === 0) await sql`alter table webhook_deliveries add column last_attempt_at text`.execute(db);
      }
      await sql`create index if not exists webhook_deliveries_webhook_idx on webhook_deliveries (webhook_id, status, delivered_at)`.execute(db);
    },
  };
}
