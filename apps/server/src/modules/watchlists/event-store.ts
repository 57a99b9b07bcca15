import type { PlatformEvent } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import { newId, nowIso } from '../../platform/ids.js';
import { webhookReceives } from './event-audience.js';

/**
 * Stores organisations' events in the caller's transaction, with a pending delivery to each of the
 * organisation's webhooks (a paused one's waits until it is resumed), so none is lost with a rollback or
 * sent for one. Every module that emits events writes them here (watch matches, access requests). A
 * server's event feed broadcasts on the live stream (`GET /events`) what it did not write itself within
 * its poll interval, and its delivery timer
 * sends the pending deliveries (signed, retried); a writer that broadcasts at commit marks the ids as its
 * own (watch.service.ts). What is stored is what was judged at commit: whatever reads an event back to
 * send it (a delivery, a replay, the recent list) judges it again first (event-rejudge.ts).
 */
export async function storeEvents(trx: Db, events: { organisationId: string; type: PlatformEvent['type']; data: object }[]): Promise<PlatformEvent[]> {
  if (events.length === 0) return [];
  const now = nowIso();
  const rows = events.map((e) => ({ id: newId(), organisation_id: e.organisationId, type: e.type, payload: JSON.stringify(e.data), created_at: now }));
  await trx.insertInto('events').values(rows).execute();
  const organisations = [...new Set(rows.map((r) => r.organisation_id))];
  // A paused webhook is owed its events too: they wait, unsent, until it is resumed (webhook-deliveries.ts).
  const hooks = await trx.selectFrom('webhooks').select(['id', 'organisation_id', 'access_requests']).where('organisation_id', 'in', organisations).execute();
  // A webhook made by someone who may not answer access requests is not sent the events about them (event-audience.ts).
  const deliveries = rows.flatMap((event) =>
    hooks.filter((h) => h.organisation_id === event.organisation_id && webhookReceives(event.type, Number(h.access_requests) === 1)).map((h) => ({ event_id: event.id, webhook_id: h.id, status: 'pending', attempts: 0, next_attempt_at: now, last_error: null, delivered_at: null })),
  );
  if (deliveries.length > 0) await trx.insertInto('webhook_deliveries').values(deliveries).execute();
  return rows.map((r) => ({ id: r.id, type: r.type as PlatformEvent['type'], createdAt: r.created_at, data: JSON.parse(r.payload) as Record<string, unknown> }));
}
