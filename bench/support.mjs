// Shared helpers of the benchmarks: start a server process, wait for readiness, measure RSS, load it.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { buildNormaliseWorker } from '../scripts/normalise-worker-build.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const gposBin = join(root, 'apps/server/bin/gpos.mjs');

/**
 * Bundles a TypeScript runner (or module) of the server's code with esbuild into bench/out/<name>.mjs and
 * returns its path. Inside the repository (bench/out is ignored by git) so the bundle's externals resolve
 * from node_modules; native and worker-thread packages stay external.
 */
export async function bundleRunner(entry, name) {
  mkdirSync(join(root, 'bench/out'), { recursive: true });
  const outfile = join(root, 'bench/out', `${name}.mjs`);
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'pg-native', '@fastify/swagger-ui', 'pino', 'thread-stream'],
    alias: { '@gpos/contracts': join(root, 'packages/contracts/src/index.ts') },
    nodePaths: [join(root, 'apps/server/node_modules')],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  // The runners ingest as the server does, which normalises bulk batches in this worker (INGEST_WORKERS).
  await buildNormaliseWorker(join(root, 'bench/out'));
  return outfile;
}

export function buildServer() {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--server-only'], { stdio: 'inherit' });
}

export function gpos(args, env) {
  return execFileSync(process.execPath, [gposBin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
}

/** Starts a process and resolves once `readyUrl` answers 200; reports how long that took. */
/** Every process a benchmark started, killed when the benchmark exits, even by an error: no server outlives its run. */
const children = new Set();
process.once('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

export async function startProcess(args, env, readyUrl, timeoutMs = 30_000) {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    try {
      const response = await fetch(readyUrl);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${readyUrl} did not become ready in ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { child, readyMs: performance.now() - started };
}

export async function stopProcess(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** A bounded load on loopback only: `seconds` long, `connections` at once. */
export function load(url, { connections = 50, seconds = 5, headers = {} } = {}) {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) throw new Error('benchmarks load 127.0.0.1 only');
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, headers }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * A port nothing listens on now: the kernel's choice for a listener on port 0 on 127.0.0.1, released at
 * once for the server about to start (a random pick collided with ports in use: EADDRINUSE).
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
