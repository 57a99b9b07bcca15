import type { Kysely } from 'kysely';
import type { Engine } from '../dialect.js';
import { addColumnOnce, INTEGER } from './add-column-once.js';

/**
 * The receiver's HTTP status of a delivery's last failed attempt, as a number beside `last_error_code`
 * (`webhook.delivery_http_status`): the web page read it back out of the English `last_error` ("HTTP 503")
 * with a pattern, which any change of those words would break. Null when no receiver answered (a
 * connection error, a timeout, an address refused before sending), and for attempts made before this
 * migration, which say it only in their English.
 */
export function webhookDeliveryHttpStatusMigration(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await addColumnOnce(db, engine, 'webhook_deliveries', 'last_http_status', INTEGER);
    },
  };
}
