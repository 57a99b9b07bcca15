import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { sendTaxiiError, toTaxiiError } from '../../src/modules/taxii/taxii-errors.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/**
 * The log lines of failing and refused requests: each names its request once (the per-request logger
 * binds `reqId` when access lines are written; the line names it otherwise), and none carries a secret
 * the request was sent with.
 */
describe.each(testEngines())('log lines of failing requests (%s)', (engine) => {
  let t: TestApp;
  let apiKey: Record<string, string>;
  let session: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const org = await t.buildOrganisation();
    apiKey = await t.apiKey(org, ['read']);
    session = await t.signIn((await t.buildUser(org, 'analyst')).email);
  });
  afterAll(() => t.close());

  /** An app that writes its log at `level` into `lines`, with a route that fails and a TAXII one that does. */
  async function loggedApp(level: 'info' | 'error'): Promise<{ app: FastifyInstance; lines: string[] }> {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const app = await buildApp({ ...t.deps, config: { ...t.deps.config, logLevel: level } }, { logger: true, logStream: stream });
    app.get('/api/v1/test-failure', { config: { access: 'authenticated' }, schema: { hide: true } }, async () => {
      throw new Error('the disk is on fire');
    });
    app.get('/api/v1/test-taxii-failure', { config: { access: 'authenticated' }, schema: { hide: true } }, (request, reply) =>
      sendTaxiiError(request, reply, toTaxiiError(new Error('the TAXII disk is on fire'), request)),
    );
    return { app, lines };
  }

  const secretsOf = () => [apiKey.authorization!.replace('Bearer ', ''), session.cookie!.replace('gpos_session=', ''), session['x-csrf-token']!];
  const linesOf = (lines: string[], reqId: string) => lines.filter((line) => line.includes(`"${reqId}"`));
  const reqIdCount = (line: string) => line.match(/"reqId":/g)?.length ?? 0;

  it.each(['info', 'error'] as const)('names the request once in each line at level %s, and writes no secret', async (level) => {
    const { app, lines } = await loggedApp(level);
    const failing = await app.inject({ method: 'GET', url: '/api/v1/test-failure', headers: { ...apiKey, 'x-request-id': 'failing-key' } });
    expect(failing.statusCode).toBe(500);
    expect((await app.inject({ method: 'GET', url: '/api/v1/test-failure', headers: { ...session, 'x-request-id': 'failing-session' } })).statusCode).toBe(500);
    expect((await app.inject({ method: 'GET', url: '/api/v1/test-taxii-failure', headers: { ...apiKey, 'x-request-id': 'failing-taxii' } })).statusCode).toBe(500);
    // A refusal (401 for a key that does not exist) is logged at info only.
    const refused = await app.inject({ method: 'GET', url: '/api/v1/organisations', headers: { authorization: `${apiKey.authorization}x`, cookie: session.cookie!, 'x-request-id': 'refused-key' } });
    expect(refused.statusCode).toBe(401);
    await app.close();

    for (const reqId of ['failing-key', 'failing-session']) {
      const failure = linesOf(lines, reqId).find((line) => JSON.parse(line).msg === 'request failed');
      expect(failure, `${reqId} in ${lines.join('\n')}`).toBeDefined();
      expect(reqIdCount(failure!), failure).toBe(1);
      expect(JSON.parse(failure!)).toMatchObject({ level: 50, reqId, err: { message: 'the disk is on fire' } });
    }
    // TAXII's answer is its own error; the line shows what failed underneath it.
    const taxii = linesOf(lines, 'failing-taxii').find((line) => JSON.parse(line).msg === 'taxii request failed');
    expect(taxii, lines.join('\n')).toBeDefined();
    expect(reqIdCount(taxii!), taxii).toBe(1);
    expect(taxii).toContain('the TAXII disk is on fire');

    const refusal = linesOf(lines, 'refused-key').filter((line) => JSON.parse(line).code === 'unauthenticated' || JSON.parse(line).code === 'invalid_credentials');
    expect(refusal).toHaveLength(level === 'info' ? 1 : 0);
    // Every line about a request, access lines included, names it exactly once.
    for (const reqId of ['failing-key', 'failing-session', 'failing-taxii', 'refused-key']) {
      for (const line of linesOf(lines, reqId)) expect(reqIdCount(line), line).toBe(1);
    }
    const log = lines.join('\n');
    for (const secret of secretsOf()) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/authorization|cookie|x-csrf-token/i);
  });
});
