// `npm start`: build whatever is stale, then serve. Later starts skip the build and are up in about a second.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
process.argv = [process.argv[0], 'gpos', 'serve'];
await import(pathToFileURL(join(root, 'apps/server/dist/gpos.js')).href);
