import { vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';

/**
 * Runs `gpos <args>` in this process, as the CLI tests do: what it wrote to stdout and stderr, and the exit
 * code it set (reset to 0 afterwards, so a refusal does not fail the test run).
 */
export async function runGpos(...args: string[]): Promise<{ out: string; err: string; code: number | string | undefined }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  process.exitCode = 0;
  try {
    await runCli(['node', 'gpos', ...args]);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  const code = process.exitCode;
  process.exitCode = 0;
  return { out, err, code };
}
