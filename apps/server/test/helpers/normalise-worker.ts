import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Builds the normalise pool's worker as the server's build does (scripts/normalise-worker-build.mjs), into
 * a directory of its own: the TypeScript sources the tests run have no bundled worker beside them.
 */
export async function buildNormaliseWorker(): Promise<{ dir: string; url: URL; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'gpos-normalise-worker-'));
  // @ts-expect-error -- a build script of the repository, plain JavaScript without declarations
  const { buildNormaliseWorker: build } = (await import('../../../../scripts/normalise-worker-build.mjs')) as { buildNormaliseWorker: (dir: string) => Promise<void> };
  await build(dir);
  return { dir, url: pathToFileURL(join(dir, 'normalise-worker.js')), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
