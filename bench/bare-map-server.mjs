// The lookup baseline: a bare Fastify route answering from an in-memory Map of the same values the
// measured server holds (BARE_VALUES: "type<TAB>value<TAB>id" lines). No auth, normalisation or database.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import Fastify from 'fastify';

const known = new Map();
for await (const line of createInterface({ input: createReadStream(process.env.BARE_VALUES) })) {
  const [type, value, id] = line.split('\t');
  if (value) known.set(value, { id, type });
}
const app = Fastify({ logger: false });
app.get('/bare', async (request) => {
  const value = request.query.value ?? '';
  const hit = known.get(value);
  return { input: value, found: hit !== undefined, id: hit?.id ?? null, type: hit?.type ?? null };
});
app.get('/readyz', async () => ({ status: 'ready' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
