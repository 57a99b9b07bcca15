/**
 * For tests: the lines the server's bulk upload (runBulkIngest) answers to a body, asked to derive the keys
 * of keyless lines as the page asks, from the file's lines when `lineOffset` is given. Every valid line is
 * taken, its `reportId` being the idempotency key it was given (the database's part is the API tests'):
 * with `stored`, the keys stored so far, a key stored before answers `duplicate`, as the database would.
 */
import { PassThrough, Readable } from 'node:stream';
import { runBulkIngest } from '../../../server/src/modules/reports/bulk-ingest';
import type { IngestService } from '../../../server/src/modules/reports/ingest.service';

export async function bulkAnswerLines(bytes: Buffer, format: 'csv' | 'ndjson', lineOffset = 0, stored = new Set<string>()): Promise<string[]> {
  const ingest = {
    async ingestBatches(_submitter: unknown, _context: unknown, items: AsyncIterable<{ inputs: { idempotencyKey?: string }[] }>, _action: string, onCommitted: (item: unknown, outcomes: unknown[]) => Promise<void>) {
      for await (const item of items) {
        const outcomes = item.inputs.map((input) => {
          const key = input.idempotencyKey ?? 'no key';
          const status = stored.has(key) ? 'duplicate' : 'accepted';
          stored.add(key);
          return { status, reportId: key, visible: true, indicators: [] };
        });
        await onCommitted(item, outcomes);
      }
    },
  } as unknown as IngestService;
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const submitter = { organisationId: 'o', organisationCountry: 'TH', userId: null, apiKeyId: null };
  // In small chunks, as a request's body comes.
  const pieces = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
  await runBulkIngest(ingest, submitter, { actor: { kind: 'system' }, requestId: 'test' } as never, Readable.from(pieces), format, out, undefined, { keylessLines: 'derive', lineOffset });
  return Buffer.concat(chunks).toString().trim().split('\n');
}
