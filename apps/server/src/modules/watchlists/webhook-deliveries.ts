import { createHmac } from 'node:crypto';
import { LIMITS, WEBHOOK_DELIVERY_FAILURE_CODES, type WebhookDeliveryFailureCode as DeliveryFailureCode, type WebhookDeliveryState } from '@gpos/contracts';
import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { chunks } from '../../db/chunks.js';
import { cutToCodePoints } from '../../platform/cut-text.js';
import { textCatalogue } from '../../platform/coded-text.js';
import { NonPublicAddressError } from '../../platform/http/public-address.js';
import { nowIso } from '../../platform/ids.js';
import { rejudgeEvents, WITHDRAWN_REASON } from './event-rejudge.js';
import { postWebhook } from './webhook-post.js';
import { eventsOfDeletedWatches, WATCH_DELETED_REASON } from './watch-gone.js';

/*
 * Webhook deliveries: each event stored for an organisation has a pending delivery to each of its
 * webhooks, paused ones included (event-store.ts). The servers send them here, signed, to the active
 * ones, and retry a failure with backoff until a 2xx or LIMITS.webhookDeliveryAttempts attempts; the
 * organisation sees how they stand (deliveryStates) and may try the given-up ones again (retryFailed). Each event is judged again before it is sent
 * (event-rejudge.ts): one the organisation may no longer be told is `withdrawn`, never sent nor retried,
 * as is one whose watch it deleted since (watch-gone.ts).
 * Statuses: pending, delivered, failed (given up; retryFailed makes it pending), withdrawn (final).
 */

const MAX_ATTEMPTS = LIMITS.webhookDeliveryAttempts;
const DELIVERY_TIMEOUT_MS = 10_000;
/** Deliveries one webhook is sent at most in a run (sendDueDeliveries), so that one receiver cannot fill a run. */
export const PER_WEBHOOK_PER_RUN = 10;
/** After this long a run starts no more deliveries (those in flight end within DELIVERY_TIMEOUT_MS). */
export const RUN_BUDGET_MS = 5_000;
export const SIGNATURE_HEADER = 'x-gpos-signature';
/** How an attempt counted but not sent says so (sendDueDeliveries): the receiver's own answer is the other attempt's. */
const NOT_SENT = 'not sent: ';

/** HMAC-SHA256 of the exact body, hex, as `sha256=<hex>`: receivers recompute it with their secret. */
export const signPayload = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Exponential backoff: 10 s, 20 s, 40 s … capped at one hour. */
export const retryDelayMs = (attempts: number) => Math.min(3_600_000, 10_000 * 2 ** Math.max(0, attempts - 1));

type DueDelivery = { event_id: string; webhook_id: string; attempts: number; url: string; secret: string; type: string; created_at: string; data: Record<string, unknown> };

/**
 * Sends the deliveries due now (at most 50 a run, oldest due first, at most PER_WEBHOOK_PER_RUN of one
 * webhook, none started after RUN_BUDGET_MS; none of a suspended organisation's), each claimed first; outcomes are
 * written back, failures left for a later run. A webhook's deliveries go one after another, and once
 * one fails the run sends that webhook nothing more: the others due now count the attempt as failed with
 * the same cause, unsent. A receiver that is down thus gets one request per webhook per run instead of one
 * per waiting event (fifty requests timing out at once, then fifty again at the next retry, and the
 * whole backlog at once the moment it comes back), while every delivery still keeps its own attempts and
 * is given up on schedule, not held back behind the one that was tried.
 */
export async function sendDueDeliveries(db: Db, options: { publicOnly: boolean; runBudgetMs?: number }): Promise<void> {
  const now = nowIso();
  const started = Date.now();
  const runBudgetMs = options.runBudgetMs ?? RUN_BUDGET_MS;
  // Each webhook's oldest due deliveries, at most PER_WEBHOOK_PER_RUN of them: a receiver that answers
  // slowly (2xx after 9 s) with a backlog took all 50 of a run, one after another, for minutes, while every
  // other organisation's deliveries waited behind it — the next run waits for this one.
  const ranked = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .innerJoin('organisations as o', 'o.id', 'w.organisation_id')
    .select(['d.event_id', 'd.webhook_id', 'd.attempts', 'd.next_attempt_at', 'w.url', 'w.secret', 'e.organisation_id', 'e.type', 'e.payload', 'e.created_at'])
    .select(sql<number>`row_number() over (partition by d.webhook_id order by d.next_attempt_at, d.event_id)`.as('turn'))
    .where('d.status', '=', 'pending')
    // A suspended organisation's people and keys stop working and its streams end; its webhooks carry the
    // same intelligence with no credential to check, so they wait, unattempted (not given up), until it is
    // reactivated. Left out here, not skipped after reading, or its backlog would fill every run's 50.
    .where('o.status', '=', 'active')
    // A paused webhook's deliveries wait the same way, until it is resumed (watch.service.ts setWebhookStatus).
    .where('w.status', '=', 'active')
    .where('d.next_attempt_at', '<=', now);
  const due = await db
    .selectFrom(ranked.as('due'))
    .select(['event_id', 'webhook_id', 'attempts', 'url', 'secret', 'organisation_id', 'type', 'payload', 'created_at'])
    .where('turn', '<=', PER_WEBHOOK_PER_RUN)
    .orderBy('next_attempt_at')
    .limit(50)
    .execute();
  const stored = due.map((d) => ({ id: d.event_id, organisationId: d.organisation_id, type: d.type, data: JSON.parse(d.payload) as Record<string, unknown> }));
  // An event of a watch the organisation deleted since is not sent at all (watch-gone.ts); what each of
  // the others may still tell is judged now for the whole run: the body sent is this, not the stored one.
  const watchGone = await eventsOfDeletedWatches(db, stored);
  const judgeable = stored.filter((e) => !watchGone.has(e.id));
  const judged = await rejudgeEvents(db, judgeable);
  /** The body each event sends now, by event id; null for one withdrawn, absent for one whose watch is gone. */
  const told = new Map(judgeable.map((e, i) => [e.id, judged[i]!] as const));
  await withdraw(db, [...watchGone], now, WATCH_DELETED_REASON);
  await withdraw(db, [...told].filter(([, data]) => data === null).map(([id]) => id), now, WITHDRAWN_REASON);
  const byWebhook = new Map<string, DueDelivery[]>();
  for (const { payload: _stored, organisation_id: _organisation, ...d } of due) {
    const data = told.get(d.event_id);
    if (data) byWebhook.set(d.webhook_id, [...(byWebhook.get(d.webhook_id) ?? []), { ...d, data }]);
  }
  await Promise.all(
    [...byWebhook.values()].map(async (deliveries) => {
      let failed: AttemptFailure | null = null;
      for (const d of deliveries) {
        // Past the run's budget a webhook sends no more this run: what it has left stays due, unclaimed and
        // with no attempt spent, for the next run — which then starts within seconds, not minutes.
        if (Date.now() - started > runBudgetMs) break;
        if (!(await claim(db, d, now))) continue;
        const triedAt = nowIso();
        // One counted unsent fails for the cause of the one tried: its code and the receiver's status are that one's.
        const failure: AttemptFailure | null =
          failed === null
            ? await send(d, options)
            : { error: cutToCodePoints(`${NOT_SENT}an earlier delivery to this webhook failed just before (${failed.error})`, 200, '…)'), code: failed.code, httpStatus: failed.httpStatus };
        if (failed === null && failure !== null) failed = failure;
        await recordAttempt(db, d, failure, triedAt);
      }
    }),
  );
}

/**
 * Claims a delivery before sending it, so a second server (or a slow previous round) never sends it twice
 * at once: the claim moves its due time past now, so another claim of the same reading finds it not due.
 */
async function claim(db: Db, d: DueDelivery, now: string): Promise<boolean> {
  const claimed = await db
    .updateTable('webhook_deliveries')
    .set({ next_attempt_at: new Date(Date.now() + DELIVERY_TIMEOUT_MS * 3).toISOString() })
    .where('event_id', '=', d.event_id)
    .where('webhook_id', '=', d.webhook_id)
    .where('attempts', '=', d.attempts)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) > 0;
}

/**
 * Why an attempt failed: the receiver's answer or the socket's words (bounded), that as a code, and the
 * receiver's HTTP status when it answered one (null when none did: refused, timed out, not sent).
 */
interface AttemptFailure {
  error: string;
  code: DeliveryFailureCode;
  httpStatus: number | null;
}

/** POSTs one delivery, signed; null when the receiver answered 2xx, else why not. */
async function send(d: DueDelivery, options: { publicOnly: boolean }): Promise<AttemptFailure | null> {
  const outcome = await postSigned(d.url, d.secret, { id: d.event_id, type: d.type, createdAt: d.created_at, data: d.data }, options);
  return outcome.error === null ? null : { error: outcome.error, code: outcome.errorCode ?? 'webhook.delivery_failed', httpStatus: outcome.httpStatus };
}

/**
 * What one signed POST came to: the receiver's status (null when none answered), why it failed (null for
 * a 2xx), and that reason as a code (deliveryFailureCode) for a client to say in its reader's language.
 */
interface PostOutcome {
  httpStatus: number | null;
  error: string | null;
  errorCode: DeliveryFailureCode | null;
}

/**
 * Why a delivery failed, by code (the web's locale files hold the same texts under `webhook`): what a test
 * delivery's `error` says, with the socket's own words after it.
 */
export const WEBHOOK_DELIVERY_FAILURES = {
  'webhook.delivery_http_status': 'the receiver answered HTTP {{status}}, not a 2xx',
  'webhook.delivery_host_not_found': 'its host name was not found (DNS): check the address',
  'webhook.delivery_refused': 'the receiver refused the connection: is it listening at this address and port?',
  'webhook.delivery_reset': 'the receiver closed the connection before answering',
  'webhook.delivery_timed_out': 'the receiver did not answer in time',
  'webhook.delivery_tls': "the receiver's TLS certificate could not be verified",
  'webhook.delivery_not_public': 'its address is not a public one, so nothing was sent',
  'webhook.delivery_failed': 'it could not be sent',
} as const satisfies Record<DeliveryFailureCode, string>;
const deliveryFailures = textCatalogue(WEBHOOK_DELIVERY_FAILURES);

/**
 * Why a POST got no answer, as a code: the socket's error said in words the receiver's owner can act on,
 * where Node's own ("getaddrinfo ENOTFOUND example.org") reached a Thai reader as it was (walkthrough, session 58).
 */
function deliveryFailureCode(e: unknown): DeliveryFailureCode {
  if (e instanceof NonPublicAddressError) return 'webhook.delivery_not_public';
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  const name = e instanceof Error ? e.name : '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'webhook.delivery_host_not_found';
  if (code === 'ECONNREFUSED') return 'webhook.delivery_refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'webhook.delivery_reset';
  if (code === 'ETIMEDOUT' || code === 'ABORT_ERR' || name === 'TimeoutError' || name === 'AbortError') return 'webhook.delivery_timed_out';
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return 'webhook.delivery_tls';
  return 'webhook.delivery_failed';
}

async function postSigned(url: string, secret: string, message: { id: string; type: string; createdAt: string; data: Record<string, unknown> }, options: { publicOnly: boolean }): Promise<PostOutcome> {
  const body = JSON.stringify(message);
  try {
    const status = await postWebhook(url, { 'content-type': 'application/json', [SIGNATURE_HEADER]: signPayload(secret, body), 'x-gpos-event-id': message.id }, body, {
      timeoutMs: DELIVERY_TIMEOUT_MS,
      publicOnly: options.publicOnly,
    });
    const failed = status < 200 || status > 299;
    return { httpStatus: status, error: failed ? `HTTP ${status}` : null, errorCode: failed ? 'webhook.delivery_http_status' : null };
  } catch (e) {
    return { httpStatus: null, error: e instanceof Error ? e.message.slice(0, 200) : 'delivery failed', errorCode: deliveryFailureCode(e) };
  }
}

/** The type of a test delivery: no event happened, and none is stored. */
export const TEST_DELIVERY_TYPE = 'webhook.test';

/**
 * Sends a webhook one test delivery now, signed and guarded as every delivery is, and answers what became
 * of it, so its owners can check their receiver (address, TLS, signature check) without waiting for a
 * match. Nothing is stored or retried: it is not an event, and its id is fresh.
 */
export async function sendTestDelivery(hook: { id: string; url: string; secret: string }, eventId: string, options: { publicOnly: boolean }) {
  const started = performance.now();
  const outcome = await postSigned(hook.url, hook.secret, { id: eventId, type: TEST_DELIVERY_TYPE, createdAt: nowIso(), data: { webhookId: hook.id } }, options);
  const said = outcome.errorCode === null ? null : deliveryFailures.say(outcome.errorCode, { status: outcome.httpStatus ?? 0 }).message;
  // The code's words first, then the socket's ("connect ECONNREFUSED 127.0.0.1:9"), which a receiver's owner may need.
  const error = said === null ? null : outcome.httpStatus !== null ? said : `${said} (${outcome.error})`;
  return { eventId, delivered: outcome.error === null, ...outcome, error, durationMs: Math.round(performance.now() - started) };
}

/**
 * Withdraws the due deliveries of events the organisation may no longer be told (event-rejudge.ts) or
 * whose watch it deleted (watch-gone.ts), saying which by `reason`: final, no attempt counted, never
 * retried (retryFailed takes failed ones only). Those claimed by a run under way (due later) are left to
 * it; their next attempt judges them again.
 */
async function withdraw(db: Db, eventIds: readonly string[], now: string, reason: string): Promise<void> {
  for (const part of chunks([...eventIds])) {
    await db
      .updateTable('webhook_deliveries')
      .set({ status: 'withdrawn', last_error: reason, last_error_code: null, last_http_status: null })
      .where('event_id', 'in', part)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .execute();
  }
}

/** Writes an attempt's outcome: delivered, or pending with its next attempt after the backoff, or given up after the last. */
async function recordAttempt(db: Db, d: DueDelivery, failure: AttemptFailure | null, triedAt: string): Promise<void> {
  const attempts = d.attempts + 1;
  await db
    .updateTable('webhook_deliveries')
    .set(
      failure === null
        ? { status: 'delivered', attempts, delivered_at: nowIso(), last_error: null, last_error_code: null, last_http_status: null, last_attempt_at: triedAt }
        : {
            status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
            attempts,
            last_error: failure.error,
            last_error_code: failure.code,
            last_http_status: failure.httpStatus,
            last_attempt_at: triedAt,
            next_attempt_at: new Date(Date.now() + retryDelayMs(attempts)).toISOString(),
          },
    )
    .where('event_id', '=', d.event_id)
    .where('webhook_id', '=', d.webhook_id)
    .execute();
}

const NO_DELIVERIES: WebhookDeliveryState = { pending: 0, failed: 0, withdrawn: 0, lastDeliveredAt: null, lastFailure: null };
const WITHDRAWN_COUNTED = LIMITS.webhookWithdrawnCounted;

/**
 * How the deliveries of these webhooks stand, by webhook id. Without it a receiver that answered 500 for
 * hours looked "Active" while every event waited or was given up unsaid. Reads by webhook
 * (webhook_deliveries_webhook_idx, migration 028): the waiting and given-up ones are counted, delivered
 * ones never (they only grow); the latest delivery is one index step. Withdrawn ones only grow too, but
 * without their count a receiver that got fewer events than the stream showed had no way to tell why:
 * they are counted up to WITHDRAWN_COUNTED, at most that many index entries a webhook.
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
    state.withdrawn = await withdrawnCount(db, id);
    if (state.pending + state.failed === 0) continue;
    // The latest failed attempt of a delivery still owed (attempts made before migration 028 have no time:
    // last), one the receiver answered before one counted unsent beside it, whose error only points to it.
    const failure = await db
      .selectFrom('webhook_deliveries')
      .select(['event_id', 'status', 'attempts', 'last_error', 'last_error_code', 'last_http_status', 'last_attempt_at', 'next_attempt_at'])
      .where('webhook_id', '=', id)
      .where('status', 'in', ['pending', 'failed'])
      .where('last_error', 'is not', null)
      .orderBy(sql`case when last_error like ${`${NOT_SENT}%`} then 1 else 0 end`)
      .orderBy('last_attempt_at', (ob) => ob.desc().nullsLast())
      .orderBy('next_attempt_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (failure) {
      state.lastFailure = {
        eventId: failure.event_id,
        error: failure.last_error!,
        errorCode: knownFailureCode(failure.last_error_code),
        httpStatus: failure.last_http_status,
        attempts: failure.attempts,
        at: failure.last_attempt_at,
        nextAttemptAt: failure.status === 'pending' ? failure.next_attempt_at : null,
      };
    }
  }
  return states;
}

/** A stored failure code this server knows (a newer server's, or none before migration 035: null). */
function knownFailureCode(code: string | null): DeliveryFailureCode | null {
  return code !== null && (WEBHOOK_DELIVERY_FAILURE_CODES as readonly string[]).includes(code) ? (code as DeliveryFailureCode) : null;
}

/** How many of a webhook's deliveries were withdrawn, up to WITHDRAWN_COUNTED: a constant selected, so the index alone answers. */
async function withdrawnCount(db: Db, webhookId: string): Promise<number> {
  const withdrawn = db.selectFrom('webhook_deliveries').select(sql<number>`1`.as('one')).where('webhook_id', '=', webhookId).where('status', '=', 'withdrawn').limit(WITHDRAWN_COUNTED);
  const row = await db.selectFrom(withdrawn.as('w')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Makes a webhook's given-up deliveries due again, each with its attempts afresh; answers how many. */
export async function retryFailed(trx: Db, webhookId: string): Promise<number> {
  const result = await trx
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: nowIso(), last_error: null, last_error_code: null, last_http_status: null, last_attempt_at: null })
    .where('webhook_id', '=', webhookId)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
