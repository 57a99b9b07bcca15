import { sql, type Kysely } from 'kysely';
import type { Engine } from '../dialect.js';

/**
 * SQLite: `network_queue.seq` becomes AUTOINCREMENT. A plain integer primary key reuses the numbers of
 * deleted rows, and every drain empties the queue, so the first item queued after a drain got the number
 * of an item already drained. The linker trusts what ingest told it about a report only when the report's
 * one queued item is the very item that ingest wrote (network-queue.ts), which needs each number to name
 * one item forever. PostgreSQL's `bigserial` never hands out a number twice; nothing changes there.
 */
export function networkQueueNumberedMigration(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (engine !== 'sqlite') return;
      await sql`create table network_queue_numbered (
        seq integer primary key autoincrement,
        kind text not null,
        target_id text not null,
        enqueued_at text not null
      )`.execute(db);
      await sql`insert into network_queue_numbered (seq, kind, target_id, enqueued_at) select seq, kind, target_id, enqueued_at from network_queue`.execute(db);
      await sql`drop table network_queue`.execute(db);
      await sql`alter table network_queue_numbered rename to network_queue`.execute(db);
    },
  };
}
