// Bundles the normalise pool's worker (apps/server/src/modules/indicators/normalise/normalise-worker.ts)
// into `<dir>/normalise-worker.js`, where NormalisePool.beside finds it: beside the server bundle
// (scripts/build.mjs) and beside the benchmarks' runners (bench/support.mjs), which ingest through it.
// Every worker is a V8 heap of its own, so it carries only what normalising needs: i18n-iso-countries
// without the country names of its 80 languages (the worker checks codes only).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildNormaliseWorker(dir) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    write: false, // each file written whole, as the server bundle is (a process may be starting a worker from it)
    entryPoints: [join(root, 'apps/server/src/modules/indicators/normalise/normalise-worker.ts')],
    outfile: join(dir, 'normalise-worker.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    banner: { js: "import { createRequire as __gposCreateRequire } from 'node:module'; const require = __gposCreateRequire(import.meta.url);" },
    alias: { '@gpos/contracts': join(root, 'packages/contracts/src/index.ts'), 'i18n-iso-countries': join(root, 'node_modules/i18n-iso-countries/index.js') },
    logLevel: 'warning',
  });
  for (const file of result.outputFiles) writeWhole(file.path, file.contents);
}

/** Writes a file beside its place, then renames it there: readers see the old file or the new one, never a part. */
export function writeWhole(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}
