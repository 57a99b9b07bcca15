import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
export const SERVER_BIN = join(REPO_ROOT, 'apps/server/bin/gpos.mjs');
export const WEB_DIST_INDEX = join(REPO_ROOT, 'apps/web/dist/index.html');
export const DEMO_PASSWORD = 'e2e-Demo-Password-2024!';
export const ADMIN_EMAIL = 'admin@gpos.demo';

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** Everything the server printed, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Starts `gpos serve` on a free port with an empty data directory and waits for /readyz. */
export async function startServer(): Promise<RunningServer> {
  if (!existsSync(SERVER_BIN)) {
    throw new Error(`The server entry point ${SERVER_BIN} does not exist; build the server first (npm run build).`);
  }
  if (!existsSync(WEB_DIST_INDEX)) {
    throw new Error(`The web app is not built (${WEB_DIST_INDEX} missing); run npm run build first.`);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'gpos-e2e-'));
  let output = '';
  const child = spawn(process.execPath, [SERVER_BIN, 'serve'], {
    cwd: REPO_ROOT,
    // A clean environment: the test runner's own variables (NODE_ENV=test, VITEST…) must not leak in.
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? tmpdir(),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_PASSWORD,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited(child)) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited(child)) {
      await stop();
      throw new Error(`gpos serve exited early (code ${child.exitCode}, signal ${child.signalCode}):\n${output}`);
    }
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.status === 200) return { baseUrl, dataDir, output: () => output, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`gpos serve did not answer 200 on /readyz within 60 s:\n${output}`);
}
