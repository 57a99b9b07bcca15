import { createHmac } from 'node:crypto';
import { LIMITS, type WebhookDeliveryState } from '@gpos/contracts';
import type { Db } from '../../db/index.js';
import { chunks } from '../../db/chunks.js';
import { nowIso } from '../../platform/ids.js';
import { postWebhook } from './webhook-post.js';

/*
 * Webhook deliveries: each event stored for an organisation has a pending delivery to each of its active
 * webhooks (event-store.ts). The servers send them here, signed, and retry a failure with backoff until a
 * 2xx or LIMITS.webhookDeliveryAttempts attempts; the organisation sees how they stand (deliveryStates)
 * and may try the given-up ones again (retryFailed).
 */

const MAX_ATTEMPTS = LIMITS.webhookDeliveryAttempts;
const DELIVERY_TIMEOUT_MS = 10_000;
export const SIGNATURE_HEADER = 'x-gpos-signature';

/** HMAC-SHA256 of the exact body, hex, as `sha256=<hex>`: receivers recompute it with their secret. */
export const signPayload = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Exponential backoff: 10 s, 20 s, 40 s … capped at one hour. */
export const retryDelayMs = (attempts: number) => Math.min(3_600_000, 10_000 * 2 ** Math.max(0, attempts - 1));

/** Sends the deliveries due now (at most 50 a run), each claimed first; outcomes are written back, failures left for a later run. */
export async function sendDueDeliveries(db: Db, options: { publicOnly: boolean }): Promise<void> {
  const now = nowIso();
  const due = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .select(['d.event_id', 'd.webhook_id', 'd.attempts', 'w.url', 'w.secret', 'e.type', 'e.payload', 'e.created_at'])
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', now)
    .limit(50)
    .execute();
  await Promise.all(
    due.map(async (d) => {
      // Claim it first so a second server (or a slow previous round) never sends it twice at once: the
      // claim moves its due time past now, so another claim of the same reading finds it not due.
      const claim = await db
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: new Date(Date.now() + DELIVERY_TIMEOUT_MS * 3).toISOString() })
        .where('event_id', '=', d.event_id)
        .where('webhook_id', '=', d.webhook_id)
        .where('attempts', '=', d.attempts)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) === 0) return;
      const body = JSON.stringify({ id: d.event_id, type: d.type, createdAt: d.created_at, data: JSON.parse(d.payload) });
      const triedAt = nowIso();
      let error: string | null = null;
      try {
        const status = await postWebhook(d.url, { 'content-type': 'application/json', [SIGNATURE_HEADER]: signPayload(d.secret, body), 'x-gpos-event-id': d.event_id }, body, {
          timeoutMs: DELIVERY_TIMEOUT_MS,
          publicOnly: options.publicOnly,
        });
        if (status < 200 || status > 299) error = `HTTP ${status}`;
      } catch (e) {
        error = e instanceof Error ? e.message.slice(0, 200) : 'delivery failed';
      }
      const attempts = d.attempts + 1;
      await db
        .updateTable('webhook_deliveries')
        .set(
          error === null
            ? { status: 'delivered', attempts, delivered_at: nowIso(), last_error: null, last_attempt_at: triedAt }
            : { status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending', attempts, last_error: error, last_attempt_at: triedAt, next_attempt_at: new Date(Date.now() + retryDelayMs(attempts)).toISOString() },
        )
        .where('event_id', '=', d.event_id)
        .where('webhook_id', '=', d.webhook_id)
        .execute();
    }),
  );
}

const NO_DELIVERIES: WebhookDeliveryState = { pending: 0, failed: 0, lastDeliveredAt: null, lastFailure: null };

/**
 * How the deliveries of these webhooks stand, by webhook id. Without it a receiver that answered 500 for
 * hours looked "Active" while every event waited or was given up unsaid. Reads by webhook
 * (webhook_deliveries_webhook_idx, migration 028): the waiting and given-up ones are counted, delivered
 * ones never (they only grow); the latest delivery is one index step.
 */
export async function deliveryStates(db: Db, webhookIds: readonly string[]): Promise<Map<string, WebhookDeliveryState>> {
  const states = new Map<string, WebhookDeliveryState>(webhookIds.map((id) => [id, { ...NO_DELIVERIES }]));
  for (const part of chunks([...webhookIds])) {
    const counts = await db
      .selectFrom('webhook_deliveries')
      .select(['webhook_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('webhook_id', 'in', part)
      .where('status', 'in', ['pending', 'failed'])
      .groupBy(['webhook_id', 'status'])
      .execute();
    for (const row of counts) {
      const state = states.get(row.webhook_id)!;
      if (row.status === 'pending') state.pending = Number(row.n);
      else state.failed = Number(row.n);
    }
  }
  for (const id of webhookIds) {
    const state = states.get(id)!;
    const delivered = await db.selectFrom('webhook_deliveries').select('delivered_at').where('webhook_id', '=', id).where('status', '=', 'delivered').orderBy('delivered_at', 'desc').limit(1).executeTakeFirst();
    state.lastDeliveredAt = delivered?.delivered_at ?? null;
    if (state.pending + state.failed === 0) continue;
    // The latest failed attempt of a delivery still owed (attempts made before migration 028 have no time: last).
    const failure = await db
      .selectFrom('webhook_deliveries')
      .select(['event_id', 'status', 'attempts', 'last_error', 'last_attempt_at', 'next_attempt_at'])
      .where('webhook_id', '=', id)
      .where('status', 'in', ['pending', 'failed'])
      .where('last_error', 'is not', null)
      .orderBy('last_attempt_at', (ob) => ob.desc().nullsLast())
      .orderBy('next_attempt_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (failure) {
      state.lastFailure = {
        eventId: failure.event_id,
        error: failure.last_error!,
        attempts: failure.attempts,
        at: failure.last_attempt_at,
        nextAttemptAt: failure.status === 'pending' ? failure.next_attempt_at : null,
      };
    }
  }
  return states;
}

/** Makes a webhook's given-up deliveries due again, each with its attempts afresh; answers how many. */
export async function retryFailed(trx: Db, webhookId: string): Promise<number> {
  const result = await trx
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: nowIso(), last_error: null, last_attempt_at: null })
    .where('webhook_id', '=', webhookId)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
