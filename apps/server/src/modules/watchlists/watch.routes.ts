import type { PlatformEvent } from '@gpos/contracts';
import { createdWebhookSchema, createWatchlistSchema, createWebhookSchema, idSchema, LIMITS, pageOf, pageQuerySchema, platformEventSchema, updateWebhookSchema, watchlistSchema, webhookSchema, webhookTestResultSchema } from '@gpos/contracts';
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireMember } from '../../platform/auth/index.js';
import { auditContextOf } from '../../platform/context.js';
import { coded } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { requestIdField } from '../../platform/http/request-log.js';
import { credentialGate } from './credential-gate.js';
import { mayReadEvent } from './event-audience.js';
import { createStreamSlots, STREAM_LIMITS } from './stream-slots.js';
import type { WatchService } from './watch.service.js';
import { TEST_DELIVERY_TYPE } from './webhook-deliveries.js';

const params = z.strictObject({ id: idSchema });
const HEARTBEAT_MS = 15_000;
/** What a stream ended by a closing server tells the client: reconnect after this long (ms), to any server. */
export const RECONNECT_AFTER_CLOSE_MS = 1_000;
/**
 * The most missed events a resuming stream replays. A client further behind (a laptop that slept for
 * weeks) gets a reset instead: replaying months of an organisation's events, page by page, would tie the
 * connection and the database up for no one to read them.
 */
export const MAX_REPLAY_EVENTS = 10_000;
/** The stream's event that tells a client it missed too much to replay: reload the recent events. */
export const RESET_EVENT = 'reset';
/**
 * The most a stream may hold unsent for a client that does not read (bytes). Live events are written as
 * they come, so without a bound a stalled client (or one that stops reading on purpose) kept every later
 * event of its organisation in this process's memory. Beyond it the stream ends: the client's reconnect
 * replays from its Last-Event-ID, read from the table, which waits for the client page by page.
 */
export const MAX_UNSENT_BYTES = 1024 * 1024;

export const watchRoutes =
  (watch: WatchService): FastifyPluginAsyncZod =>
  async (app) => {
    // Open event streams never end by themselves: a closing server ends them (and tells clients to come
    // back soon, with Last-Event-ID), or it would wait for them until its shutdown grace ran out.
    const streams = new Set<ServerResponse>();
    const slots = createStreamSlots();
    app.addHook('preClose', async () => {
      for (const raw of streams) raw.end(`retry: ${RECONNECT_AFTER_CLOSE_MS}\n\n`);
    });

    app.get('/watchlists', {
      config: { access: { permission: 'watchlists.manage' } },
      schema: { tags: ['watchlists'], summary: 'Your organisation’s watchlists, all of them (an organisation has at most 1,000)', response: { 200: pageOf(watchlistSchema) } },
      handler: (request) => watch.list(requireMember(request.actor)),
    });
    app.post('/watchlists', {
      config: { access: { permission: 'watchlists.manage' } },
      schema: {
        tags: ['watchlists'],
        summary: 'Watch an identifier, a phone/account range (prefix) or a domain',
        body: createWatchlistSchema,
        response: { 201: watchlistSchema },
        openapi: { errors: { 409: '`conflict`: your organisation watches this pattern already (`body.pattern`, code `watch.duplicate`, naming the watch).' } },
      },
      handler: async (request, reply) => reply.status(201).send(await watch.create(requireMember(request.actor), auditContextOf(request), request.body)),
    });
    app.delete('/watchlists/:id', {
      config: { access: { permission: 'watchlists.manage' } },
      schema: {
        tags: ['watchlists'],
        summary: 'Stop watching',
        description:
          'Its alerts stop: the webhook deliveries still owed for the events it made (`watch.match`, `indicator.status_changed`, hidden hits), waiting for a first attempt or a retry, or given up and tried again, are withdrawn when they come due, never sent. ' +
          'The events themselves stay in `GET /api/v1/events/recent` and a resuming stream’s replay, naming the watch: they happened, and a list that lost them would hide what was sent. Watches are not edited: to change a pattern, delete the watch and add another.',
        params,
        response: { 204: z.null() },
      },
      handler: async (request, reply) => {
        await watch.remove(requireMember(request.actor), auditContextOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    });

    app.get('/webhooks', {
      config: { access: { permission: 'watchlists.manage' } },
      schema: {
        tags: ['watchlists'],
        summary: 'Your organisation’s webhooks, all of them (an organisation has at most 10), with how their deliveries stand',
        description:
          '`deliveries`: how many wait for a first attempt or a retry (`pending`) and how many were given up (`failed`), the latest failed attempt of one still owed (`lastFailure`: its event id, the HTTP status or connection error, attempts, when tried, when next tried) and when the receiver last accepted one (`lastDeliveredAt`). ' +
          `A delivery whose event your organisation may no longer be told when it comes due (a \`watch.match\` or \`indicator.status_changed\` whose reports were since narrowed to a marking it may not see, or retracted), or whose watch it has deleted since, is withdrawn: never sent nor tried again, counted neither as pending nor as failed but as \`withdrawn\` (up to ${LIMITS.webhookWithdrawnCounted.toLocaleString('en')}: that many means that many or more), so a receiver that got fewer events than the stream showed can be told why. ` +
          'That is judged when the delivery comes due: one waiting for a retry when its watch was deleted is counted as pending until then, and one given up as failed until tried again (`POST /webhooks/{id}/retry`), each then withdrawn unsent.',
        response: { 200: pageOf(webhookSchema) },
      },
      handler: (request) => watch.listWebhooks(requireMember(request.actor)),
    });
    app.post('/webhooks', {
      config: { access: { permission: 'watchlists.manage' } },
      schema: {
        tags: ['watchlists'],
        summary: 'Register a webhook; the signing secret is in this response only',
        description:
          'Each event is POSTed as JSON with `x-gpos-signature: sha256=<hex HMAC-SHA256 of the body with the secret>` and `x-gpos-event-id`; retried with backoff until a 2xx (at-least-once). ' +
          'Each attempt judges the event again by the sharing policy: a `watch.match` names only the reports your organisation may still see (a retry may thus name fewer than the first attempt), and one with none left is withdrawn, as is an `indicator.status_changed` of an identifier it may no longer see a report of. ' +
          'An event of a watch your organisation has deleted since is withdrawn too (`DELETE /api/v1/watchlists/{id}`).',
        body: createWebhookSchema,
        response: { 201: createdWebhookSchema },
        openapi: {
          errors: { 409: '`conflict`: your organisation has the most webhooks it may have, or one at this address already (`body.url`, code `webhook.duplicate`, naming it).' },
        },
      },
      handler: async (request, reply) => reply.status(201).send(await watch.createWebhook(requireMember(request.actor), auditContextOf(request), request.body.url)),
    });
    app.post('/webhooks/:id/retry', {
      config: { access: { permission: 'watchlists.manage' } },
      schema: {
        tags: ['watchlists'],
        summary: 'Try the webhook’s given-up deliveries again',
        description: `A delivery is given up (\`deliveries.failed\` in the list) after ${LIMITS.webhookDeliveryAttempts} attempts without a 2xx. Once the receiver is mended, this makes them due again at once, each with ${LIMITS.webhookDeliveryAttempts} attempts afresh; answers the webhook with how its deliveries now stand.`,
        params,
        response: { 200: webhookSchema },
      },
      handler: (request) => watch.retryWebhook(requireMember(request.actor), auditContextOf(request), request.params.id),
    });
    app.patch('/webhooks/:id', {
      config: { access: { permission: 'watchlists.manage' } },
      schema: {
        tags: ['watchlists'],
        summary: 'Pause or resume a webhook',
        description:
          '`paused`: nothing is sent to it and no attempt is spent (say, while its receiver is being mended or moved); the events of the meantime are still owed to it and counted as `pending`. ' +
          '`active` again: what waited is sent, oldest first, each event judged again by the sharing policy when it is sent, as every delivery is. Answers the webhook as listed; asking for the status it has changes nothing.',
        params,
        body: updateWebhookSchema,
        response: { 200: webhookSchema },
      },
      handler: (request) => watch.setWebhookStatus(requireMember(request.actor), auditContextOf(request), request.params.id, request.body.status),
    });
    app.post('/webhooks/:id/secret', {
      config: { access: { permission: 'watchlists.manage' } },
      schema: {
        tags: ['watchlists'],
        summary: 'Give a webhook a new signing secret; it is in this response only',
        description:
          'From now on every delivery is signed with the new secret, the old one with nothing (if it leaked, or a person who knew it left). A delivery already on its way may carry the old signature: a receiver that refuses it (any answer but a 2xx) has it again, signed with the new secret, at its next attempt.',
        params,
        response: { 200: createdWebhookSchema },
      },
      handler: (request) => watch.newWebhookSecret(requireMember(request.actor), auditContextOf(request), request.params.id),
    });
    app.post('/webhooks/:id/test', {
      // Each test is a request to an address outside: bounded, so the button cannot be made a stream of them.
      config: { access: { permission: 'watchlists.manage' }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['watchlists'],
        summary: 'Send the webhook a test delivery now, and see what became of it',
        description:
          `One POST, signed and sent as every delivery is (\`x-gpos-signature\`, \`x-gpos-event-id\`; public addresses only), of \`{"id", "type": "${TEST_DELIVERY_TYPE}", "createdAt", "data": {"webhookId"}}\`: no event happened, so none is stored, listed, streamed or retried, and a paused webhook is sent it too. ` +
          'Answers once the receiver has (at most 10 s): `delivered` for a 2xx, else its HTTP status or the connection error. A receiver should answer a test 2xx and act on nothing.',
        params,
        response: { 200: webhookTestResultSchema },
      },
      handler: (request) => watch.testWebhook(requireMember(request.actor), auditContextOf(request), request.params.id),
    });
    app.delete('/webhooks/:id', {
      config: { access: { permission: 'watchlists.manage' } },
      schema: {
        tags: ['watchlists'],
        summary: 'Remove a webhook',
        description: 'Its deliveries still owed (waiting or given up) are dropped with it, at once: nothing more is sent to its address. The events stay listed, and go to the organisation’s other webhooks as before.',
        params,
        response: { 204: z.null() },
      },
      handler: async (request, reply) => {
        await watch.removeWebhook(requireMember(request.actor), auditContextOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    });

    app.get('/events/recent', {
      config: { access: { permission: 'events.read' } },
      schema: {
        tags: ['events'],
        summary: 'Your organisation’s recent events, newest first',
        description:
          'Each event as it may be told now: a `watch.match` names only the reports your organisation may still see, and one whose reports were all since narrowed to a marking it may not see, or retracted, is left out (as is an `indicator.status_changed` of an identifier it may no longer see a report of); a page may then hold fewer than `limit`, and `nextCursor` still leads on. ' +
          'Events of a watch since deleted stay listed, naming it: they happened (their webhook deliveries still owed are withdrawn).',
        querystring: pageQuerySchema,
        response: { 200: pageOf(platformEventSchema) },
      },
      handler: (request) => watch.recentEvents(requireMember(request.actor), request.query),
    });

    app.get('/events', {
      // The browser reopens the stream by itself (after a network blip, a server restart): that is no
      // activity of the person, and must not keep a session left alone from its idle sign-out.
      config: { access: { permission: 'events.read' }, background: true },
      schema: {
        tags: ['events'],
        summary: 'Server-sent events stream of your organisation’s events (send Last-Event-ID to resume)',
        description: `Events about access requests made to your organisation (\`access_request.received\`, \`access_request.withdrawn\`) reach only members who may answer them, as the incoming list does. A stream that resumes with \`Last-Event-ID\` first receives the events it missed, oldest first (on PostgreSQL it may repeat some from the minute before its last one: drop repeats by id), each judged again as \`GET /api/v1/events/recent\` judges it: one your organisation may no longer be told is left out. A client that missed more than ${MAX_REPLAY_EVENTS.toLocaleString('en')} receives one \`${RESET_EVENT}\` event instead, whose id is the organisation's newest event: reload \`GET /api/v1/events/recent\`, then go on with the stream.`,
        openapi: {
          responses: {
            200: {
              description:
                `A \`text/event-stream\` that stays open: each event is \`id: <event id>\`, \`event: <type>\`, \`data: <the event as JSON, as an item of GET /events/recent>\`; a comment (\`: keep-alive\`) every ${HEARTBEAT_MS / 1000} s. ` +
                `A closing server ends the stream with \`retry: ${RECONNECT_AFTER_CLOSE_MS}\`: reconnect with \`Last-Event-ID\`. ` +
                'The credential is checked again before each event and heartbeat: the stream ends once it no longer holds (user or organisation suspended, signed out, role changed, API key revoked or expired), and reconnecting then answers 401. ' +
                `At most ${STREAM_LIMITS.perCredential} streams are open at once per user or API key, and ${STREAM_LIMITS.perOrganisation} per organisation (per server process): one more answers 429 \`rate_limited\`.`,
              content: { 'text/event-stream': { type: 'string' } },
            },
          },
          errors: { 429: `\`rate_limited\`: ${STREAM_LIMITS.perCredential} streams of this user or API key, or ${STREAM_LIMITS.perOrganisation} of the organisation, are open already; close one, or wait for \`retry-after\` seconds.` },
        },
      },
      handler: async (request, reply) => {
        const actor = requireMember(request.actor);
        const slot = slots.take(actor);
        if ('refused' in slot) {
          const whose = slot.refused.scope === 'credential' ? (actor.kind === 'user' ? 'refusal.event_streams_full_user' : 'refusal.event_streams_full_key') : 'refusal.event_streams_full_organisation';
          throw coded('rate_limited', refusals.say(whose, { limit: slot.refused.limit }), { headers: { 'retry-after': '30' } });
        }
        const releaseSlot = slot.release;
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, { ...(reply.getHeaders() as Record<string, string>), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
        // Nothing is written once the stream has ended (a closing server ends it before 'close' arrives).
        const write = (text: string) => !raw.writableEnded && !raw.destroyed && raw.write(text);
        // Events this member may not read (event-audience.ts) are skipped, live and replayed alike.
        const send = (event: PlatformEvent) => mayReadEvent(actor, event.type) && write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
        let closed = false;
        // The stream outlives the request that authenticated it: every event and heartbeat waits for a
        // fresh check of the credential, and the stream ends once it no longer stands for this member
        // (suspended, signed out, role changed, organisation suspended, key revoked: stream-credential.ts).
        const gate = credentialGate(watch.credentialCheck(actor, request.headers.authorization), (error) => {
          if (error) request.log.error({ err: error, ...requestIdField(request) }, 'event stream credential check failed');
          finish();
          if (!raw.writableEnded) raw.end();
        });
        const deliver = (event: PlatformEvent) =>
          gate.after((allowed) => {
            if (!allowed) return;
            if (raw.writableLength > MAX_UNSENT_BYTES) raw.destroy();
            else send(event);
          });
        // Subscribed before the replay, so nothing committed while it runs falls between the two: live
        // events wait until the replay is written, and those it already held are not sent twice.
        let waiting: PlatformEvent[] | null = [];
        // Bounded as what waits unsent is: a client that stops reading mid-replay holds the replay up for good.
        // Twice the replay's bound, as what is replayed may wait here too (recorded by another process and
        // read from the table while the replay runs): more is a client as far behind as a reset's.
        const unsubscribe = watch.subscribe(actor.organisationId, (event) => (!waiting ? deliver(event) : waiting.length < 2 * MAX_REPLAY_EVENTS ? waiting.push(event) : raw.destroy()));
        const heartbeat = setInterval(() => gate.after((allowed) => allowed && write(': keep-alive\n\n')), HEARTBEAT_MS);
        streams.add(raw);
        function finish(): void {
          closed = true;
          releaseSlot();
          streams.delete(raw);
          clearInterval(heartbeat);
          unsubscribe();
          gate.close();
        }
        request.raw.on('close', finish);
        const replayed = new Set<string>();
        const lastId = request.headers['last-event-id'];
        if (typeof lastId === 'string' && idSchema.safeParse(lastId).success) {
          try {
            if (await watch.missedMoreThan(actor, lastId, MAX_REPLAY_EVENTS)) {
              // Too far behind to catch up event by event: the client reloads the recent events instead,
              // and resumes from the newest (a later reconnect replays from there).
              const newest = await watch.newestEventId(actor);
              write(`${newest ? `id: ${newest}\n` : ''}event: ${RESET_EVENT}\ndata: ${JSON.stringify({ reason: 'too_many_missed', limit: MAX_REPLAY_EVENTS })}\n\n`);
            } else {
              for await (const events of watch.eventsSince(actor, lastId)) {
                // A page of the replay passes one check (a replay may take a while).
                if (closed || raw.writableEnded || !(await gate.passed())) break;
                for (const event of events) {
                  replayed.add(event.id);
                  send(event);
                }
                if (raw.writableNeedDrain) await new Promise((resolve) => raw.once('drain', resolve).once('close', resolve));
              }
            }
          } catch (error) {
            // The client reconnects with the same Last-Event-ID; nothing was skipped.
            request.log.error({ err: error, ...requestIdField(request) }, 'event stream replay failed');
            raw.destroy();
            return;
          }
        }
        if (closed) return;
        write(': connected\n\n');
        for (const event of waiting) if (!replayed.has(event.id)) deliver(event);
        waiting = null;
      },
    });
  };
