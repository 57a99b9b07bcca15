import type { Kysely } from 'kysely';

/**
 * Whether a webhook receives the events about access requests made to its organisation
 * (`access_request.received`, `.withdrawn`): those are for the members who may answer them, and a webhook
 * is set up by anyone who manages the organisation's watchlists (investigators too). A new webhook
 * receives them when the person or key that made it may answer; the webhooks made before this migration
 * keep receiving them, as they did (an admin can make them again to change that).
 */
export function webhookAccessRequestsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('webhooks').addColumn('access_requests', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    },
  };
}
