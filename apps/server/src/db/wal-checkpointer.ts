import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies SQLite's write-ahead log back into the database file on a worker thread while writes come in
 * bursts (bulk ingest, imports), instead of on the thread that commits. A checkpoint reads the WAL,
 * writes every page it holds into the database file and syncs both: on the main connection it runs
 * inside the commit that crossed the threshold and blocks the event loop for all of it. A PASSIVE
 * checkpoint from a second connection needs no lock the writer or readers hold, so the main thread
 * goes on committing while the other core does the copying; the main connection's own autocheckpoint
 * (see database.ts) stays as the backstop and only finds a few pages left to copy.
 *
 * The worker (a thread with its own V8 heap, some 18 MB) starts only when commits come fast, and
 * stops by itself once the WAL has stayed checkpointed for a while, so an idle server does not carry it.
 */
export interface WalCheckpointer {
  /** Called on every commit of the main connection. */
  noteCommit(): void;
  /** Whether the worker is running now. */
  running(): boolean;
  /** Stops the worker (if running) and waits for its connection to close. */
  close(): Promise<void>;
}

export interface CheckpointerTiming {
  burstCommits: number;
  burstWindowMs: number;
  everyMs: number;
  idleStopMs: number;
}

/** 20 commits within 5 s start the worker; it checkpoints every 100 ms and ends after 10 s with nothing to copy. */
const TIMING: CheckpointerTiming = { burstCommits: 20, burstWindowMs: 5_000, everyMs: 100, idleStopMs: 10_000 };

/** Checkpoints failing one after another before the worker gives up (the autocheckpoint remains). */
const MAX_FAILURES = 20;

// Plain CommonJS run by the worker (eval), so the bundled server needs no separate worker file.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
let idleSince = Date.now();
let lastLog = -1;
let failures = 0;
const stop = () => { clearInterval(timer); db.close(); process.exit(0); };
const timer = setInterval(() => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    failures = 0;
    if (result.log !== lastLog || result.checkpointed < result.log) idleSince = Date.now();
    lastLog = result.log;
    if (Date.now() - idleSince > workerData.idleStopMs) stop();
  } catch {
    // A checkpoint can fail for a moment while the writer restarts the WAL (a locked wal-index): the
    // next tick tries again. Only a failure that persists ends the worker.
    if (++failures >= workerData.maxFailures) stop();
  }
}, workerData.everyMs);
parentPort.on('message', stop);
`;

export function createWalCheckpointer(file: string, timing: CheckpointerTiming = TIMING): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  let worker: Worker | null = null;
  let exited: Promise<void> = Promise.resolve();
  let closed = false;
  const recent: number[] = [];

  function start(): void {
    const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, everyMs: timing.everyMs, idleStopMs: timing.idleStopMs, maxFailures: MAX_FAILURES } });
    started.unref();
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    // A worker that fails only costs the speed-up: the main connection's autocheckpoint still runs.
    started.on('error', () => undefined);
    void exited.then(() => {
      if (worker === started) worker = null;
    });
    worker = started;
  }

  return {
    noteCommit() {
      if (worker || closed) return;
      const now = Date.now();
      recent.push(now);
      while (recent.length > 0 && recent[0]! < now - timing.burstWindowMs) recent.shift();
      if (recent.length >= timing.burstCommits) {
        recent.length = 0;
        start();
      }
    },
    running: () => worker !== null,
    async close() {
      closed = true;
      if (worker) {
        // Held referenced until it has gone, or a process with nothing else left would exit first.
        worker.ref();
        worker.postMessage('stop');
      }
      await exited;
    },
  };
}
