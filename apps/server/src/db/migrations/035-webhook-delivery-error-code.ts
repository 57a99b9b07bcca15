import type { Kysely } from 'kysely';
import type { Engine } from '../dialect.js';
import { addColumnOnce, TEXT } from './add-column-once.js';

/**
 * Why a delivery's last attempt failed, as a code (WEBHOOK_DELIVERY_FAILURE_CODES), beside `last_error`,
 * the receiver's answer or the socket's words in English: `GET /webhooks` shows a webhook's last failure,
 * and a Thai reader was given "getaddrinfo ENOTFOUND …" as it was. Attempts made before this migration
 * have none, and say only their English.
 */
export function webhookDeliveryErrorCodeMigration(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await addColumnOnce(db, engine, 'webhook_deliveries', 'last_error_code', TEXT);
    },
  };
}
