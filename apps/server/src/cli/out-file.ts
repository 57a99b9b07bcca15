import fs from 'node:fs';
import path from 'node:path';
import { callerPath, fileRefusal, UsageError, unwritableReason } from './cli-support.js';

/**
 * Makes `--out` before anything is exported: the export is audited, so a file that cannot be written must be
 * said (exit 2) before it, not after with an export on record that nobody received. Made with 'wx', so never
 * over a file that exists, one made since the command started included. Returns the open file.
 */
export function createOutFile(typed: string): number {
  const out = callerPath(typed);
  if (out.trim() === '') throw new UsageError('--out: give a file name (without --out, the file goes to standard output)');
  if (fs.existsSync(out)) throw fileRefusal('--out', fs.statSync(out).isDirectory() ? 'is a directory; give a file name in it' : 'already exists; choose a new file name', out);
  if (!fs.existsSync(path.dirname(path.resolve(out)))) throw fileRefusal('--out', 'is in a directory that does not exist', out);
  try {
    return fs.openSync(out, 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw fileRefusal('--out', 'already exists; choose a new file name', out);
    throw fileRefusal('--out', `cannot be written: ${unwritableReason(error)}`, out);
  }
}

/**
 * An export into `--out`: the file is made first (createOutFile), then filled with what `produce` makes, and
 * removed when `produce` fails (a report not found, a network not visible), so a refused export leaves no
 * empty file behind. What was written is returned, for the command to say.
 */
export async function exportToOutFile<T extends { body: string }>(typed: string, produce: () => Promise<T>): Promise<T> {
  const out = callerPath(typed);
  const fd = createOutFile(out);
  let written = false;
  try {
    const file = await produce();
    fs.writeFileSync(fd, file.body);
    written = true;
    return file;
  } finally {
    fs.closeSync(fd);
    if (!written) fs.rmSync(out, { force: true });
  }
}
