import type { Kysely } from 'kysely';
import type { Engine } from '../dialect.js';
import { addColumnOnce, TEXT } from './add-column-once.js';

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
      await addColumnOnce(db, engine, 'reports', 'idempotency_fingerprint', TEXT);
    },
  };
}
