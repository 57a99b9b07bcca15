
import type { z } from 'zod';
import { loadConfig } from '../config.js';
import type { ServerDeps } from '../platform/context.js';
import { depsOf, openConfiguredDatabase } from '../runtime.js';

/** Runs a command against the configured database, closing it afterwards whatever happens. */
export async function withDeps(action: (deps: ServerDeps) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const handle = await openConfiguredDatabase(config);
  try {
    await action(depsOf(handle, config));
  } finally {
    await handle.close();
  }
}

/** Validates CLI input with the same schema as the API, so both refuse the same things the same way. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new UsageError(result.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; '));
  }
  return result.data;
}

export function printTable(rows: readonly object[], json = false): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  console.table(rows);
}

/** A mistake in what the operator typed: printed as is, exit code 2. */
export class UsageError extends Error {}
