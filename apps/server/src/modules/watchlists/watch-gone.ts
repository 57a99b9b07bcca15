import type { Db } from '../../db/index.js';
import { chunks } from '../../db/chunks.js';
import type { StoredEvent } from './event-rejudge.js';

/** Why a delivery was not sent (webhook_deliveries.last_error of a `withdrawn` one) when its watch is gone: bounded, names nothing of the event. */
export const WATCH_DELETED_REASON = 'withdrawn: the watch that matched this event was deleted before it was sent';

/** The events a watch produced, which name it in their data (`watchlist.id`): the others belong to no watch. */
const WATCH_EVENT_TYPES: ReadonlySet<string> = new Set(['watch.match', 'indicator.status_changed']);

/** The id of the watch that produced this event, or null: not a watch's event, or stored without one (kept as it is). */
export function watchOf(event: Pick<StoredEvent, 'type' | 'data'>): string | null {
  if (!WATCH_EVENT_TYPES.has(event.type)) return null;
  const watchlist = event.data.watchlist;
  return typeof watchlist === 'object' && watchlist !== null && typeof (watchlist as { id?: unknown }).id === 'string' ? (watchlist as { id: string }).id : null;
}

/**
 * Which of these events came from a watch that no longer exists, by event id: an organisation that
 * deletes a watch (one too broad, say) expects its alerts to stop, while a delivery is retried for a day.
 * Read from the table, not this process's watch index, which another server's delete reaches only within
 * a tick; a watch matched on such a stale index is thus caught too. Watches are never edited in place (a
 * changed pattern is a new watch, a new id), so existing is all there is to ask. One query per piece of
 * distinct watch ids, never one per event. For webhook deliveries only: the events stay in the
 * organisation's history (the recent list, a stream's replay), as they did happen.
 */
export async function eventsOfDeletedWatches(db: Db, events: readonly Pick<StoredEvent, 'id' | 'type' | 'data'>[]): Promise<Set<string>> {
  const watchIds = [...new Set(events.map(watchOf).filter((id): id is string => id !== null))];
  const existing = new Set<string>();
  for (const part of chunks(watchIds)) for (const row of await db.selectFrom('watchlists').select('id').where('id', 'in', part).execute()) existing.add(row.id);
  const gone = new Set<string>();
  for (const event of events) {
    const watchId = watchOf(event);
    if (watchId !== null && !existing.has(watchId)) gone.add(event.id);
  }
  return gone;
}
