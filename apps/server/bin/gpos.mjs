#!/usr/bin/env node
// The `gpos` command. Runs the bundled server (dist/gpos.js), building it first when it is missing.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, '..', 'dist', 'gpos.js');
if (!existsSync(bundle)) {
  // The build's messages go to stderr: stdout is the command's own (`gpos org list --json | jq`).
  execFileSync(process.execPath, [join(here, '..', '..', '..', 'scripts', 'build.mjs'), '--server-only'], { stdio: ['ignore', 2, 2] });
}
await import(pathToFileURL(bundle).href);
