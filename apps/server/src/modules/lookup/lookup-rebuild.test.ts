import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/helpers/test-db.js';
import { loadConfig } from '../../config.js';
import { CredentialCache } from '../../platform/auth/credential-cache.js';
import { decayPolicy } from '../indicators/index.js';
import { createWarninglistService } from '../warninglists/index.js';
import { createLookupService } from './lookup.service.js';

/**
 * The filter's rebuild pages through the indicators along their key index, (type, value), with a row
 * value cursor. Each key must be read exactly once over several pages on both engines: values that
 * repeat across types, share prefixes, differ only in case or sort differently byte-wise and by a
 * language's collation.
 */
describe.each(testEngines())('lookup membership filter rebuild (%s)', (engine) => {
  let database: TestDatabase;
  const keys: { type: string; value: string }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const tricky = ['a', 'A', 'a-b', 'a_b', 'a.b', 'ab', 'é', 'e', 'z', 'ß', '0', '+66810000000', 'x'.repeat(200)];
    for (const type of ['domain', 'email', 'phone']) {
      for (const value of tricky) keys.push({ type, value });
      // Enough for three pages of 2,000, in an order unlike the index's.
      for (let i = 0; i < 1_600; i += 1) keys.push({ type, value: `v${(i * 7919) % 1_600}-${type}` });
    }
    const now = new Date().toISOString();
    const rows = keys.map((k) => ({
      id: randomUUID(),
      type: k.type,
      value: k.value,
      display: k.value,
      attributes: '{}',
      status: 'active',
      benign: 0,
      first_seen_at: now,
      last_seen_at: now,
      report_count: 0,
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 500) await database.handle.db.insertInto('indicators').values(rows.slice(i, i + 500)).execute();
  });
  afterAll(() => database.drop());

  it('reads every stored key once, across pages', async () => {
    const deps = { db: database.handle.db, engine, handle: database.handle, config: loadConfig({ LOG_LEVEL: 'silent' }), credentialCache: new CredentialCache() };
    const lookup = createLookupService(deps, { warninglists: createWarninglistService(deps), decayDays: decayPolicy({}) });
    expect(lookup.filterComplete()).toBe(false);
    await lookup.rebuild();
    expect(lookup.filterComplete()).toBe(true);
    // The filter counts every key it is given: a key read twice, or one skipped, moves the count.
    expect(keys.length).toBeGreaterThan(2 * 2_000);
    expect(lookup.filterStats().keys).toBe(keys.length);
  });
});
