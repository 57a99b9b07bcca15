import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../src/platform/ids.js';
import { MAX_REPLAY_EVENTS } from '../../src/modules/watchlists/watch.routes.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * A live stream that reconnects with `Last-Event-ID` receives every event of its organisation it missed —
 * however many, oldest first, including on PostgreSQL one whose transaction committed after a later event
 * was sent — and none of another organisation's (at-least-once: repeats are allowed, gaps are not).
 */
describe.each(testEngines())('the event stream resumes from Last-Event-ID (%s)', (engine) => {
  let t: TestApp;
  let bank: Record<string, string>;
  let bankId: string;
  let policeId: string;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp(engine);
    bankId = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    policeId = await t.buildOrganisation({ type: 'law_enforcement', country: 'KH' });
    bank = await t.signIn((await t.buildUser(bankId, 'analyst')).email);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  const record = async (organisationId: string, count = 1) => {
    const rows = Array.from({ length: count }, (_, i) => ({ id: newId(), organisation_id: organisationId, type: 'watch.match', payload: JSON.stringify({ n: i }), created_at: nowIso() }));
    for (let i = 0; i < rows.length; i += 400) await t.deps.db.insertInto('events').values(rows.slice(i, i + 400)).execute();
    return rows.map((r) => r.id);
  };

  /** What the stream sends before it says it is connected: the replay, as the ids of its events in order. */
  const replayAfter = async (lastEventId: string, as = bank): Promise<string[]> => [...(await openingOf(lastEventId, as)).matchAll(/^id: (\S+)$/gm)].map((m) => m[1]!);

  /** The text the stream sends before it says it is connected. */
  const openingOf = async (lastEventId: string, as = bank): Promise<string> => {
    // Kept as chunks and searched only where the marker can be (the last chunk and the end of the one
    // before): a replay is megabytes, and searching a growing string flattens it on every chunk.
    const chunks: string[] = [];
    const request = http.get({ host: '127.0.0.1', port, path: '/api/v1/events', headers: { ...as, 'last-event-id': lastEventId } });
    try {
      const response = await new Promise<http.IncomingMessage>((resolve) => request.on('response', resolve));
      expect(response.statusCode).toBe(200);
      await new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no ': connected' after ${chunks.length} chunks`)), 10_000);
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk.toString());
          if (`${(chunks.at(-2) ?? '').slice(-12)}${chunks.at(-1)}`.includes(': connected')) {
            clearTimeout(deadline);
            resolve();
          }
        });
      });
    } finally {
      request.destroy();
    }
    return chunks.join('').split(': connected')[0]!;
  };

  it('sends the events after the last one received, oldest first, not the last one again', async () => {
    const ids = await record(bankId, 5);
    const replay = await replayAfter(ids[1]!);
    expect(replay.slice(-3)).toEqual(ids.slice(2));
    expect(replay).not.toContain(ids[1]);
    if (engine === 'sqlite') expect(replay).toEqual(ids.slice(2));
  });

  it('sends every missed event, not one page of them', async () => {
    const [last] = await record(bankId);
    const missed = await record(bankId, 1_203);
    const replay = await replayAfter(last!);
    expect(replay.slice(-missed.length)).toEqual(missed);
    if (engine === 'sqlite') expect(replay).toHaveLength(missed.length);
  });

  it('sends one reset event, naming the newest event, instead of replaying more than it may', async () => {
    const farId = await t.buildOrganisation({ type: 'bank', country: 'MY' });
    const far = await t.signIn((await t.buildUser(farId, 'analyst')).email);
    const [last] = await record(farId);
    const missed = await record(farId, MAX_REPLAY_EVENTS + 1);
    const opening = await openingOf(last!, far);
    expect(opening).toContain('event: reset\n');
    expect(JSON.parse(/^data: (.*)$/m.exec(opening)![1]!)).toEqual({ reason: 'too_many_missed', limit: MAX_REPLAY_EVENTS });
    expect([...opening.matchAll(/^id: (\S+)$/gm)].map((m) => m[1])).toEqual([missed.at(-1)]);
    // From there, a reconnect replays as usual.
    const later = await record(farId, 2);
    expect(await replayAfter(missed.at(-1)!, far)).toEqual(expect.arrayContaining(later));
  });

  it('replays as many as it may', async () => {
    const nearId = await t.buildOrganisation({ type: 'bank', country: 'SG' });
    const near = await t.signIn((await t.buildUser(nearId, 'analyst')).email);
    const [last] = await record(nearId);
    const missed = await record(nearId, MAX_REPLAY_EVENTS);
    const opening = await openingOf(last!, near);
    expect(opening).not.toContain('event: reset');
    expect([...opening.matchAll(/^id: (\S+)$/gm)].map((m) => m[1]).slice(-missed.length)).toEqual(missed);
  });

  it('never sends another organisation’s events, and treats its event id as an unknown one', async () => {
    const [theirs] = await record(policeId);
    const ours = await record(bankId, 2);
    const replay = await replayAfter(theirs!);
    expect(replay).toEqual(expect.arrayContaining(ours));
    const { rows } = await sql<{ id: string }>`select id from events where organisation_id = ${policeId}`.execute(t.deps.db);
    for (const { id } of rows) expect(replay).not.toContain(id);
  });

  it('sends nothing when nothing was missed', async () => {
    // An organisation of its own: on PostgreSQL the replay repeats the minute before the last event.
    const quietId = await t.buildOrganisation({ type: 'bank', country: 'PH' });
    const quiet = await t.signIn((await t.buildUser(quietId, 'analyst')).email);
    const [last] = await record(quietId);
    expect(await replayAfter(last!, quiet)).toEqual([]);
  });

  it.runIf(engine === 'postgres')('repeats, on PostgreSQL, the events recorded in the minute before the last one (one may have committed after it)', async () => {
    const ids = await record(bankId, 3);
    expect(await replayAfter(ids[2]!)).toEqual(expect.arrayContaining(ids.slice(0, 2)));
  });

  it('ends open streams when the server closes, telling clients to come back soon, so the server stops at once', async () => {
    const other = await createTestApp(engine);
    const orgId = await other.buildOrganisation({ type: 'bank', country: 'TH' });
    const headers = await other.signIn((await other.buildUser(orgId, 'analyst')).email);
    await other.app.listen({ port: 0, host: '127.0.0.1' });
    const request = http.get({ host: '127.0.0.1', port: (other.app.server.address() as AddressInfo).port, path: '/api/v1/events', headers });
    const response = await new Promise<http.IncomingMessage>((resolve) => request.on('response', resolve));
    let text = '';
    response.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const ended = new Promise<void>((resolve) => response.on('end', resolve));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await other.close();
    await ended;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(text).toMatch(/retry: \d+\n\n$/);
  });

  it.runIf(engine === 'postgres')('sends an event whose transaction took an earlier number but committed after the last one sent', async () => {
    // A number taken and not yet committed (as a slow transaction holds it), then a later event commits
    // and is the last one the client receives before it leaves.
    const { rows } = await sql<{ seq: string }>`select nextval(pg_get_serial_sequence('events', 'seq')) as seq`.execute(t.deps.db);
    const [late, lateAt] = [newId(), nowIso()];
    const [sent] = await record(bankId);
    // The slow transaction commits now, with its early number, id and time.
    await sql`insert into events (seq, id, organisation_id, type, payload, created_at) values (${rows[0]!.seq}, ${late}, ${bankId}, 'watch.match', '{}', ${lateAt})`.execute(t.deps.db);
    expect(await replayAfter(sent!)).toContain(late);
  });
});
