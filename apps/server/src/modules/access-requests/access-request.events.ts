import type { PlatformEvent } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import { newId, nowIso } from '../../platform/ids.js';

/**
 * Access-request events (`access_request.received`, `access_request.answered`), written to the platform's
 * events table and webhook deliveries in the transaction of the request or the answer, so none is lost.
 *
 * They reach the organisation through the watchlists module's event machinery without a call into it:
 * that module broadcasts on the live stream (`GET /events`) the events other writers commit to the events
 * table — as it does for a second server or `gpos import` — within its poll interval (0.5 s), lists them
 * in `GET /events/recent`, and its delivery timer sends the pending webhook deliveries (signed, retried).
 * The rows are the ones its own `recordEvents` writes for a watch match. (That function is not exported;
 * exporting it, or an `emit(trx, events)` of the watch service, would let this module call it instead of
 * writing the same two tables, and broadcast at commit instead of at the next poll.)
 */
export async function recordEvents(trx: Db, events: { organisationId: string; type: PlatformEvent['type']; data: object }[]): Promise<void> {
  if (events.length === 0) return;
  const now = nowIso();
  const rows = events.map((e) => ({ id: newId(), organisation_id: e.organisationId, type: e.type, payload: JSON.stringify(e.data), created_at: now }));
  await trx.insertInto('events').values(rows).execute();
  const organisations = [...new Set(rows.map((r) => r.organisation_id))];
  const hooks = await trx.selectFrom('webhooks').select(['id', 'organisation_id']).where('organisation_id', 'in', organisations).where('status', '=', 'active').execute();
  const deliveries = rows.flatMap((event) =>
    hooks.filter((h) => h.organisation_id === event.organisation_id).map((h) => ({ event_id: event.id, webhook_id: h.id, status: 'pending', attempts: 0, next_attempt_at: now, last_error: null, delivered_at: null })),
  );
  if (deliveries.length > 0) await trx.insertInto('webhook_deliveries').values(deliveries).execute();
}
