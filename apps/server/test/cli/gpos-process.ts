import { execFileSync, spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/**
 * The `gpos` CLI as an operator runs it — a real process of the built bundle on a real SQLite file — for the
 * gpos-*.test.ts files that test it so (admin, intelligence, audit and backup, exit codes, serve). Unlike
 * run-cli.ts (the CLI in the test's own process), this exercises the bin, its exit codes and its streams.
 */
export const root = path.resolve(import.meta.dirname, '../../../..');
export const bin = path.join(root, 'apps/server/bin/gpos.mjs');
export const DEMO_ADMIN = 'admin@gpos.demo';

export type GposResult = { status: number | null; stdout: string; stderr: string };

/**
 * `gpos` started as a process of its own, without blocking the test worker: the child (to signal it) and its
 * exit code and output once it closes.
 */
export function startGpos(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcessByStdio<null, Readable, Readable>; result: Promise<GposResult> } {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const result = new Promise<GposResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
  return { child, result };
}

/**
 * A data directory of its own for one describe block, and `gpos` run on it. Call inside the describe: it
 * registers the hooks — the server bundle built (when stale) before the first test, the worker given a turn
 * after each one, and the directory removed at the end.
 */
export function gposProcess(prefix: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const env = { ...process.env, DATA_DIR: dataDir, DEMO_PASSWORD: 'demo password 2025', DATABASE_URL: '', LOG_LEVEL: 'silent', DEMO_REPORTS: '300' };
  const gpos = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  /**
   * Many commands at once, a few processes at a time, without blocking the test worker as spawnSync does
   * for the whole run: each command's exit code and output, in the order given.
   */
  const gposAll = async (commands: string[][], extraEnv: NodeJS.ProcessEnv = {}) => {
    const results: GposResult[] = [];
    let next = 0;
    const worker = async () => {
      while (next < commands.length) {
        const i = next++;
        results[i] = await startGpos(commands[i]!, { ...env, ...extraEnv }).result;
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    return results;
  };
  /** The demo world (`gpos demo`: 40+ organisations, DEMO_REPORTS reports), for a file whose tests start from it. */
  const demoWorld = () => {
    const demo = gpos('demo');
    expect(demo.status, demo.stderr).toBe(0);
  };

  // build.mjs writes each file whole, so files building at once never hand a gpos half a bundle.
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--server-only'], { stdio: 'ignore' });
  });
  // spawnSync holds the worker's event loop for a whole test: between tests, let it read vitest's replies
  // (a run of blocking tests on a busy machine otherwise ends in "Timeout calling onTaskUpdate").
  afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  return { dataDir, env, gpos, gposAll, demoWorld };
}
