import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIndicatorDecay, decayPolicy } from '../../src/modules/indicators/index.js';
import { jobTurns } from '../../src/platform/jobs/job-turns.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

const HOUR = 3_600_000;

/**
 * Jobs every server runs on its own timer take turns in the database: with several servers on one
 * database, one of them runs each turn.
 */
describe.each(testEngines())('scheduled jobs across servers (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(() => t.close());

  it('runs a turn on one server of two asking at once, skips it within the interval, runs it once due', async () => {
    const servers = [jobTurns(t.deps.db, 'test-job', { everyMs: HOUR, leaseMs: 60_000 }), jobTurns(t.deps.db, 'test-job', { everyMs: HOUR, leaseMs: 60_000 })];
    let runs = 0;
    const job = async () => ++runs;
    const results = await Promise.all(servers.map((server) => server.run(job)));
    expect(runs).toBe(1);
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(await servers[1]!.run(job)).toBeNull(); // another server finished it within the hour
    expect(await servers[1]!.run(job, Date.now() + HOUR)).toBe(2); // an hour later it is due
  });

  it('frees the turn of a failed run without counting it done, and takes over a turn whose lease ran out', async () => {
    const server = jobTurns(t.deps.db, 'failing-job', { everyMs: HOUR, leaseMs: 60_000 });
    await expect(server.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await server.run(async () => 'retried')).toBe('retried');
    // A server that died mid-run leaves its lease behind: no one runs until it has run out.
    await t.deps.db.updateTable('job_turns').set({ lease_until: new Date(Date.now() + 60_000).toISOString(), last_finished_at: null }).where('name', '=', 'failing-job').execute();
    expect(await server.run(async () => 'blocked')).toBeNull();
    expect(await server.run(async () => 'taken over', Date.now() + 120_000)).toBe('taken over');
  });

  it('gives the hourly decay sweep to one server per turn', async () => {
    await t.deps.db.deleteFrom('job_turns').where('name', '=', 'indicator-decay').execute(); // the app's own start took a turn
    const [a, b] = [createIndicatorDecay(t.deps, decayPolicy(), { everyMs: HOUR }), createIndicatorDecay(t.deps, decayPolicy(), { everyMs: HOUR })];
    const swept = await Promise.all([a.runTurn(), b.runTurn()]);
    expect(swept.filter((n) => n === null)).toHaveLength(1);
    expect(await a.runTurn()).toBeNull();
    expect(await b.runTurn()).toBeNull();
    expect(await a.run()).toBe(0); // an explicit run (the CLI, a test) is never held back
  });
});
