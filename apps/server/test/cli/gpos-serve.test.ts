import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { bin, gposProcess } from './gpos-process.js';

/**
 * `gpos serve` as an operator starts it: on a platform with its demo world, and on an empty one, where it
 * seeds the demo (and finishes a first start that was stopped) before it says it is ready.
 */
describe('gpos CLI: serve', () => {
  const { env, demoWorld } = gposProcess('gpos-cli-serve');
  beforeAll(() => demoWorld(), 120_000);

  it('serves, then shuts down gracefully on SIGTERM', async () => {
    const port = 30000 + Math.floor(Math.random() * 10000);
    const child = spawn(process.execPath, [bin, 'serve'], { env: { ...env, PORT: String(port), LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let ready = false;
    for (let i = 0; i < 200 && !ready; i += 1) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(ready).toBe(true);
    const page = await fetch(`http://127.0.0.1:${port}/api/v1/organisations`);
    expect(page.status).toBe(401);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toMatch(/"msg":"shutting down"/);
    expect(output).toMatch(/"route":"\/api\/v1\/organisations","status":401/);
  });

  it('seeds the demo on an empty platform and is ready only once its reports are linked into networks', async () => {
    const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-cli-serve-'));
    const port = 30000 + Math.floor(Math.random() * 10000);
    const child = spawn(process.execPath, [bin, 'serve'], { env: { ...env, DATA_DIR: freshDir, PORT: String(port) }, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      let ready = false;
      for (let i = 0; i < 600 && !ready; i += 1) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
        if (!ready) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(ready).toBe(true);
      const db = new Database(path.join(freshDir, 'gpos.sqlite'), { readonly: true });
      try {
        expect(db.prepare('select count(*) as n from network_queue').get()).toEqual({ n: 0 });
        expect(db.prepare('select count(*) as n from report_networks').get()).toEqual({ n: 300 });
      } finally {
        db.close();
      }
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      fs.rmSync(freshDir, { recursive: true, force: true });
    }
  });

  it('finishes the demo reports of a first start that was stopped before they were all added, and printed the sign-in first', async () => {
    const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-cli-demo-'));
    const { DEMO_PASSWORD: _fixed, ...withoutPassword } = env; // a generated password, printed once
    const demoEnv = { ...withoutPassword, DATA_DIR: freshDir, DEMO_REPORTS: '4000' };
    const start = (port: number) => {
      const child = spawn(process.execPath, [bin, 'serve'], { env: { ...demoEnv, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
      const state = { output: '' };
      child.stdout.on('data', (chunk) => (state.output += String(chunk)));
      return { child, state, exited: new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))) };
    };
    try {
      // The first start is killed while its reports are being added (no chance to clean up).
      const first = start(30000 + Math.floor(Math.random() * 10000));
      for (let i = 0; i < 600 && !/Adding 4000 synthetic scam reports/.test(first.state.output); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(first.state.output).toMatch(/Password for every demo account \(shown only this once\): \S+/);
      first.child.kill('SIGKILL');
      await first.exited;
      const reportsOf = () => {
        const db = new Database(path.join(freshDir, 'gpos.sqlite'), { readonly: true });
        try {
          return (db.prepare('select count(*) as n from reports').get() as { n: number }).n;
        } finally {
          db.close();
        }
      };
      expect(reportsOf()).toBeLessThan(4000);
      // The next start finishes them, says so, and is ready with the whole world.
      const port = 30000 + Math.floor(Math.random() * 10000);
      const second = start(port);
      try {
        let ready = false;
        for (let i = 0; i < 1200 && !ready; i += 1) {
          ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
          if (!ready) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(ready).toBe(true);
        expect(second.state.output).toMatch(/Finishing the demo world: its first start stopped before its 4000 synthetic scam reports/);
        expect(second.state.output).toMatch(new RegExp(`open http://127\\.0\\.0\\.1:${port} and sign in as admin@gpos\\.demo with the password it was created with \\(printed then, or DEMO_PASSWORD if it was set\\)`));
        expect(reportsOf()).toBe(4000);
      } finally {
        second.child.kill('SIGTERM');
        expect(await second.exited).toBe(0);
      }
      // Once finished, a start owes nothing.
      const third = start(30000 + Math.floor(Math.random() * 10000));
      for (let i = 0; i < 600 && !/Demo world: open/.test(third.state.output); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      third.child.kill('SIGTERM');
      await third.exited;
      expect(third.state.output).not.toMatch(/Finishing|Adding/);
    } finally {
      fs.rmSync(freshDir, { recursive: true, force: true });
    }
  }, 120_000);
});
