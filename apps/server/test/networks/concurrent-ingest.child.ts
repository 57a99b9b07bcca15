/**
 * One of the two server processes of the concurrent-linking test (bundled by the test with esbuild and
 * run with node): its own database pool on the test's PostgreSQL schema, the real ingest path with the
 * linker wired as in production, reports drawing identifiers from a pool shared with the other process.
 */
import { createReportSchema } from '@gpos/contracts';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/index.js';
import { createIntelligence } from '../../src/intelligence.js';
import { mulberry32 } from '../../src/modules/networks/graph/index.js';
import { CredentialCache, OPERATOR } from '../../src/platform/auth/index.js';

const url = process.env.TEST_DATABASE_URL!;
const schema = process.env.CHILD_SCHEMA!;
const organisationId = process.env.CHILD_ORG!;
const seed = Number(process.env.CHILD_SEED);
const reports = Number(process.env.CHILD_REPORTS ?? 300);

const random = mulberry32(seed);

const handle = openDatabase({ engine: 'postgres', url, poolSize: 4, searchPath: schema });
const config = loadConfig({ LOG_LEVEL: 'silent' });
const deps = { db: handle.db, engine: 'postgres' as const, handle, config, credentialCache: new CredentialCache() };
const intelligence = await createIntelligence(deps);
const submitter = { organisationId, organisationCountry: process.env.CHILD_COUNTRY ?? 'TH', userId: null, apiKeyId: null };
const phone = (n: number) => `+66 81 ${String(100 + Math.floor(n / 10_000)).padStart(3, '0')} ${String(n % 10_000).padStart(4, '0')}`;

for (let done = 0; done < reports; done += 10) {
  const batch = Array.from({ length: 10 }, (_, i) => ({
    scamType: 'investment',
    channel: 'messaging_app',
    victimCountry: random() < 0.5 ? 'TH' : 'KH',
    occurredAt: new Date(Date.now() - Math.floor(random() * 60) * 86_400_000).toISOString(),
    confidence: 50,
    marking: { tlp: random() < 0.8 ? 'GREEN' : 'AMBER+STRICT' },
    idempotencyKey: `child-${seed}-${done + i}`,
    // A shared pool of 400 phones: reports of both processes keep merging each other's networks.
    indicators: [{ type: 'phone', value: phone(Math.floor(random() * 400)) }, { type: 'phone', value: phone(1000 + Math.floor(random() * 2000)) }],
  })).map((r) => createReportSchema.parse(r));
  await intelligence.ingest.ingestBatch(submitter, { actor: OPERATOR, requestId: `child-${seed}` }, batch, 'test.concurrent');
}
await intelligence.networkLinker.settle();
await intelligence.networkLinker.stop();
await handle.close();
process.stdout.write('done\n');
