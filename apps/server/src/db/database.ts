import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import type { Engine } from './dialect.js';
import { migrationProvider } from './migrations/index.js';
import { createWalCheckpointer } from './wal-checkpointer.js';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  engine: Engine;
  /** Where the data lives, for messages and backups (never includes a password). */
  location: string;
  /** The PostgreSQL schema the handle works in when it is not the default (tests give each file its own). */
  schema: string | null;
  /** The raw SQLite connection, for online backup; null on PostgreSQL. */
  sqlite: SqliteDatabase.Database | null;
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { engine: 'sqlite'; file: string; cacheMb?: number }
  | { engine: 'postgres'; url: string; poolSize?: number; searchPath?: string };

// PostgreSQL returns timestamptz as Date and bigint as string by default; both engines must hand the
// code the same shapes, so timestamps become ISO strings and bigints numbers (counters stay far below 2^53).
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.TIMESTAMPTZ || oid === pg.types.builtins.TIMESTAMP) {
      return (value: string) => new Date(value).toISOString();
    }
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.engine === 'sqlite') {
    if (options.file !== ':memory:') fs.mkdirSync(path.dirname(options.file), { recursive: true });
    const sqlite = new SqliteDatabase(options.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // SQLite's default page cache is 2 MB, made for embedded devices: a server's hot index pages (every
    // lookup walks the indicator and sighting indexes) then come back through a read() system call each
    // time. A larger cache keeps them in the process; pages are allocated only as they are used.
    sqlite.pragma(`cache_size = -${(options.cacheMb ?? 16) * 1024}`);
    // Checkpoints: SQLite's default copies the WAL back into the database file (and syncs it) whenever
    // the WAL passes 1,000 pages (4 MB), which one 500-report ingest batch does alone once the indexes
    // are large: every batch then paid a checkpoint, copying again the index pages every batch touches.
    // At 10,000 pages (40 MB) a checkpoint comes every few batches and copies each such page once, and
    // during write bursts a worker thread does most of the copying (wal-checkpointer.ts). Durability is
    // unchanged: WAL with synchronous=NORMAL, a committed transaction is in the WAL and survives a
    // process crash; a longer WAL only costs reads a few more hash probes and recovery a longer replay.
    // After a checkpoint the WAL file is cut back to 64 MB, so a burst does not keep its disk space.
    sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    const checkpointer = options.file === ':memory:' ? null : createWalCheckpointer(options.file);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, () => checkpointer?.noteCommit()) }) });
    return {
      db,
      engine: 'sqlite',
      location: options.file,
      schema: null,
      sqlite,
      poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
      close: async () => {
        await checkpointer?.close();
        await db.destroy();
      },
    };
  }
  const { connectionString, urlOptions } = withoutUrlOptions(options.url);
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    types: pgTypes,
    // JIT compilation is for long analytical queries. Ours are short, but on tables written faster than
    // they are analysed the planner's estimates run to millions of rows, past jit_above_cost, and a
    // 2 ms probe of a few hundred index entries paid 40–45 ms of compilation (EXPLAIN ANALYZE, 1M sightings).
    // The URL's own options (a search_path, say) come after, so they win for any setting they name.
    options: ['-c jit=off', ...(urlOptions ? [urlOptions] : []), ...(options.searchPath ? [`-c search_path=${options.searchPath}`] : [])].join(' '),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    location: redactUrl(options.url),
    schema: options.searchPath ?? null,
    sqlite: null,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => db.destroy(),
  };
}

/**
 * A connection string's `options` parameter replaces pg's `options` setting rather than adding to it, so
 * a DATABASE_URL naming a search_path turned JIT back on. Take it out of the URL to pass it after ours.
 */
function withoutUrlOptions(url: string): { connectionString: string; urlOptions: string | null } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { connectionString: url, urlOptions: null }; // pg reports what it cannot parse
  }
  const urlOptions = parsed.searchParams.get('options');
  if (urlOptions === null) return { connectionString: url, urlOptions: null };
  parsed.searchParams.delete('options');
  return { connectionString: parsed.toString(), urlOptions: urlOptions.trim() || null };
}

const STATEMENT_CACHE_SIZE = 500;
/** WAL pages after which a commit checkpoints (SQLite's default is 1,000). */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * better-sqlite3 compiles a statement on every `prepare`; hot paths run the same few SQL texts over and
 * over, so keep the compiled statements (bounded, least recently used first out). Kysely commits
 * through here too, which is where the checkpointer learns of commits.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, onCommit: () => void) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      if (text === 'commit') onCommit();
      // Kysely begins transactions with a plain (deferred) `begin`, which takes SQLite's write lock only at
      // the first write. A transaction that reads first (ingest checks its idempotency keys, then writes)
      // cannot then wait for another process's writer: once that writer commits, its snapshot is stale and
      // the write fails at once with SQLITE_BUSY — a `gpos import` beside a server, or two imports, failed
      // part-way. `begin immediate` takes the lock up front, waiting (busy_timeout) for the other writer.
      // Within this process every transaction is serialised on the one connection already, so reads lose
      // nothing by it.
      const sqlText = text === 'begin' ? 'begin immediate' : text;
      let statement = cache.get(sqlText);
      if (statement) {
        cache.delete(sqlText);
      } else {
        statement = sqlite.prepare(sqlText);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sqlText, statement);
      return statement;
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  // Kysely finds its bookkeeping tables by name in any schema; name ours, or parallel test schemas collide.
  const schema = handle.engine === 'postgres' ? (handle.schema ?? (await schemaInUse(handle.db))) : null;
  const migrator = new Migrator({
    db: handle.db,
    provider: migrationProvider(handle.engine),
    // Numbers are handed to work in parallel, so one may land after a higher one already ran (029 after 031):
    // it runs then, in name order with any others pending; each migration may run on any later schema.
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  for (let attempt = 1; ; attempt += 1) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    if (attempt < MIGRATE_ATTEMPTS && isSchemaDroppedMeanwhile(error)) continue;
    throw error instanceof Error ? error : new Error(String(error));
  }
}

const MIGRATE_ATTEMPTS = 3;

/**
 * The schema unqualified names create in, however the search_path was set (DATABASE_URL's options,
 * PGOPTIONS, the role's or the database's defaults): where the tables go, so where Kysely's own must be
 * looked for — by name alone it would take another schema's (another deployment's) for ours.
 */
async function schemaInUse(db: Db): Promise<string> {
  const { rows } = await sql<{ schema: string | null; searchPath: string }>`select current_schema() as schema, current_setting('search_path') as "searchPath"`.execute(db);
  const [row] = rows;
  if (!row?.schema) throw new Error(`The database's search_path (${row?.searchPath ?? 'unknown'}) names no schema that exists: create the schema first, or set search_path to one that exists`);
  return row.schema;
}

/**
 * Kysely's migrator looks for its tables among the tables of every schema the role may use
 * (`has_schema_privilege(nspname, …)` by name): a schema another session drops during that read fails it
 * with 3F000 "schema … does not exist" — on a database shared by parallel test files, or by deployments in
 * schemas of their own. Nothing was migrated (PostgreSQL runs the migrations in one transaction), so the
 * read is simply made again.
 */
function isSchemaDroppedMeanwhile(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '3F000';
}

export async function isReachable(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
