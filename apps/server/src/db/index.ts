/**
 * Storage: one Kysely instance over SQLite (embedded default) or PostgreSQL (server grade), the single
 * migration history both engines run, and the row types of every table. SQL lives in repositories; the
 * engine differences live here.
 */
export * from './database.js';
export * from './dialect.js';
export { bulkInsert } from './bulk-insert.js';
export { chunks, IN_LIST_CHUNK } from './chunks.js';
export type { Database } from './schema.js';
export { GENESIS_HASH } from './migrations/001-foundation.js';
