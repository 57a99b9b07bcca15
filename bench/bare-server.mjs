// The baseline: a bare Fastify route answering a small JSON list, no auth, no database, no validation.
import Fastify from 'fastify';

// It answers the very body the measured API route answers (passed in BARE_BODY), so both runs move the
// same bytes and the ratio measures the platform's own work, not payload size.
const body = JSON.parse(process.env.BARE_BODY ?? '{"items":[],"nextCursor":null}');
const app = Fastify({ logger: false });
app.get('/bare', async () => body);
app.get('/readyz', async () => ({ status: 'ready' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
