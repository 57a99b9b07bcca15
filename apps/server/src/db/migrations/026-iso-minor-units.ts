import { sql, type Kysely } from 'kysely';
import { columnTypes, type Engine } from '../dialect.js';

/**
 * Until this migration, minor units were the runtime's display digits (ICU), not ISO 4217's: these
 * currencies were stored in whole units where ISO counts hundredths (thousandths for IQD). Their stored
 * amounts are rescaled so they mean what `currencyExponent` now says; their USD values were right and
 * stay. The digits are those of the Node.js 20 line the platform ran on.
 */
export const RESCALED_CURRENCIES: Readonly<Record<string, number>> = {
  ...Object.fromEntries(['AFN', 'ALL', 'COP', 'HUF', 'IDR', 'IRR', 'KPW', 'LAK', 'LBP', 'MGA', 'MMK', 'PKR', 'SLL', 'SOS', 'SYP', 'YER'].map((c) => [c, 100])),
  IQD: 1000,
};

/**
 * Also: a domain watch keeps to its type since this release (domain: every identifier under the domain;
 * url, email: those alone). One stored with another type matched everything under its domain: it becomes
 * a `domain` watch, so it matches what it did.
 */
export function isoMinorUnitsMigration(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('data_migrations')
        .ifNotExists()
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .execute();
      // One transaction with its marker: SQLite runs a migration outside one (PostgreSQL's migrator inside
      // one already), and a rescale run twice would multiply twice.
      const once = (rewrite: (trx: Kysely<unknown>) => Promise<void>) => (db.isTransaction ? rewrite(db) : db.transaction().execute(rewrite));
      await once(async (trx) => {
        const done = await sql<{ name: string }>`select name from data_migrations where name = 'iso-minor-units'`.execute(trx);
        if (done.rows.length > 0) return;
        const cases = sql.join(Object.entries(RESCALED_CURRENCIES).map(([currency, factor]) => sql`when ${currency} then loss_amount * ${factor}`), sql` `);
        await sql`update reports set loss_amount = case loss_currency ${cases} else loss_amount end
          where loss_amount is not null and loss_currency in (${sql.join(Object.keys(RESCALED_CURRENCIES))})`.execute(trx);
        await sql`update watchlists set indicator_type = 'domain' where kind = 'domain' and indicator_type not in ('domain', 'url', 'email')`.execute(trx);
        await sql`insert into data_migrations (name, at) values ('iso-minor-units', ${new Date().toISOString()})`.execute(trx);
      });
    },
  };
}
