import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createSessionSweep, SESSION_SWEEP_BATCH } from '../../src/modules/auth/index.js';
import { IDLE_SESSION_KEPT_MS } from '../../src/platform/auth/index.js';
import { sha256Hex } from '../../src/platform/crypto.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

const IDLE_MINUTES = 30;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
/** Idle, and past the day a sweep keeps an idle session for its person to be told why (IDLE_SESSION_KEPT_MS). */
const LONG_IDLE_MINUTES = IDLE_MINUTES + 2 + IDLE_SESSION_KEPT_MS / 60_000;

/**
 * Idle sign-out (SESSION_IDLE_MINUTES): a session unused for its idle limit ends — 401 `session_expired`,
 * the cookie cleared, said again to every request still sending it until the sweep deletes the row a day
 * later — while one in use lives on to its absolute SESSION_TTL_HOURS; its use
 * is written at most once a minute. Ended sessions are deleted at each sign-in and by a periodic sweep, in
 * bounded batches — an idle one only after a day, so that its person is still told why. Sessions are aged by writing their rows, as a clock would.
 */
describe.each(testEngines())('idle sign-out (%s)', (engine) => {
  let t: TestApp;
  let orgId: string;

  beforeAll(async () => {
    t = await createTestApp(engine, { SESSION_IDLE_MINUTES: String(IDLE_MINUTES) });
    orgId = await t.buildOrganisation();
  });
  afterAll(() => t.close());

  /** A fresh session of a fresh analyst: its request headers and the id of its row. */
  async function session() {
    const headers = await t.signIn((await t.buildUser(orgId, 'analyst')).email);
    const idHash = sha256Hex(headers.cookie!.slice('gpos_session='.length));
    return { headers, idHash };
  }
  const row = (idHash: string) => t.deps.db.selectFrom('sessions').select(['last_seen_at', 'expires_at']).where('id_hash', '=', idHash).executeTakeFirst();
  const setRow = (idHash: string, values: { last_seen_at?: string; expires_at?: string }) => t.deps.db.updateTable('sessions').set(values).where('id_hash', '=', idHash).execute();
  const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });

  it('keeps a session used within its idle limit, and records that use', async () => {
    const { headers, idHash } = await session();
    await setRow(idHash, { last_seen_at: minutesAgo(IDLE_MINUTES - 1) });
    const before = Date.now();
    expect((await me(headers)).statusCode).toBe(200);
    expect(new Date((await row(idHash))!.last_seen_at).getTime()).toBeGreaterThanOrEqual(before - 1_000);
    // Used again just short of the limit (the minute that goes unrecorded included): still in force.
    await setRow(idHash, { last_seen_at: minutesAgo(IDLE_MINUTES) });
    expect((await me(headers)).statusCode).toBe(200);
  });

  it('ends a session left unused past its idle limit: 401 session_expired, the cookie cleared, and said again to a request that still sends it', async () => {
    const { headers, idHash } = await session();
    await setRow(idHash, { last_seen_at: minutesAgo(IDLE_MINUTES + 2) });
    const refused = await me(headers);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'session_expired', title: 'Session expired', idleMinutes: IDLE_MINUTES, detail: `You were signed out after ${IDLE_MINUTES} minutes without activity; sign in again` });
    expect(refused.cookies.find((c) => c.name === 'gpos_session')).toMatchObject({ value: '', httpOnly: true });
    // The row stays for the sweep: a request cut short (a reload, a closed tab) never delivered the cleared
    // cookie, and the page after it, still sending it, is told why too rather than that its session is unknown.
    expect(await row(idHash)).toBeDefined();
    const again = await me(headers);
    expect([again.statusCode, again.json().code]).toEqual([401, 'session_expired']);
    expect(again.cookies.find((c) => c.name === 'gpos_session')?.value).toBe('');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers })).json()).toEqual({ me: null, idleMinutes: IDLE_MINUTES });
  });

  it('refuses a write and a sign-out with an idle session alike, before the CSRF check', async () => {
    for (const [method, url, payload] of [['PATCH', '/api/v1/auth/me', { displayName: 'Late' }], ['POST', '/api/v1/auth/logout', undefined]] as const) {
      const { headers, idHash } = await session();
      await setRow(idHash, { last_seen_at: minutesAgo(IDLE_MINUTES + 2) });
      const refused = await t.app.inject({ method, url, headers: { cookie: headers.cookie! }, ...(payload && { payload }) });
      expect([refused.statusCode, refused.json().code], `${method} ${url}`).toEqual([401, 'session_expired']);
      expect(await row(idHash)).toBeDefined();
    }
  });

  it('answers GET /auth/session with no one and the idle limit, and lets the person sign in again with the old cookie', async () => {
    const person = await t.buildUser(orgId, 'analyst');
    const headers = await t.signIn(person.email);
    const idHash = sha256Hex(headers.cookie!.slice('gpos_session='.length));
    await setRow(idHash, { last_seen_at: minutesAgo(IDLE_MINUTES + 2) });
    const asked = await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers });
    expect(asked.statusCode).toBe(200);
    expect(asked.json()).toEqual({ me: null, idleMinutes: IDLE_MINUTES });
    expect(asked.cookies.find((c) => c.name === 'gpos_session')?.value).toBe('');
    // A page that never got the cleared cookie (reloaded while this answer was on its way) asks again: told again.
    expect(await row(idHash)).toBeDefined();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers })).json()).toEqual({ me: null, idleMinutes: IDLE_MINUTES });
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { cookie: headers.cookie! }, payload: { email: person.email, password: 'correct horse battery staple' } });
    expect(login.statusCode).toBe(200);
  });

  // The web app loads a script on the way to the API request that meets the idle session: that request must
  // still be told the session expired, not that it is unknown.
  it('lets a public request with an idle session go on as a visitor, leaving the session to the next request to report', async () => {
    const { headers, idHash } = await session();
    await setRow(idHash, { last_seen_at: minutesAgo(IDLE_MINUTES + 2) });
    expect((await t.app.inject({ method: 'GET', url: '/healthz', headers })).statusCode).toBe(200);
    expect(await row(idHash)).toBeDefined();
    const refused = await me(headers);
    expect([refused.statusCode, refused.json().code]).toEqual([401, 'session_expired']);
  });

  it('still ends a session in use at its absolute expiry (SESSION_TTL_HOURS), as an unknown one', async () => {
    const { headers, idHash } = await session();
    await setRow(idHash, { expires_at: minutesAgo(1) });
    const refused = await me(headers);
    expect([refused.statusCode, refused.json().code]).toEqual([401, 'unauthenticated']);
  });

  it('writes the last use at most once a minute per session', async () => {
    const { headers, idHash } = await session();
    const signedIn = (await row(idHash))!.last_seen_at;
    for (let i = 0; i < 5; i += 1) expect((await me(headers)).statusCode).toBe(200);
    expect((await row(idHash))!.last_seen_at).toBe(signedIn);
    // A minute and more after the last write: the next request records itself, the ones after it do not.
    const older = minutesAgo(1.5);
    await setRow(idHash, { last_seen_at: older });
    expect((await me(headers)).statusCode).toBe(200);
    const recorded = (await row(idHash))!.last_seen_at;
    expect(recorded > older).toBe(true);
    for (let i = 0; i < 3; i += 1) expect((await me(headers)).statusCode).toBe(200);
    expect((await row(idHash))!.last_seen_at).toBe(recorded);
  });

  it('judges a request the page made by itself (x-gpos-background: 1) without counting it as activity', async () => {
    const { headers, idHash } = await session();
    const older = minutesAgo(IDLE_MINUTES - 1);
    await setRow(idHash, { last_seen_at: older });
    const polled = { ...headers, 'x-gpos-background': '1' };
    for (let i = 0; i < 3; i += 1) expect((await me(polled)).statusCode).toBe(200);
    expect((await row(idHash))!.last_seen_at).toBe(older);
    // Left open past the limit, the poll meets the end of the session as any request does.
    await setRow(idHash, { last_seen_at: minutesAgo(IDLE_MINUTES + 2) });
    expect((await me(polled)).json().code).toBe('session_expired');
  });

  // The browser reopens the event stream by itself: a page left open must still sign out.
  it('judges the event stream (GET /events) without counting it, or its reconnects, as activity', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const open = (headers: Record<string, string>) =>
      new Promise<http.IncomingMessage>((resolve, reject) => {
        const request = http.get({ host: '127.0.0.1', port, path: '/api/v1/events', headers }, (response) => {
          response.resume();
          request.destroy();
          resolve(response);
        });
        request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
      });
    const { headers, idHash } = await session();
    const older = minutesAgo(IDLE_MINUTES - 1);
    await setRow(idHash, { last_seen_at: older });
    for (let i = 0; i < 3; i += 1) expect((await open(headers)).statusCode).toBe(200);
    expect((await row(idHash))!.last_seen_at).toBe(older);
    // Left open past the limit, the reconnect is refused as session_expired, but the session is not ended
    // there (row and cookie kept): no page reads the stream's refusal, and the page's next request must
    // still meet the idle session to tell its person why they are signed out.
    await setRow(idHash, { last_seen_at: minutesAgo(IDLE_MINUTES + 2) });
    const reconnect = await open(headers);
    expect(reconnect.statusCode).toBe(401);
    expect(reconnect.headers['set-cookie']).toBeUndefined();
    expect(await row(idHash)).toBeDefined();
    const next = await me(headers);
    expect([next.statusCode, next.json().code]).toEqual([401, 'session_expired']);
    expect(next.cookies.find((c) => c.name === 'gpos_session')?.value).toBe('');
    // Any other request of the person still counts.
    const other = await session();
    await setRow(other.idHash, { last_seen_at: older });
    expect((await me(other.headers)).statusCode).toBe(200);
    expect((await row(other.idHash))!.last_seen_at > older).toBe(true);
  });

  it('sweeps one batch at most when someone signs in, after the sign-in: the periodic sweep takes the rest', async () => {
    const user = await t.buildUser(orgId, 'analyst');
    const now = new Date().toISOString();
    const ended = Array.from({ length: SESSION_SWEEP_BATCH + 3 }, (_, i) => ({
      id_hash: `ended-${i}`,
      user_id: user.id,
      csrf_token: 'c',
      created_at: now,
      expires_at: i % 2 === 0 ? now : new Date(Date.now() + 3_600_000).toISOString(),
      last_seen_at: i % 2 === 0 ? now : minutesAgo(LONG_IDLE_MINUTES),
      ip: null,
      user_agent: null,
    }));
    for (let i = 0; i < ended.length; i += 100) await t.deps.db.insertInto('sessions').values(ended.slice(i, i + 100)).execute();
    const left = async () => Number((await t.deps.db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).where('id_hash', 'like', 'ended-%').executeTakeFirstOrThrow()).n);
    await session();
    expect(await left()).toBe(3);
    await session();
    expect(await left()).toBe(0);
  });

  // Were the sweep inside the sign-in's transaction, or its failure thrown, the sign-in would fail with it.
  it('signs the person in when the sweep after it fails, and only logs the failure', async () => {
    const person = await t.buildUser(orgId, 'analyst');
    const db = t.deps.db;
    const selectFrom = db.selectFrom.bind(db);
    const failing = vi.spyOn(db, 'selectFrom').mockImplementation(((from: string) => {
      if (from === 'sessions') throw new Error('database gone for the sweep');
      return selectFrom(from as never);
    }) as never);
    try {
      const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: person.email, password: 'correct horse battery staple' } });
      expect(login.statusCode, login.body).toBe(200);
      expect(failing.mock.calls.some(([from]) => from === 'sessions')).toBe(true);
    } finally {
      failing.mockRestore();
    }
    expect(await db.selectFrom('sessions').select('id_hash').where('user_id', '=', person.id).execute()).toHaveLength(1);
  });

  it('sweeps long-idle sessions when someone signs in, keeping a lately idle one to say why it ended', async () => {
    const longIdle = await session();
    const lately = await session();
    await setRow(longIdle.idHash, { last_seen_at: minutesAgo(LONG_IDLE_MINUTES) });
    await setRow(lately.idHash, { last_seen_at: minutesAgo(IDLE_MINUTES + 2) });
    const kept = await session();
    expect(await row(longIdle.idHash)).toBeUndefined();
    expect(await row(kept.idHash)).toBeDefined();
    expect((await me(lately.headers)).json()).toMatchObject({ code: 'session_expired', idleMinutes: IDLE_MINUTES });
    // Swept, the cookie names no session: answered as an unknown one.
    expect((await me(longIdle.headers)).json()).toMatchObject({ code: 'unauthenticated' });
  });

  // The periodic sweep (modules/auth/session-sweep.ts): ended sessions go without waiting for a use or a sign-in.
  const exists = async (idHash: string) => (await row(idHash)) !== undefined;

  it('deletes expired and idle sessions in batches, keeping those in force', async () => {
    // Signed in first: a sign-in sweeps too, and would take these before the sweep is asked to.
    const kept = await session();
    const nearlyIdle = await session();
    const latelyIdle = await session();
    const idle = await Promise.all(Array.from({ length: 5 }, () => session()));
    const expired = await session();
    await setRow(nearlyIdle.idHash, { last_seen_at: minutesAgo(IDLE_MINUTES - 1) });
    await setRow(latelyIdle.idHash, { last_seen_at: minutesAgo(IDLE_MINUTES + 2) });
    for (const one of idle) await setRow(one.idHash, { last_seen_at: minutesAgo(LONG_IDLE_MINUTES) });
    await setRow(expired.idHash, { expires_at: minutesAgo(1) });

    const sweep = createSessionSweep(t.deps.db, { idleMinutes: IDLE_MINUTES, batch: 2 });
    // Six ended sessions in batches of two: three deletes, each of two rows.
    const deletes = vi.spyOn(t.deps.db, 'deleteFrom');
    const deleted = await sweep.sweep();
    expect(deletes).toHaveBeenCalledTimes(3);
    deletes.mockRestore();
    expect(deleted).toBe(6);
    for (const one of [...idle, expired]) expect(await exists(one.idHash)).toBe(false);
    expect(await exists(kept.idHash)).toBe(true);
    expect(await exists(nearlyIdle.idHash)).toBe(true);
    expect((await me(kept.headers)).statusCode).toBe(200);
    expect((await me(nearlyIdle.headers)).statusCode).toBe(200);
    // Idle for minutes, not a day: kept, so that its person is told why it ended.
    expect((await me(latelyIdle.headers)).json().code).toBe('session_expired');
    // Nothing left to sweep: nothing more deleted.
    expect(await sweep.sweep()).toBe(0);
  });

  it('takes a turn shared with the other servers on the database: one sweeps, the other skips the interval', async () => {
    const idle = await session();
    await setRow(idle.idHash, { last_seen_at: minutesAgo(LONG_IDLE_MINUTES) });
    const servers = [createSessionSweep(t.deps.db, { idleMinutes: IDLE_MINUTES, everyMs: 3_600_000 }), createSessionSweep(t.deps.db, { idleMinutes: IDLE_MINUTES, everyMs: 3_600_000 })];
    // The app's own sweep (started with the app) may have taken the job's turn already: free it, as an hour passing would.
    await t.deps.db.updateTable('job_turns').set({ last_finished_at: null, lease_until: null }).where('name', '=', 'session-sweep').execute();
    const results = await Promise.all(servers.map((server) => server.runTurn()));
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(results.find((r) => r !== null)).toBe(1);
    expect(await exists(idle.idHash)).toBe(false);
  });

  it('runs on its timer once started, and stops', async () => {
    await t.deps.db.updateTable('job_turns').set({ last_finished_at: null, lease_until: null }).where('name', '=', 'session-sweep').execute();
    const idle = await session();
    await setRow(idle.idHash, { last_seen_at: minutesAgo(LONG_IDLE_MINUTES) });
    const errors: unknown[] = [];
    const sweep = createSessionSweep(t.deps.db, { idleMinutes: IDLE_MINUTES, everyMs: 50 });
    sweep.start((error) => errors.push(error));
    await expect.poll(() => exists(idle.idHash), { timeout: 5_000 }).toBe(false);
    await sweep.stop();
    expect(errors).toEqual([]);
  });

  it('leaves API keys alone: a key is no session and never idles', async () => {
    const key = await t.apiKey(orgId, ['read']);
    const answer = await me(key);
    expect([answer.statusCode, answer.json().kind]).toEqual([200, 'api_key']);
  });
});

describe('SESSION_IDLE_MINUTES', () => {
  it('defaults to 30 and refuses what is not a whole number of minutes from 1 to 1440, naming the variable', () => {
    expect(loadConfig({}).sessionIdleMinutes).toBe(30);
    expect(loadConfig({ SESSION_IDLE_MINUTES: '5' }).sessionIdleMinutes).toBe(5);
    for (const bad of ['0', '1441', '2.5', 'soon']) {
      expect(() => loadConfig({ SESSION_IDLE_MINUTES: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ SESSION_IDLE_MINUTES: bad }), bad).toThrow(/SESSION_IDLE_MINUTES/);
    }
  });
});
