// Bundles the normalise pool's worker (apps/server/src/modules/indicators/normalise/normalise-worker.ts)
// into `<dir>/normalise-worker.js`, where NormalisePool.beside finds it: beside the server bundle
// (scripts/build.mjs) and beside the benchmarks' runners (bench/support.mjs), which ingest through it.
// Every worker is a V8 heap of its own, so it carries only what normalising needs: i18n-iso-countries
// without the country names of its 80 languages (the worker checks codes only).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildNormaliseWorker(dir) {
  const esbuild = await import('esbuild');
  await esbuild.build({
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
}
