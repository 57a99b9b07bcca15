import type { Kysely } from 'kysely';
import { columnTypes, type Engine } from '../dialect.js';

/**
 * Rate-limit windows in the database (platform/http/rate-limit-store.ts): the sign-in limit per client
 * address holds across every server on one database, not per process, so scaling out behind a load
 * balancer does not multiply it.
 */
export function rateLimitWindowsMigration(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('rate_limit_windows')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('started_ms', t.bigint, (c) => c.notNull())
        .addColumn('hits', 'integer', (c) => c.notNull())
        .execute();
    },
  };
}
