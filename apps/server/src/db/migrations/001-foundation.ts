import { sql, type Kysely } from 'kysely';
import { columnTypes, type Engine } from '../dialect.js';

/** Organisations, people, credentials, sharing policy and the audit chain: what every module stands on. */
export function foundationMigration(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('organisations')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('short_name', 'text')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('joined_at', t.timestamp, (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('organisations_name_idx').on('organisations').columns(['name', 'id']).execute();

      await db.schema
        .createTable('users')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('organisation_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('last_login_at', t.timestamp)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('users_org_idx').on('users').columns(['organisation_id', 'email']).execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', t.id, (c) => c.notNull().references('users.id'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .execute();
      await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

      await db.schema
        .createTable('login_attempts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('window_started_at', t.timestamp, (c) => c.notNull())
        .addColumn('locked_until', t.timestamp)
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('organisation_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('created_by_user_id', t.id, (c) => c.references('users.id'))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp)
        .addColumn('last_used_at', t.timestamp)
        .addColumn('revoked_at', t.timestamp)
        .execute();
      await db.schema.createIndex('api_keys_org_idx').on('api_keys').columns(['organisation_id', 'id']).execute();

      await db.schema
        .createTable('communities')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('owner_organisation_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('community_members')
        .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id').onDelete('cascade'))
        .addColumn('organisation_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addPrimaryKeyConstraint('community_members_pk', ['community_id', 'organisation_id'])
        .execute();
      await db.schema
        .createIndex('community_members_org_idx')
        .on('community_members')
        .columns(['organisation_id', 'community_id'])
        .execute();

      await db.schema
        .createTable('markings')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('fingerprint', 'text', (c) => c.notNull().unique())
        .addColumn('tlp', 'text', (c) => c.notNull())
        .addColumn('owner_organisation_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addColumn('created_by_user_id', t.id, (c) => c.references('users.id'))
        .addColumn('community_id', t.id, (c) => c.references('communities.id'))
        .addColumn('red_scope', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('marking_recipient_organisations')
        .addColumn('marking_id', t.id, (c) => c.notNull().references('markings.id'))
        .addColumn('organisation_id', t.id, (c) => c.notNull().references('organisations.id'))
        .addPrimaryKeyConstraint('marking_recipient_organisations_pk', ['marking_id', 'organisation_id'])
        .execute();
      await db.schema
        .createIndex('marking_recipient_organisations_org_idx')
        .on('marking_recipient_organisations')
        .columns(['organisation_id', 'marking_id'])
        .execute();
      await db.schema
        .createTable('marking_recipient_users')
        .addColumn('marking_id', t.id, (c) => c.notNull().references('markings.id'))
        .addColumn('user_id', t.id, (c) => c.notNull().references('users.id'))
        .addPrimaryKeyConstraint('marking_recipient_users_pk', ['marking_id', 'user_id'])
        .execute();
      await db.schema
        .createIndex('marking_recipient_users_user_idx')
        .on('marking_recipient_users')
        .columns(['user_id', 'marking_id'])
        .execute();

      await db.schema
        .createTable('audit_events')
        .addColumn('seq', t.bigint, (c) => c.primaryKey())
        .addColumn('id', t.id, (c) => c.notNull().unique())
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .addColumn('actor_user_id', t.id)
        .addColumn('actor_api_key_id', t.id)
        .addColumn('actor_organisation_id', t.id)
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text')
        .addColumn('target_id', 'text')
        .addColumn('request_id', 'text')
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_events_org_idx')
        .on('audit_events')
        .columns(['actor_organisation_id', 'seq'])
        .execute();
      await db.schema.createIndex('audit_events_target_idx').on('audit_events').columns(['target_type', 'target_id']).execute();
      await db.schema
        .createTable('audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', t.bigint, (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into audit_head (id, seq, hash) values (1, 0, ${GENESIS_HASH})`.execute(db);

      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .execute();
    },
  };
}

/** The hash the first audit event chains from. */
export const GENESIS_HASH = '0'.repeat(64);
