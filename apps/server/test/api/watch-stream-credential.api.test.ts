import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/platform/crypto.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * An open event stream checks its credential again before it writes (security review, finding 5): once
 * its user is suspended, signs out, leaves the session idle or changes role, its organisation is suspended
 * or its API key revoked, the next event is not written and the stream ends. A colleague's stream that
 * still holds receives that same event, which proves it was sent.
 */
describe.each(testEngines())('an open event stream ends with its credential (%s)', (engine) => {
  let t: TestApp;
  let port: number;
  let police: Record<string, string>;
  let platformAdmin: Record<string, string>;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp(engine);
    police = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'law_enforcement', country: 'KH' }), 'investigator')).email);
    platformAdmin = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'international_org' }), 'platform_admin')).email);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  interface Stream {
    text(): string;
    ended: Promise<boolean>;
    close(): void;
  }

  /** Opens GET /events with these headers and waits until it says it is connected. */
  async function open(headers: Record<string, string>): Promise<Stream> {
    const request = http.get({ host: '127.0.0.1', port, path: '/api/v1/events', headers });
    const response = await new Promise<http.IncomingMessage>((resolve) => request.on('response', resolve));
    expect(response.statusCode).toBe(200);
    let text = '';
    const ended = new Promise<boolean>((resolve) => {
      response.on('end', () => resolve(true));
      response.on('close', () => resolve(true));
    });
    await new Promise<void>((resolve) =>
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes(': connected')) resolve();
      }),
    );
    return { text: () => text, ended, close: () => request.destroy() };
  }

  /** A bank with a phone-range watch, an admin, and two of its people signed in. */
  async function bank() {
    const id = await t.buildOrganisation({ type: 'bank', country: 'TH' });
    const admin = await t.signIn((await t.buildUser(id, 'admin')).email);
    const person = await t.buildUser(id, 'analyst');
    const headers = await t.signIn(person.email);
    const colleague = await t.signIn((await t.buildUser(id, 'analyst')).email);
    const range = `+6689${String(++n).padStart(2, '0')}`;
    const watched = await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: admin, payload: { name: 'Our range', kind: 'prefix', indicatorType: 'phone', pattern: range } });
    expect(watched.statusCode, watched.body).toBe(201);
    return { id, admin, person, headers, colleague, value: `${range}23456` };
  }

  /** Reports the value (the event), then: the revoked stream ended without it, the other one got it. */
  async function expectEndsWithoutEvent(revoked: Stream, control: Stream, value: string) {
    const reported = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: police, payload: { scamType: 'investment', channel: 'call', victimCountry: 'KH', occurredAt: '2026-10-01T00:00:00Z', marking: { tlp: 'GREEN' }, indicators: [{ value }] } });
    expect(reported.statusCode, reported.body).toBe(201);
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000));
    expect(await Promise.race([revoked.ended, timeout])).toBe(true);
    expect(revoked.text()).not.toContain('event: watch.match');
    expect(revoked.text()).not.toContain(value);
    for (let i = 0; i < 100 && !control.text().includes(value); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(control.text()).toContain('event: watch.match');
    expect(control.text()).toContain(value);
    control.close();
  }

  it('ends a suspended user’s stream before the next event, and a new one is refused', async () => {
    const b = await bank();
    const stream = await open(b.headers);
    const control = await open(b.colleague);
    const suspended = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${b.person.id}`, headers: b.admin, payload: { status: 'suspended' } });
    expect(suspended.statusCode, suspended.body).toBe(200);
    await expectEndsWithoutEvent(stream, control, b.value);
    const again = await new Promise<http.IncomingMessage>((resolve) => http.get({ host: '127.0.0.1', port, path: '/api/v1/events', headers: b.headers }, resolve));
    expect(again.statusCode).toBe(401);
    again.resume();
  });

  it('ends the stream of a session that signed out', async () => {
    const b = await bank();
    const stream = await open(b.headers);
    const control = await open(b.colleague);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: b.headers })).statusCode).toBe(204);
    await expectEndsWithoutEvent(stream, control, b.value);
  });

  // The open stream is no activity of its person: a page left open on a shared terminal still signs out.
  it('ends the stream of a session left idle past SESSION_IDLE_MINUTES', async () => {
    const b = await bank();
    const stream = await open(b.headers);
    const control = await open(b.colleague);
    const idHash = sha256Hex(b.headers.cookie!.slice('gpos_session='.length));
    const idleSince = new Date(Date.now() - (t.deps.config.sessionIdleMinutes + 2) * 60_000).toISOString();
    await t.deps.db.updateTable('sessions').set({ last_seen_at: idleSince }).where('id_hash', '=', idHash).execute();
    await expectEndsWithoutEvent(stream, control, b.value);
  });

  it('ends the stream of a user whose role changed', async () => {
    const b = await bank();
    const stream = await open(b.headers);
    const control = await open(b.colleague);
    const changed = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${b.person.id}`, headers: b.admin, payload: { role: 'viewer' } });
    expect(changed.statusCode, changed.body).toBe(200);
    await expectEndsWithoutEvent(stream, control, b.value);
  });

  it('ends the stream of a revoked API key', async () => {
    const b = await bank();
    const key = await t.apiKey(b.id, ['read']);
    const { id: keyId } = await t.deps.db.selectFrom('api_keys').select('id').where('organisation_id', '=', b.id).executeTakeFirstOrThrow();
    const stream = await open(key);
    const control = await open(await t.apiKey(b.id, ['read']));
    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${keyId}`, headers: b.admin });
    expect(revoked.statusCode, revoked.body).toBe(204);
    await expectEndsWithoutEvent(stream, control, b.value);
  });

  it('ends the streams of a suspended organisation, its people’s and its keys’', async () => {
    const b = await bank();
    const person = await open(b.headers);
    const key = await open(await t.apiKey(b.id, ['read']));
    // The control is another bank, watching the value.
    const other = await bank();
    const watched = await t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: other.admin, payload: { name: 'Theirs too', kind: 'exact', indicatorType: 'phone', pattern: b.value } });
    expect(watched.statusCode, watched.body).toBe(201);
    const control = await open(other.colleague);
    const suspended = await t.app.inject({ method: 'PATCH', url: `/api/v1/organisations/${b.id}`, headers: platformAdmin, payload: { status: 'suspended' } });
    expect(suspended.statusCode, suspended.body).toBe(200);
    await expectEndsWithoutEvent(person, control, b.value);
    expect(await Promise.race([key.ended, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000))])).toBe(true);
    expect(key.text()).not.toContain(b.value);
  });

  it('keeps a stream whose credential still holds', async () => {
    const b = await bank();
    const stream = await open(b.headers);
    const control = await open(b.colleague);
    const reported = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: police, payload: { scamType: 'investment', channel: 'call', victimCountry: 'KH', occurredAt: '2026-10-01T00:00:00Z', marking: { tlp: 'GREEN' }, indicators: [{ value: b.value }] } });
    expect(reported.statusCode).toBe(201);
    for (let i = 0; i < 100 && !stream.text().includes(b.value); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stream.text()).toContain(b.value);
    const stillOpen = await Promise.race([stream.ended, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 200))]);
    expect(stillOpen).toBe(false);
    stream.close();
    control.close();
  });
});
