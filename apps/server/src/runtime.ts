import path from 'node:path';
import type { Config } from './config.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from './db/index.js';
import type { ServerDeps } from './platform/context.js';
import { CredentialCache } from './platform/auth/credential-cache.js';

/** Opens the configured database (SQLite file in DATA_DIR unless DATABASE_URL names PostgreSQL) and migrates it. */
/** The embedded database's file, in DATA_DIR. */
export const sqliteFileOf = (config: Pick<Config, 'dataDir'>) => path.join(config.dataDir, 'gpos.sqlite');

export async function openConfiguredDatabase(config: Config, options: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  const handle = config.databaseUrl
    ? openDatabase({ engine: 'postgres', url: config.databaseUrl, poolSize: config.dbPoolSize })
    : openDatabase({ engine: 'sqlite', file: sqliteFileOf(config), cacheMb: config.sqliteCacheMb });
  if (options.migrate !== false) {
    try {
      await migrateToLatest(handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
  return handle;
}

export const depsOf = (handle: DatabaseHandle, config: Config): ServerDeps => ({ db: handle.db, engine: handle.engine, handle, config, credentialCache: new CredentialCache() });
