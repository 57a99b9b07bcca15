import fs from 'node:fs';
import type { z } from 'zod';
import { loadConfig } from '../config.js';
import type { ServerDeps } from '../platform/context.js';
import { depsOf, openConfiguredDatabase, sqliteFileOf } from '../runtime.js';

/**
 * Runs a command against the configured database, closing it afterwards whatever happens. Only a command
 * that `creates` one (demo) may start from no database: for any other, a missing SQLite file means
 * DATA_DIR points somewhere else than the operator thinks, and an empty database made there would
 * answer "(none)" or "intact: 0 events" as if all were well.
 */
export async function withDeps(action: (deps: ServerDeps) => Promise<void>, options: { creates?: boolean } = {}): Promise<void> {
  const config = loadConfig();
  const file = sqliteFileOf(config);
  if (!config.databaseUrl && !options.creates && !fs.existsSync(file)) {
    throw new UsageError(`No database at ${file} (DATA_DIR is ${config.dataDir}): point DATA_DIR at the platform's data, or create one with gpos migrate, gpos demo or gpos serve`);
  }
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

/**
 * The organisation a command acts for (`--org`). One that is suspended may still be looked through
 * (`read`: check, export), but nothing is submitted on its behalf (`write`): its people and keys stopped
 * working, and the console is no way round that.
 */
export async function organisationFor(deps: ServerDeps, id: string | undefined, purpose: 'read' | 'write') {
  if (!id) throw new UsageError('Name the organisation with --org <id> (see `gpos org list`)');
  const org = await deps.db.selectFrom('organisations').select(['id', 'type', 'country', 'status']).where('id', '=', id).executeTakeFirst();
  if (!org) throw new UsageError(`No organisation ${id} (see \`gpos org list\`)`);
  if (purpose === 'write' && org.status !== 'active') throw new UsageError(`Organisation ${id} is ${org.status}: nothing is submitted on its behalf (\`gpos org reactivate ${id}\` first)`);
  return org;
}

/** A mistake in what the operator typed: printed as is, exit code 2. */
export class UsageError extends Error {}
