/**
 * The TAXII benchmark's baseline (bundled and run by bench/taxii.bench.mjs): a bare node:http server on
 * the same SQLite file that answers the same page queries as the TAXII objects endpoint — the change feed
 * joined to the current report version, then the page's sightings and indicators — serialised with
 * JSON.stringify, without visibility filtering, STIX mapping or bundle assembly. GET /rows?after=<seq>&limit=<reports>.
 */
import http from 'node:http';
import path from 'node:path';
import { openDatabase } from '../../apps/server/src/db/index.js';

const dataDir = process.env.DATA_DIR;
if (!dataDir) throw new Error('DATA_DIR is required');
const { db } = openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'gpos.sqlite') });

const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/readyz') {
    response.end('ok');
    return;
  }
  const after = Number(url.searchParams.get('after') ?? 0);
  const limit = Math.min(1000, Number(url.searchParams.get('limit') ?? 125));
  (async () => {
    const rows = await db
      .selectFrom('report_changes as rc')
      .innerJoin('reports as r', (join) => join.onRef('r.id', '=', 'rc.report_id').onRef('r.version', '=', 'rc.version'))
      .selectAll('r')
      .select(['rc.seq as feed_seq', 'rc.at as feed_at'])
      .where('rc.seq', '>', after)
      .orderBy('rc.seq')
      .limit(limit)
      .execute();
    const sightings = rows.length
      ? await db
          .selectFrom('sightings as s')
          .innerJoin('indicators as i', 'i.id', 's.indicator_id')
          .select(['s.report_id', 's.role', 's.benign', 'i.id', 'i.type', 'i.value', 'i.display', 'i.attributes'])
          .where('s.report_id', 'in', rows.map((r) => r.id))
          .execute()
      : [];
    const last = rows[rows.length - 1];
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ rows, sightings, next: rows.length === limit && last ? Number(last.feed_seq) : null }));
  })().catch((error: unknown) => {
    response.statusCode = 500;
    response.end(String(error));
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
