import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Db, DatabaseHandle, Engine } from '../db/index.js';
import type { AuditContext } from './audit/index.js';
import type { CredentialCache } from './auth/credential-cache.js';
import './http/fastify-types.js';

/** What services are built from: the database, its engine and the configuration. Nothing global. */
export interface ServerDeps {
  db: Db;
  engine: Engine;
  handle: DatabaseHandle;
  config: Config;
  /** Cleared by every change to API keys or organisations, so revocations apply at once. */
  credentialCache: CredentialCache;
}

export const auditContextOf = (request: FastifyRequest): AuditContext => ({
  actor: request.actor,
  requestId: String(request.id),
});
