import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/test-db.js';
import { loadConfig } from '../../config.js';
import { CredentialCache } from '../../platform/auth/credential-cache.js';
import type { CommittedBatch } from '../reports/ingest.service.js';
import { decayPolicy } from '../indicators/index.js';
import { createWarninglistService } from '../warninglists/index.js';
import { createLookupService } from './lookup.service.js';

/**
 * The membership filter is told of every indicator a committed batch sighted. Most were sighted before:
 * they must not count as keys, or the filter believes itself full and rebuilds (a scan of every
 * indicator) long before it is.
 */
describe('lookup membership filter after commits', () => {
  let database: TestDatabase;
  let lookup: ReturnType<typeof createLookupService>;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const deps = { db: database.handle.db, engine: 'sqlite' as const, handle: database.handle, config: loadConfig({ LOG_LEVEL: 'silent' }), credentialCache: new CredentialCache() };
    lookup = createLookupService(deps, { warninglists: createWarninglistService(deps), decayDays: decayPolicy({}) });
  });
  afterAll(() => database.drop());

  const batchOf = (values: string[]): CommittedBatch => ({
    submitter: { organisationId: 'o', organisationCountry: 'TH', userId: null, apiKeyId: null },
    change: 'created',
    reports: [],
    indicators: values.map((value, i) => ({ id: `i${i}`, type: 'domain', value })),
  });

  it('counts each distinct key once however often batches name it', () => {
    const before = lookup.filterStats().keys;
    const values = Array.from({ length: 500 }, (_, i) => `scam-${i}.example.com`);
    for (let round = 0; round < 5; round += 1) lookup.onCommitted(batchOf(values));
    // A key whose bits were all set already (a false positive, ~1%) adds nothing either.
    const added = lookup.filterStats().keys - before;
    expect(added).toBeLessThanOrEqual(500);
    expect(added).toBeGreaterThanOrEqual(490);
    lookup.onCommitted(batchOf([...values.slice(0, 100), 'new-one.example.com']));
    expect(lookup.filterStats().keys - before).toBe(added + 1);
  });

  it('starts sized for a million keys', () => {
    expect(lookup.filterStats().bytes).toBeGreaterThanOrEqual(1_000_000);
  });
});
