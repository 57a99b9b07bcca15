// Builds what is stale: the server bundle (esbuild) and the web app (Vite). `--force` rebuilds both;
// `--server-only` skips the web app. Staleness = any source file newer than the output.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNormaliseWorker, writeWhole } from './normalise-worker-build.mjs';
import { precompress } from './precompress.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');
const serverOnly = process.argv.includes('--server-only');

function newestMtime(paths) {
  let newest = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const stat = statSync(p);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(p)) if (entry !== 'node_modules' && entry !== 'dist') walk(join(p, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach(walk);
  return newest;
}

const outputTime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

const contracts = join(root, 'packages/contracts/src');

async function buildServer() {
  const out = join(root, 'apps/server/dist/gpos.js');
  const sources = [join(root, 'apps/server/src'), contracts, join(root, 'apps/server/package.json'), join(root, 'package-lock.json'), join(root, 'scripts/build.mjs'), join(root, 'scripts/normalise-worker-build.mjs')];
  if (!force && outputTime(out) > newestMtime(sources)) return false;
  process.stdout.write('Building the server…\n');
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    write: false, // written below, each file whole (writeWhole): a gpos started meanwhile never reads half a bundle
    entryPoints: [join(root, 'apps/server/src/main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    // One file loads about twice as fast as hundreds of modules, which is most of a later start. Left out:
    // native addons, packages that find their own files at run time, and pino (it may spawn workers).
    external: ['better-sqlite3', 'pg-native', '@fastify/swagger-ui', 'pino', 'thread-stream'],
    banner: { js: "import { createRequire as __gposCreateRequire } from 'node:module'; const require = __gposCreateRequire(import.meta.url);" },
    alias: { '@gpos/contracts': join(contracts, 'index.ts') },
    logLevel: 'warning',
  });
  for (const file of result.outputFiles) writeWhole(file.path, file.contents);
  // The normalise pool's worker, beside the server (normalise-pool.ts finds it there).
  await buildNormaliseWorker(dirname(out));
  return true;
}

function buildWeb() {
  const out = join(root, 'apps/web/dist/index.html');
  const webRoot = join(root, 'apps/web');
  const sources = [join(webRoot, 'src'), join(webRoot, 'index.html'), join(webRoot, 'vite.config.ts'), join(webRoot, 'public'), contracts, join(root, 'scripts/precompress.mjs')];
  if (!existsSync(join(webRoot, 'index.html'))) return false;
  if (!force && outputTime(out) > newestMtime(sources)) return false;
  process.stdout.write('Building the web app (first start: about half a minute)…\n');
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: webRoot, stdio: 'inherit' });
  const { before, after } = precompress(join(webRoot, 'dist'));
  process.stdout.write(`Compressed the web app's text files: ${(before / 1e6).toFixed(1)} MB → ${(after / 1e6).toFixed(1)} MB (Brotli)\n`);
  return true;
}

const started = Date.now();
const built = [];
if (await buildServer()) built.push('server');
if (!serverOnly && buildWeb()) built.push('web app');
if (built.length) process.stdout.write(`Built ${built.join(' and ')} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
