import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { lookupKey, normaliseIndicator } from './index.js';
import type { LookupKeyResult, NormaliseContext, NormaliseResult, RawIndicator } from './types.js';

/** What a worker is asked: the keys a lookup probes (`lookupKey`) or the full normalisation with derived indicators (ingest). */
export interface PoolRequest {
  id: number;
  kind: 'keys' | 'normalise';
  items: RawIndicator[];
  context: NormaliseContext;
}
export interface PoolResponse {
  id: number;
  results: LookupKeyResult[] | NormaliseResult[];
}

/** Below this many values a batch is normalised where it is: a message each way costs more than the work. */
export const POOL_MIN_ITEMS = 64;
/** The young generation of a worker's heap, in MB (see `start`). */
const WORKER_YOUNG_MB = 24;
/** Workers that died before the pool stops starting new ones (and normalises in-thread for good). */
const MAX_FAILURES = 3;

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (results: LookupKeyResult[] | NormaliseResult[]) => void; reject: (error: Error) => void }>;
  /** Ends the worker once it has had nothing to do for the pool's idle time (when set). */
  idle: NodeJS.Timeout | null;
}

export interface PoolOptions {
  /** A worker with nothing to do for this long exits (its heap given back); the next batch starts one again. */
  idleMs?: number;
}

/**
 * Normalisation of large batches in worker threads. Type detection and normalisation are pure and
 * CPU-bound — about 5 µs a value in session 6, most of it libphonenumber; about 2 µs since numbers in
 * E.164 skip the library's parse (`phone-e164.ts`) — and Node runs a request's JavaScript on one thread:
 * a lookup batch of 1,000 spent ~44% of its server time there then (~20–25% now, profiled), while the
 * machine's other cores idled. The pool hands such batches to workers running the very same
 * `lookupKey` (lookups) or `normaliseIndicator` (ingest batches), so the main thread meanwhile parses,
 * queries and answers other requests. Small batches stay in-thread. A worker that fails is dropped and
 * the batch normalised in-thread; the workers never keep the process alive (unref), and `close` ends them.
 *
 * The lookup pool is off unless `NORMALISE_WORKERS` asks for it, because it trades memory for throughput:
 * with 1,000,000 indicators on two cores, one worker took batches of 1,000 from ~83,000 to ~121,000
 * identifiers/s (p99 320 → 110–160 ms), but the server's RSS after the load from ~270 to ~300–320 MB — the
 * worker's own heap and libraries (~50–70 MB), and requests that wait for it live long enough to be
 * promoted. The ingest pool (`INGEST_WORKERS`, intelligence.ts) is on, with an idle time: its worker
 * lives while bulk uploads and imports run, and exits after them.
 *
 * The worker is a file of its own beside the bundled server (`dist/normalise-worker.js`, built by
 * scripts/build.mjs). Where it is absent — the TypeScript sources run by the tests — `available` is false
 * and callers normalise in-thread; the pool's own tests build the worker first.
 */
export class NormalisePool {
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly script: URL | null,
    private readonly size: number,
    private readonly options: PoolOptions = {},
  ) {}

  /** The pool of the bundled server: `workers` workers (0: none) running the worker file beside this bundle. */
  static beside(moduleUrl: string, workers: number, options: PoolOptions = {}): NormalisePool {
    const script = new URL('./normalise-worker.js', moduleUrl);
    return new NormalisePool(existsSync(fileURLToPath(script)) && workers > 0 ? script : null, Math.max(1, workers), options);
  }

  /** Workers running now (they start on the first large batches, up to the pool's size). */
  get workers(): number {
    return this.slots.length;
  }

  get available(): boolean {
    return this.script !== null && !this.closed && this.failures < MAX_FAILURES;
  }

  /**
   * `lookupKey` of every item, in order — its key and its derived indicators' keys, so the main thread never
   * normalises a URL again for its domain: in a worker when the batch is large and the pool available.
   */
  keys(items: RawIndicator[], context: NormaliseContext): Promise<LookupKeyResult[]> {
    return this.run('keys', items, context, (item) => lookupKey(item, context));
  }

  /** `normaliseIndicator` of every item, in order: in a worker when the batch is large and the pool available. */
  normalise(items: RawIndicator[], context: NormaliseContext): Promise<NormaliseResult[]> {
    return this.run('normalise', items, context, (item) => normaliseIndicator(item, context));
  }

  /** `here` on every item in this thread when the batch is small, the pool unavailable or its worker failed. */
  private async run<R>(kind: PoolRequest['kind'], items: RawIndicator[], context: NormaliseContext, here: (item: RawIndicator) => R): Promise<R[]> {
    if (items.length < POOL_MIN_ITEMS || !this.available) return items.map(here);
    try {
      return (await this.send(this.leastBusy(), { id: this.nextId++, kind, items, context })) as R[];
    } catch {
      return items.map(here);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const slot of slots) if (slot.idle) clearTimeout(slot.idle);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private send(slot: Slot, request: PoolRequest): Promise<LookupKeyResult[] | NormaliseResult[]> {
    return new Promise((resolve, reject) => {
      if (slot.idle) clearTimeout(slot.idle);
      slot.idle = null;
      // Held while it has work (a CLI awaiting an answer must not exit first); let go when idle.
      if (slot.pending.size === 0) slot.worker.ref();
      slot.pending.set(request.id, { resolve, reject });
      slot.worker.postMessage(request);
    });
  }

  /**
   * The worker with the fewest batches in hand, starting one more while below the pool's size. (Letting
   * the caller's thread normalise when every worker is busy was measured too: 71,000 instead of 137,000
   * identifiers/s, the main thread being the bottleneck again, and no less memory.)
   */
  private leastBusy(): Slot {
    let best: Slot | null = null;
    for (const slot of this.slots) if (best === null || slot.pending.size < best.pending.size) best = slot;
    if (best !== null && (best.pending.size === 0 || this.slots.length >= this.size)) return best;
    return this.start();
  }

  private start(): Slot {
    // A worker's heap is mostly its libraries; under load its nursery is what grows. Measured with 1M
    // indicators, 3 rounds of the batch benchmark: a 24 MB nursery 103,000/s at 296 MB RSS, 12 MB 94,000/s
    // at 297 MB (more collections), 4 MB 95,000/s at 301 MB; V8's default ~20 MB more.
    const worker = new Worker(this.script!, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    worker.unref();
    const slot: Slot = { worker, pending: new Map(), idle: null };
    worker.on('message', (response: PoolResponse) => {
      const waiting = slot.pending.get(response.id);
      slot.pending.delete(response.id);
      if (slot.pending.size === 0) {
        worker.unref();
        if (this.options.idleMs !== undefined) slot.idle = setTimeout(() => this.retire(slot), this.options.idleMs).unref();
      }
      waiting?.resolve(response.results);
    });
    const fail = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      this.slots.splice(index, 1);
      if (slot.idle) clearTimeout(slot.idle);
      if (!this.closed) this.failures += 1;
      for (const waiting of slot.pending.values()) waiting.reject(error);
      slot.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`normalise worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  /** An idle worker leaves the pool (not a failure) and ends; a later batch starts a new one. */
  private retire(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index < 0 || slot.pending.size > 0) return;
    this.slots.splice(index, 1);
    slot.idle = null;
    void slot.worker.terminate();
  }
}
