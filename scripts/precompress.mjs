// Writes a Brotli (`.br`) and a gzip (`.gz`) copy beside each text file of the built web app, once at
// build time, so the server sends the compressed bytes without compressing per request (the main script
// is ~840 KB as built and ~230 KB as Brotli: the difference is felt on an embassy's or a provincial
// police station's link). The server picks a copy by the request's Accept-Encoding (static-files.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { writeWhole } from './normalise-worker-build.mjs';

/** Text formats worth compressing (images other than SVG and fonts are compressed already; source maps are for developers' tools only). */
export const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.webmanifest']);
const SCRIPTS = new Set(['.js', '.mjs', '.css']);
/** Below this a compressed copy saves less than the headers it costs. */
const MIN_BYTES = 1024;

function* filesUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

/** Compresses every compressible file under `dir`; answers the bytes before and after (Brotli). */
export function precompress(dir) {
  let before = 0;
  let after = 0;
  for (const file of filesUnder(dir)) {
    if (!COMPRESSIBLE.has(extname(file)) || statSync(file).size < MIN_BYTES) continue;
    const bytes = readFileSync(file);
    const brotli = brotliCompressSync(bytes, {
      // The scripts and styles every first visit loads get the best (slow) setting; the ~250 flags and
      // the rest quality 9, about four times faster to build for ~10% more bytes.
      params: { [constants.BROTLI_PARAM_QUALITY]: SCRIPTS.has(extname(file)) ? constants.BROTLI_MAX_QUALITY : 9, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    });
    // A copy that is not smaller is not worth a lookup: the server then sends the file itself.
    if (brotli.length >= bytes.length) continue;
    writeWhole(`${file}.br`, brotli);
    writeWhole(`${file}.gz`, gzipSync(bytes, { level: 9 }));
    before += bytes.length;
    after += brotli.length;
  }
  return { before, after };
}
