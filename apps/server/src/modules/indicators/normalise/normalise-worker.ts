/**
 * The normalise pool's worker (bundled on its own as `dist/normalise-worker.js`, see normalise-pool.ts):
 * answers `lookupKey` (lookups: keys and derived keys) or `normaliseIndicator` (ingest batches) for a list of values, the same
 * pure functions the main thread runs.
 */
import { parentPort } from 'node:worker_threads';
import { lookupKey, normaliseIndicator } from './index.js';
import type { PoolRequest, PoolResponse } from './normalise-pool.js';

parentPort?.on('message', (request: PoolRequest) => {
  const { items, context } = request;
  const response: PoolResponse = {
    id: request.id,
    results: request.kind === 'normalise' ? items.map((item) => normaliseIndicator(item, context)) : items.map((item) => lookupKey(item, context)),
  };
  parentPort!.postMessage(response);
});
