import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameSchema, shortNameSchema } from '@gpos/contracts';
import { loadConfig } from '../../src/config.js';
import { seedDemoWorld } from '../../src/modules/demo/index.js';
import { CredentialCache } from '../../src/platform/auth/index.js';
import type { ServerDeps } from '../../src/platform/context.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.js';

/**
 * The demo world is written straight to the tables, past the API's schemas: its labels (organisation
 * names and short names, people's display names, community names) must obey the rules those schemas
 * apply — no control characters among them — or the demo would show what no partner could enter.
 * The demo reports go through the report schema already (demo-reports.ts). Labels do not depend on the
 * engine, so SQLite alone.
 */
describe('the demo world’s labels', () => {
  let database: TestDatabase;
  let deps: ServerDeps;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    deps = { db: database.handle.db, engine: 'sqlite', handle: database.handle, config: loadConfig({ LOG_LEVEL: 'silent' }), credentialCache: new CredentialCache() };
    expect((await seedDemoWorld(deps, { password: 'demo password 2025' })).seeded).toBe(true);
  });
  afterAll(() => database?.drop());

  const expectValid = (schema: typeof nameSchema, labels: (string | null)[]) => {
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) {
      const parsed = schema.safeParse(label);
      expect(parsed.error?.issues, JSON.stringify(label)).toBeUndefined();
      // Stored as the schema would store it (trimmed), so an edit through the API changes nothing unasked.
      expect(parsed.data).toBe(label);
    }
  };

  it('names organisations, people and communities as the API would take them', async () => {
    const organisations = await deps.db.selectFrom('organisations').select(['name', 'short_name']).execute();
    expectValid(nameSchema, organisations.map((o) => o.name));
    expectValid(shortNameSchema, organisations.map((o) => o.short_name));
    expectValid(nameSchema, (await deps.db.selectFrom('users').select('display_name').execute()).map((u) => u.display_name));
    expectValid(nameSchema, (await deps.db.selectFrom('communities').select('name').execute()).map((c) => c.name));
  });
});
