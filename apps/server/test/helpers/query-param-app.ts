import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { createTestApp, type TestApp } from './test-app.js';

/** One field error of a refused request, as the query-parameter tests compare it. */
export type RefusedField = { path: string; message: string; code: string; params: Record<string, string | number> };

export interface QueryParamApp {
  /** The app and its database, once the block's `beforeAll` has run (a POST or another route's own headers). */
  readonly t: TestApp;
  /** The API key's headers: a bank's key with `write`, enough for every list the tests query. */
  readonly key: Record<string, string>;
  /** A GET with the key, and any other headers (TAXII's `accept`). */
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** The field errors of a GET that must be refused as a request that failed its schema (400 `validation_failed`). */
  refused(url: string): Promise<RefusedField[]>;
}

/**
 * The set-up the query-parameter API tests share (whole-number-query-params, repeated-query-params): an
 * app on SQLite with one bank's API key, made before the tests of the `describe` block that calls this and
 * closed after them. Call it at the top of the block, as one would write `beforeAll` there.
 */
export function queryParamApp(): QueryParamApp {
  let app: TestApp | undefined;
  let key: Record<string, string> = {};
  beforeAll(async () => {
    app = await createTestApp('sqlite');
    key = await app.apiKey(await app.buildOrganisation({ type: 'bank' }), ['write']);
  });
  afterAll(() => app?.close());

  const started = (): TestApp => {
    if (!app) throw new Error('queryParamApp: the app is made in beforeAll; use it inside a test');
    return app;
  };
  const get = (url: string, headers: Record<string, string> = {}) => started().app.inject({ method: 'GET', url, headers: { ...key, ...headers } });
  return {
    get t() {
      return started();
    },
    get key() {
      return key;
    },
    get,
    async refused(url) {
      const response = await get(url);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
      expect(response.json().code).toBe('validation_failed');
      return response.json().errors;
    },
  };
}
