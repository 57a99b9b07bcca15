import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSessionSweep } from '../../src/modules/auth/index.js';
import { sha256Hex } from '../../src/platform/crypto.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

const IDLE_MINUTES = 30;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/**
 * The periodic sweep of ended sessions: expired and idle ones are deleted in bounded batches, without
 * waiting for their next use or someone's sign-in; sessions in force stay, and so does their use. Sessions
 * are aged by writing their rows, as a clock would.
 */
describe.each(testEngines())('session sweep (%s)', (engine) => {
  let t: TestApp;
  let orgId: string;

  beforeAll(async () => {
    t = await createTestApp(engine, { SESSION_IDLE_MINUTES: String(IDLE_MINUTES) });
    orgId = await t.buildOrganisation();
  });
  afterAll(() => t.close());

  async function session() {
    const headers = await t.signIn((await t.buildUser(orgId, 'analyst')).email);
    return { headers, idHash: sha256Hex(headers.cookie!.slice('gpos_session='.length)) };
  }
  const setRow = (idHash: string, values: { last_seen_at?: string; expires_at?: string }) => t.deps.db.updateTable('sessions').set(values).where('id_hash', '=', idHash).execute();
  const exists = async (idHash: string) => (await t.deps.db.selectFrom('sessions').select('id_hash').where('id_hash', '=', idHash).executeTakeFirst()) !== undefined;
  const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });

  it('deletes expired and idle sessions in batches, keeping those in force', async () => {
    // Signed in first: a sign-in sweeps too, and would take these before the sweep is asked to.
    const kept = await session();
    const nearlyIdle = await session();
    const idle = await Promise.all(Array.from({ length: 5 }, () => session()));
    const expired = await session();
    await setRow(nearlyIdle.idHash, { last_seen_at: minutesAgo(IDLE_MINUTES - 1) });
    for (const one of idle) await setRow(one.idHash, { last_seen_at: minutesAgo(IDLE_MINUTES + 2) });
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
    // Nothing left to sweep: nothing more deleted.
    expect(await sweep.sweep()).toBe(0);
  });

  it('takes a turn shared with the other servers on the database: one sweeps, the other skips the interval', async () => {
    const idle = await session();
    await setRow(idle.idHash, { last_seen_at: minutesAgo(IDLE_MINUTES + 2) });
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
    await setRow(idle.idHash, { last_seen_at: minutesAgo(IDLE_MINUTES + 2) });
    const errors: unknown[] = [];
    const sweep = createSessionSweep(t.deps.db, { idleMinutes: IDLE_MINUTES, everyMs: 50 });
    sweep.start((error) => errors.push(error));
    await expect.poll(() => exists(idle.idHash), { timeout: 5_000 }).toBe(false);
    await sweep.stop();
    expect(errors).toEqual([]);
  });
});
