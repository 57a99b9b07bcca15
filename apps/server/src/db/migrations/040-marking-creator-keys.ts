import type { Kysely } from 'kysely';
import type { Engine } from '../dialect.js';
import { addColumnOnce } from './add-column-once.js';

/**
 * The API key that made a RED marking (`markings.created_by_api_key_id`), when no person did. RED is for
 * the person who made it and the people it names; a report an organisation's system sent with its API key
 * to named people was then no one's: the key that made it answered 404 to its own report, and nobody could
 * correct or retract it. The key is its maker now, as a person is. Null on markings made before (they stay
 * as they were) and on every marking a person made. May run again.
 */
export function markingCreatorKeysMigration(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await addColumnOnce(db, engine, 'markings', 'created_by_api_key_id', { postgres: 'uuid', sqlite: 'text' });
    },
  };
}
