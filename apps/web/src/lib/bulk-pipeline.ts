/**
 * Sending a file's parts (bulk-parts.ts) with up to BULK_PARTS_IN_FLIGHT requests at once, their results
 * given in the file's order. One part after the other, the server sat idle between them: it finished a
 * part's last batch, the browser read the answer's end, then sent the next part, whose first batch the
 * server read and prepared before writing anything (a 100,000-line file took 1.8 times as long as
 * `gpos import`, which streams the file through one ingest). With the next part already sent, the server
 * prepares its batches while the current part's are written.
 *
 * What the page shows stays as it was one part at a time: a part's results are given only once every
 * earlier part's are, the next part's waiting meanwhile. A part that gives an idempotency key an earlier
 * one gives is sent only once that one is answered (partsToWaitFor). Whatever ends the upload early — a
 * failure, an answer without its summary, a cancel — nothing more is sent, and the parts already sent are
 * read to their end: every result the server answered is given, so no stored or refused line goes unsaid.
 */
import { ApiError, NETWORK_ERROR, networkFailure, postForStream, unreadableResponse } from '../api/client';
import { BULK_CONTENT_TYPES, LineBuffer, parseBulkMessage, type BulkFormat, type BulkLineResult, type BulkStop, type BulkSummary } from './bulk';
import { bulkUploadPath, headerRefused, resultInFile, type BulkPart, type BulkPlan } from './bulk-parts';

/** Requests at once: the server prepares one part while it writes the other (more only queue behind its one writer). */
export const BULK_PARTS_IN_FLIGHT = 2;
/** How often a part is sent when its connection fails (lost, reset, or a proxy's 502/503/504). */
export const BULK_PART_ATTEMPTS = 3;
/** The wait before a part is sent again, times the attempt that failed. */
export const BULK_RETRY_DELAY_MS = 1000;

/**
 * One request of a part: the lines of its answer as they come, in chunks. Throws as fetch and a body's
 * read do (an AbortError when aborted, the ApiError of a refusal or a lost connection).
 */
export type SendPart = (part: BulkPart, signal: AbortSignal) => AsyncIterable<string[]>;

export interface SendPartsOptions {
  send: SendPart;
  /** Results named by the file's lines, in the file's order, as soon as every earlier one has been given. */
  onResults: (results: BulkLineResult[]) => void;
  signal: AbortSignal;
  /** The line a server error stopped a part's answer with (said by its code on the page). */
  onStopped?: (stop: BulkStop) => void;
  /** For each part, the earlier part whose answer it waits for (partsToWaitFor); none when absent. */
  waitFor?: readonly number[];
  inFlight?: number;
  attempts?: number;
  retryDelayMs?: number;
}

/** Sends a part of the file as its own upload request (bulkUploadPath) and reads its answer's lines as they come. */
export function sendPartOf(file: Blob, format: BulkFormat, plan: BulkPlan, uploadId?: string): SendPart {
  return async function* send(part, signal) {
    const body = plan.parts.length === 1 ? file : new Blob(part.ranges.map(([start, end]) => file.slice(start, end)));
    const response = await postForStream(bulkUploadPath(part, uploadId), body, BULK_CONTENT_TYPES[format], signal);
    const reader = response.body?.getReader();
    if (!reader) throw unreadableResponse(response.status);
    const decoder = new TextDecoder();
    const buffer = new LineBuffer();
    for (;;) {
      // A connection lost mid-answer rejects the read ("network error"): said as any network failure.
      const { done, value } = await reader.read().catch((cause: unknown) => {
        throw networkFailure(cause);
      });
      if (done) break;
      yield buffer.push(decoder.decode(value, { stream: true }));
    }
    yield [...buffer.push(decoder.decode()), ...buffer.flush()];
  };
}

/** A part sent: its results not given yet, and how its request ended. */
interface Sent {
  controller: AbortController;
  queue: BulkLineResult[];
  /** The server's seconds for the part, once its summary is read (null: the answer ended without one). */
  seconds: number | null;
  finished: boolean;
  error: unknown;
  /** Wakes the reader of this part's results (set while it waits). */
  wake: (() => void) | null;
}

/** Whether a request failed on the way, not at the server's word: the same part may be sent again. */
export function worthRetrying(error: unknown): boolean {
  return error instanceof ApiError && (error.code === NETWORK_ERROR || error.status === 502 || error.status === 503 || error.status === 504);
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Sends the plan's parts and gives their results in order; resolves with the file's summary (the parts'
 * counts added up) once every part is answered, or the upload stopped at a CSV header the server cannot
 * read (every later part would be refused the same way: their answers are not given). Resolves with
 * null when an answer ended without its summary (a server error: what was answered is what was stored);
 * rejects with the first failure (an AbortError when cancelled), after giving every result read.
 *
 * A part whose connection fails is sent again, up to `attempts` times: safe, since the page always asks
 * the server to derive the keys of lines without one (bulkUploadPath), so a line stored before the
 * failure answers `duplicate` and is not stored twice. The lines answered before the failure keep
 * their first answers; the new answer is read from the line after them.
 */
export async function sendBulkParts(plan: BulkPlan, options: SendPartsOptions): Promise<BulkSummary | null> {
  const { send, onResults, signal } = options;
  const inFlight = options.inFlight ?? BULK_PARTS_IN_FLIGHT;
  const attempts = options.attempts ?? BULK_PART_ATTEMPTS;
  const retryDelayMs = options.retryDelayMs ?? BULK_RETRY_DELAY_MS;
  const parts = plan.parts;
  const sent: Sent[] = [];
  let stopped = false;

  const changed = (entry: Sent) => {
    const wake = entry.wake;
    entry.wake = null;
    wake?.();
  };

  const receive = async (part: BulkPart, entry: Sent) => {
    /** The part's last line answered so far (the body's numbering): a new attempt's answer is read after it. */
    let answered = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        for await (const lines of send(part, entry.controller.signal)) {
          for (const text of lines) {
            const message = parseBulkMessage(text);
            if (message.kind === 'line' && message.result.line > answered) {
              answered = message.result.line;
              const result = resultInFile(message.result, part, plan);
              // Every later part would be refused the same way: none is sent.
              if (headerRefused(result)) stopped = true;
              entry.queue.push(result);
            } else if (message.kind === 'summary') entry.seconds = message.summary.seconds;
            else if (message.kind === 'stopped') options.onStopped?.(message.stop);
          }
          changed(entry);
        }
        break;
      } catch (error) {
        if (attempt >= attempts || !worthRetrying(error) || entry.controller.signal.aborted) {
          entry.error = error;
          break;
        }
        entry.seconds = null;
        await delay(retryDelayMs * attempt, entry.controller.signal);
      }
    }
    entry.finished = true;
    // A failure, or an answer without its summary, ends the upload: nothing more is sent.
    if (entry.error !== null || entry.seconds === null) stopped = true;
    changed(entry);
    sendMore();
  };

  /** Sends the next parts while fewer than `inFlight` are unanswered and what each waits for is answered. */
  const sendMore = () => {
    while (!stopped && !signal.aborted && sent.length < parts.length) {
      const index = sent.length;
      const waitsFor = options.waitFor?.[index] ?? -1;
      const unanswered = sent.filter((entry) => !entry.finished).length;
      if (unanswered >= inFlight || sent.slice(0, waitsFor + 1).some((entry) => !entry.finished)) return;
      const controller = new AbortController();
      const entry: Sent = { controller, queue: [], seconds: null, finished: false, error: null, wake: null };
      signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
      sent.push(entry);
      void receive(parts[index]!, entry);
    }
  };

  const total: BulkSummary = { lines: 0, accepted: 0, duplicates: 0, rejected: 0, seconds: 0 };
  let serverSeconds = 0;
  let failure: unknown = null;
  let complete = true;
  const started = performance.now();
  sendMore();
  for (let index = 0; index < sent.length; index += 1) {
    const entry = sent[index]!;
    let refused = false;
    for (;;) {
      const results = entry.queue.splice(0);
      if (results.length > 0) {
        // The parts' counts added up from the results given: a part sent again answers `duplicate` for
        // the lines its first attempt stored, which keep their first answers here.
        for (const result of results) {
          total.lines += 1;
          if (result.status === 'accepted') total.accepted += 1;
          else if (result.status === 'duplicate') total.duplicates += 1;
          else total.rejected += 1;
        }
        refused ||= results.some(headerRefused);
        onResults(results);
      }
      if (entry.finished) break;
      await new Promise<void>((resolve) => (entry.wake = resolve));
    }
    if (entry.error !== null) failure ??= entry.error;
    else if (entry.seconds === null) complete = false;
    else serverSeconds += entry.seconds;
    if (refused) {
      // The parts already sent are refused whole the same way (nothing of them stored): stopped, not said.
      for (const later of sent.slice(index + 1)) later.controller.abort();
      break;
    }
    // After a failure the parts already sent are read and said (nothing more is sent: see receive).
    sendMore();
  }
  if (failure !== null) throw failure;
  if (!complete) return null;
  // One part: the server's time, as before parts. Several: the time from the first part sent to the last
  // answered (the parts' own times overlap, and their sum would say more than the upload took).
  const seconds = parts.length === 1 ? serverSeconds : (performance.now() - started) / 1000;
  return { ...total, seconds: Math.round(seconds * 100) / 100 };
}
