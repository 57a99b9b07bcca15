/**
 * The normalise pool's worker (bundled on its own as `dist/normalise-worker.js`, see normalise-pool.ts):
 * answers `canonicalKey` for a list of values, the same pure function the main thread runs.
 */
import { parentPort } from 'node:worker_threads';
import { canonicalKey } from './index.js';
import type { KeyRequest, KeyResponse } from './normalise-pool.js';

parentPort?.on('message', (request: KeyRequest) => {
  const response: KeyResponse = { id: request.id, results: request.items.map((item) => canonicalKey(item, request.context)) };
  parentPort!.postMessage(response);
});
