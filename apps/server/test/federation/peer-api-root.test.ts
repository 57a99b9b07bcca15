import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFederationService, type TaxiiClient } from '../../src/modules/federation/index.js';
import { OPERATOR } from '../../src/platform/auth/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * A peer's discovery answer may name its API root anywhere; followed to another origin, it had this node
 * send the peer's key there and store the answer, on every sync (security review, session 25). Only the
 * peer's own origin is followed; an admin may still set an API root elsewhere on the peer.
 */
describe('the API root a peer names', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { FEDERATION_KEY: 'a-test-federation-key-0123456789' });
  });
  afterAll(() => t.close());

  const clientAnswering = (root: string, asked: string[]): TaxiiClient => ({
    async get<T>(url: string) {
      asked.push(url);
      if (url === 'https://taxii.partner.example/taxii2/') return { body: { title: 'Partner', default: root } as T, headers: new Headers() };
      return { body: { collections: [] } as T, headers: new Headers() };
    },
  });

  it('is followed on the peer’s own origin only', async () => {
    for (const [root, followed] of [
      ['http://169.254.169.254/latest/', false],
      ['https://taxii.partner.example/api1/', true],
      ['/api2/', true],
    ] as const) {
      const asked: string[] = [];
      const service = createFederationService(t.deps, {} as never, { clientFor: () => clientAnswering(root, asked) });
      const peer = await service.create({ actor: OPERATOR, requestId: 'test' }, { name: `Partner ${asked.length}${root.length}`, url: 'https://taxii.partner.example/taxii2/', collectionIds: [], apiKey: 'k'.repeat(32), organisation: { name: `Partner node ${root.length}`, type: 'law_enforcement', country: 'SG' }, intervalMinutes: null, enabled: true });
      const result = await service.sync({ actor: OPERATOR, requestId: 'test' }, peer.id);
      if (followed) {
        expect(result.status, result.error ?? '').toBe('ok');
        expect(asked[1]).toMatch(/^https:\/\/taxii\.partner\.example\/api[12]\/collections\/$/);
      } else {
        expect(result.status).toBe('failed');
        expect(result.error).toContain('names its API root at http://169.254.169.254, another origin');
        expect(asked).toEqual(['https://taxii.partner.example/taxii2/']);
      }
    }
  });
});
