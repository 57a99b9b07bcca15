// The baseline: a bare Fastify route answering a small JSON list, no auth, no database, no validation.
import Fastify from 'fastify';

const items = Array.from({ length: 5 }, (_, i) => ({ id: `00000000-0000-7000-8000-00000000000${i}`, name: `Organisation ${i}`, type: 'bank', country: 'TH', status: 'active' }));
const app = Fastify({ logger: false });
app.get('/bare', async () => ({ items, nextCursor: null }));
app.get('/readyz', async () => ({ status: 'ready' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
