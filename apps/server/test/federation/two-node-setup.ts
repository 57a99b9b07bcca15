import { expect } from 'vitest';
import type { Engine } from '../../src/db/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

export const FEDERATION_KEY = 'test-federation-key-0123456789';

/**
 * Two real GPOS nodes on loopback with separate databases, as the federation tests need them: A listens
 * (its TAXII root at `urlA`) with a Thai bank whose analyst reports, and an organisation standing for
 * node B whose read key B pulls with; B has a platform admin who registers A as a peer (`addPeerA`).
 */
export async function startTwoNodes(engine: Engine) {
  const a = await createTestApp(engine, { FEDERATION_KEY });
  const b = await createTestApp(engine, { FEDERATION_KEY });
  await a.app.listen({ port: 0, host: '127.0.0.1' });
  const address = a.app.server.address();
  const urlA = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/taxii2/`;
  const bankA = await a.buildOrganisation({ name: 'Lotus Bank', country: 'TH' });
  const analystA = await a.signIn((await a.buildUser(bankA, 'analyst')).email);
  const nodeBOnA = await a.buildOrganisation({ name: 'GPOS node B', type: 'international_org', country: 'KH' });
  const keyOfA = (await a.apiKey(nodeBOnA, ['read'])).authorization!.replace('Bearer ', '');
  const orgB = await b.buildOrganisation({ name: 'Mekong Police', type: 'law_enforcement', country: 'KH' });
  const adminB = await b.signIn((await b.buildUser(orgB, 'platform_admin')).email);

  /** Registers A on B as the peer `node-a`; answers the created peer (its id and organisation on B). */
  const addPeerA = async () => {
    const peer = await b.app.inject({
      method: 'POST',
      url: '/api/v1/federation/peers',
      headers: adminB,
      payload: { name: 'node-a', url: urlA, apiKey: keyOfA, organisation: { name: 'GPOS node A', type: 'international_org', country: 'TH' } },
    });
    expect(peer.statusCode, peer.body).toBe(201);
    return peer.json() as { id: string; organisationId: string };
  };
  return { a, b, urlA, bankA, analystA, nodeBOnA, keyOfA, orgB, adminB, addPeerA };
}

export type TwoNodes = Awaited<ReturnType<typeof startTwoNodes>>;
