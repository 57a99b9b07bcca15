import { expect } from 'vitest';
import type { Db } from '../../src/db/index.js';
import type { TestApp } from './test-app.js';

/** A stored event's webhook delivery as it stands (one webhook per organisation in these tests). */
export const deliveryOf = async (db: Db, eventId: string) =>
  (await db.selectFrom('webhook_deliveries').select(['status', 'attempts', 'last_error']).where('event_id', '=', eventId).executeTakeFirst())!;

/** Waits until the server's first attempt at the event failed (the receiver answers 500): it then waits for its retry. */
export const firstAttemptFailed = (db: Db, eventId: string) => expect.poll(async () => (await deliveryOf(db, eventId)).attempts, { timeout: 5000 }).toBeGreaterThanOrEqual(1);

/**
 * Makes every pending delivery due and waits until none is (the receiver must answer 2xx by now). Again each
 * time round: a run under way when the receiver was mended puts its failed attempt off by its backoff.
 */
export async function sendEveryPending(db: Db): Promise<void> {
  const pending = async () => {
    await db.updateTable('webhook_deliveries').set({ next_attempt_at: '2000-01-01T00:00:00.000Z' }).where('status', '=', 'pending').execute();
    return (await db.selectFrom('webhook_deliveries').select('event_id').where('status', '=', 'pending').execute()).length;
  };
  await expect.poll(pending, { timeout: 10_000, interval: 200 }).toBe(0);
}

/** Makes every pending delivery due and lets the server's delivery timer (every second) take them. */
export async function letTheServerDeliver(db: Db): Promise<void> {
  await db.updateTable('webhook_deliveries').set({ next_attempt_at: '2000-01-01T00:00:00.000Z' }).where('status', '=', 'pending').execute();
  await new Promise((resolve) => setTimeout(resolve, 1_500));
}

/** Files a report naming the Thai bank account `number` (at BKKBTHBK), as `headers`' organisation: the webhook tests' match. */
export async function reportBankAccount(app: TestApp['app'], headers: Record<string, string>, number: string): Promise<void> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    headers,
    payload: { scamType: 'investment', channel: 'messaging_app', victimCountry: 'KH', occurredAt: '2026-10-01T00:00:00Z', indicators: [{ type: 'bank_account', value: number, country: 'TH', bankCode: 'BKKBTHBK' }] },
  });
  expect(response.statusCode, response.body).toBe(201);
}
