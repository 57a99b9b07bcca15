import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildNetworks } from '../../src/modules/networks/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');

/**
 * Two server processes, each with its own connection pool, ingest overlapping reports into one
 * PostgreSQL schema at the same time; their linkers race to merge the same networks. Afterwards the
 * incremental networks must be exactly those of a full rebuild.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('concurrent linking on PostgreSQL', () => {
  let t: TestApp;
  let bundle: string;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp('postgres');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-linking-'));
    // Inside the repository tree, so the bundle's external packages resolve from node_modules.
    bundle = path.join(root, 'bench/out', `concurrent-ingest-${process.pid}.mjs`);
    fs.mkdirSync(path.dirname(bundle), { recursive: true });
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [path.join(here, 'concurrent-ingest.child.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['better-sqlite3', 'pg-native', '@fastify/swagger-ui', 'pino', 'thread-stream'],
      alias: { '@gpos/contracts': path.join(root, 'packages/contracts/src/index.ts') },
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'warning',
    });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(bundle, { force: true });
  });

  const run = (env: Record<string, string>) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [bundle], { env: { ...process.env, ...env }, cwd: root });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('exit', (code) => (code === 0 && !err.includes('network linker') ? resolve(out) : reject(new Error(`child exited ${code}: ${err}`))));
    });

  it('ends with the networks of a full rebuild', async () => {
    const schema = t.deps.handle.schema!;
    const thai = await t.buildOrganisation({ country: 'TH' });
    const khmer = await t.buildOrganisation({ country: 'KH', type: 'law_enforcement' });
    const [a, b] = await Promise.all([
      run({ CHILD_SCHEMA: schema, CHILD_ORG: thai, CHILD_SEED: '11', CHILD_COUNTRY: 'TH', CHILD_REPORTS: '400' }),
      run({ CHILD_SCHEMA: schema, CHILD_ORG: khmer, CHILD_SEED: '29', CHILD_COUNTRY: 'KH', CHILD_REPORTS: '400' }),
    ]);
    expect([a.trim(), b.trim()]).toEqual(['done', 'done']);
    expect(Number((await t.deps.db.selectFrom('network_queue').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
    const result = await rebuildNetworks(t.deps.db, t.deps.engine);
    expect(result.reports).toBe(800);
    expect(result.differences).toEqual({ reports: 0, staleMembers: 0, indicators: 0, examples: [] });
    // The shared pool really made the two processes' reports meet in common networks.
    const mixed = await t.deps.db
      .selectFrom('report_networks')
      .select('network_id')
      .groupBy('network_id')
      .having((eb) => eb.fn.count('organisation_id').distinct(), '>', 1)
      .execute();
    expect(mixed.length).toBeGreaterThan(0);
    expect(result.linkedNetworks).toBeLessThan(400);
  }, 120_000);
});
