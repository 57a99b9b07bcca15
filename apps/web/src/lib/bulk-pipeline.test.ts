import { describe, expect, it } from 'vitest';
import { ApiError, NETWORK_ERROR } from '../api/client';
import { recordKeys, splitRecords, type BulkLineResult } from './bulk';
import { lineOffset, partsToWaitFor, planBulkParts, type BulkPlan } from './bulk-parts';
import { sendBulkParts, type SendPart } from './bulk-pipeline';
import { bulkAnswerLines } from './bulk-server.testing';

const report = (i: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ scamType: 'job', channel: 'sms', victimCountry: 'KH', occurredAt: '2026-02-01T09:00:00Z', indicators: [{ value: `+85512345${String(i).padStart(3, '0')}` }], ...extra });
/** Ten NDJSON lines sent in five parts of two. */
const TEN = Array.from({ length: 10 }, (_, i) => report(i));
const fileOf = (lines: string[]) => new Uint8Array(Buffer.from(lines.join('\n') + '\n'));
const networkError = () => new ApiError({ status: 0, code: NETWORK_ERROR, title: 'Network error' });

interface Behaviour {
  /** Before the answer of this request (part index, attempt from 1) starts: a promise the test resolves. */
  hold?: (part: number, attempt: number) => Promise<void> | undefined;
  /** This request's connection breaks after so many answer lines (the server having stored the whole part), or it is refused with this error. */
  breaks?: (part: number, attempt: number) => { after: number; error?: unknown } | undefined;
  /** Leaves the summary out of this part's answer (a server error mid-answer). */
  noSummary?: (part: number) => boolean;
  finished?: (part: number) => void;
}

/**
 * A server answering each part with the bulk upload's own answer (runBulkIngest, keys derived from the
 * file's lines), storing each idempotency key once: what it stored, and the requests it was sent.
 */
function fakeServer(file: Uint8Array, plan: BulkPlan, format: 'csv' | 'ndjson', behaviour: Behaviour = {}) {
  const stored = new Set<string>();
  const requests: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const send: SendPart = async function* (part, signal) {
    const index = plan.parts.indexOf(part);
    requests.push(index);
    const attempt = requests.filter((r) => r === index).length;
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const held = behaviour.hold?.(index, attempt);
      if (held) await Promise.race([held, new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))]);
      signal.throwIfAborted();
      const broken = behaviour.breaks?.(index, attempt);
      if (broken?.after === 0 && broken.error) throw broken.error;
      const body = Buffer.concat(part.ranges.map(([start, end]) => file.subarray(start, end)));
      let lines = await bulkAnswerLines(body, format, lineOffset(part), stored);
      if (behaviour.noSummary?.(index)) lines = lines.slice(0, -1);
      for (const [n, line] of lines.entries()) {
        if (broken && n === broken.after) throw broken.error ?? networkError();
        signal.throwIfAborted();
        await Promise.resolve();
        yield [line];
      }
    } finally {
      inFlight -= 1;
      behaviour.finished?.(index);
    }
  };
  return { send, stored, requests, maxInFlight: () => maxInFlight };
}

/** A promise and its resolver. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Sends the file's parts, collecting the results given (with the requests sent before each was given). */
async function upload(file: Uint8Array, plan: BulkPlan, server: ReturnType<typeof fakeServer>, options: { signal?: AbortSignal; waitFor?: number[]; attempts?: number; onResults?: (results: BulkLineResult[]) => void } = {}) {
  const given: BulkLineResult[] = [];
  const outcome = await sendBulkParts(plan, {
    send: server.send,
    signal: options.signal ?? new AbortController().signal,
    waitFor: options.waitFor,
    attempts: options.attempts,
    retryDelayMs: 0,
    onResults: (results) => {
      given.push(...results);
      options.onResults?.(results);
    },
  }).then(
    (summary) => ({ summary, error: null as unknown }),
    (error: unknown) => ({ summary: null, error }),
  );
  return { given, lines: given.map((r) => r.line), ...outcome };
}

const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('sending a file’s parts two at a time', () => {
  it('gives the results in the file’s order whichever part is answered first, with at most two requests at once', async () => {
    const file = fileOf(TEN);
    const plan = planBulkParts(file, 'ndjson', { records: 2, bytes: 1 << 20 });
    expect(plan.parts).toHaveLength(5);
    // The first part is answered only once the second and third are: their results wait for its.
    const first = gate();
    const server = fakeServer(file, plan, 'ndjson', { hold: (part) => (part === 0 ? first.promise : undefined), finished: (part) => part === 2 && first.open() });
    const { lines: given, summary, error } = await upload(file, plan, server, {
      onResults: () => expect(server.requests.slice(0, 3)).toEqual([0, 1, 2]),
    });
    expect(error).toBeNull();
    expect(server.maxInFlight()).toBe(2);
    expect(server.requests).toEqual([0, 1, 2, 3, 4]);
    expect(given).toEqual(lines(1, 10));
    expect(summary).toMatchObject({ lines: 10, accepted: 10, duplicates: 0, rejected: 0 });
    expect(server.stored.size).toBe(10);
  });

  it('sends a part giving an earlier part’s idempotency key only once that part is answered', async () => {
    // Line 1 and line 5 (parts 0 and 2) give one key: sent at once, line 5 could be stored first and line 1 answer `duplicate`.
    const content = TEN.map((line, i) => (i === 0 || i === 4 ? report(i, { idempotencyKey: 'k-1' }) : line));
    const file = fileOf(content);
    const plan = planBulkParts(file, 'ndjson', { records: 2, bytes: 1 << 20 });
    const waitFor = partsToWaitFor(plan, recordKeys(splitRecords(content.join('\n'), 'ndjson'), 'ndjson').keys);
    expect(waitFor).toEqual([-1, -1, 0, -1, -1]);
    const first = gate();
    let sentWhileHeld: number[] = [];
    const server = fakeServer(file, plan, 'ndjson', {
      hold: (part) => (part === 0 ? first.promise : undefined),
      finished: (part) => {
        if (part !== 1) return;
        // The second part answered, the first not yet: the third waits (a free slot notwithstanding).
        setTimeout(() => {
          sentWhileHeld = [...server.requests];
          first.open();
        }, 10);
      },
    });
    const { given, summary } = await upload(file, plan, server, { waitFor });
    expect(sentWhileHeld).toEqual([0, 1]);
    expect(given.map((r) => r.line)).toEqual(lines(1, 10));
    expect(given.filter((r) => r.status === 'duplicate').map((r) => r.line)).toEqual([5]);
    expect(summary).toMatchObject({ lines: 10, accepted: 9, duplicates: 1 });
  });

  it('sends a part again when its connection breaks, keeping the lines answered before and storing nothing twice', async () => {
    const file = fileOf(TEN);
    const plan = planBulkParts(file, 'ndjson', { records: 2, bytes: 1 << 20 });
    // The second part's first answer breaks after its first line (the server had stored both).
    const server = fakeServer(file, plan, 'ndjson', { breaks: (part, attempt) => (part === 1 && attempt === 1 ? { after: 1 } : undefined) });
    const { given, summary, error } = await upload(file, plan, server);
    expect(error).toBeNull();
    expect(server.requests.filter((r) => r === 1)).toHaveLength(2);
    // Each line given once, in order; line 3 keeps its first answer, line 4 (stored, its answer lost) is already stored.
    expect(given.map((r) => r.line)).toEqual(lines(1, 10));
    expect(given.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'duplicate', ...Array(6).fill('accepted')]);
    expect(server.stored.size).toBe(10);
    expect(summary).toMatchObject({ lines: 10, accepted: 9, duplicates: 1, rejected: 0 });
  });

  it('after the last attempt, says the failure once every result read is given; sends nothing more', async () => {
    const file = fileOf(TEN);
    const plan = planBulkParts(file, 'ndjson', { records: 2, bytes: 1 << 20 });
    const lost = networkError();
    const server = fakeServer(file, plan, 'ndjson', { breaks: (part) => (part === 1 ? { after: 0, error: lost } : undefined) });
    const { lines: given, error } = await upload(file, plan, server, { attempts: 2 });
    expect(error).toBe(lost);
    expect(server.requests.filter((r) => r === 1)).toHaveLength(2);
    // The parts sent besides the failed one are read to their end and said: what they stored is never left unsaid.
    const others = [...new Set(server.requests)].filter((part) => part !== 1);
    expect(given).toEqual(others.flatMap((part) => lines(part * 2 + 1, part * 2 + 2)));
    expect(server.stored.size).toBe(others.length * 2);
  });

  it('does not send a part again that the server refused (a session ended), nor any after it', async () => {
    const file = fileOf(TEN);
    const plan = planBulkParts(file, 'ndjson', { records: 2, bytes: 1 << 20 });
    const refused = new ApiError({ status: 401, code: 'unauthenticated', title: 'Sign in' });
    const second = gate();
    const server = fakeServer(file, plan, 'ndjson', {
      hold: (part) => (part === 1 ? second.promise : undefined),
      breaks: (part) => (part === 1 ? { after: 0, error: refused } : undefined),
      finished: (part) => part === 0 && second.open(),
    });
    const { lines: given, error } = await upload(file, plan, server);
    expect(error).toBe(refused);
    expect(server.requests.filter((r) => r === 1)).toHaveLength(1);
    expect(server.requests).toEqual([0, 1, 2]);
    expect(given).toEqual([1, 2, 5, 6]);
  });

  it('stops on cancel: gives what was answered, sends nothing more, and rejects with the abort', async () => {
    const file = fileOf(TEN);
    const plan = planBulkParts(file, 'ndjson', { records: 2, bytes: 1 << 20 });
    const controller = new AbortController();
    const never = new Promise<void>(() => undefined);
    const server = fakeServer(file, plan, 'ndjson', { hold: (part) => (part > 0 ? never : undefined) });
    const { lines: given, error } = await upload(file, plan, server, {
      signal: controller.signal,
      onResults: (results) => results.some((r) => r.line === 2) && setTimeout(() => controller.abort(), 10),
    });
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(given).toEqual([1, 2]);
    expect(server.requests).toEqual([0, 1, 2]);
  });

  it('ends without a summary when an answer ends without one, after the parts already sent are said', async () => {
    const file = fileOf(TEN);
    const plan = planBulkParts(file, 'ndjson', { records: 2, bytes: 1 << 20 });
    const first = gate();
    const server = fakeServer(file, plan, 'ndjson', { noSummary: (part) => part === 0, hold: (part) => (part === 0 ? first.promise : undefined), finished: (part) => part === 1 && first.open() });
    const { lines: given, summary, error } = await upload(file, plan, server);
    expect([summary, error]).toEqual([null, null]);
    expect(server.requests).toEqual([0, 1, 2]);
    expect(given).toEqual(lines(1, 6));
  });

  it('stops after a part whose CSV header the server cannot read: later parts are cut off unsaid', async () => {
    const header = 'scamType,channel,victimCountry,occurredAt,indicators,channel';
    const content = [header, ...Array.from({ length: 6 }, (_, i) => `job,sms,KH,2026-02-01T09:00:00Z,phone:+85512345${i}00,sms`)];
    const file = fileOf(content);
    const plan = planBulkParts(file, 'csv', { records: 2, bytes: 1 << 20 });
    expect(plan.parts).toHaveLength(3);
    const never = new Promise<void>(() => undefined);
    const server = fakeServer(file, plan, 'csv', { hold: (part) => (part > 0 ? never : undefined) });
    const { given, summary, error } = await upload(file, plan, server);
    expect(error).toBeNull();
    expect(server.requests).toEqual([0, 1]);
    expect(given.map((r) => [r.line, r.errors[0]?.code])).toEqual([
      [1, 'csv.column_repeated'],
      [2, 'csv.header_unreadable'],
    ]);
    expect(given[1]!.errors[0]!.params).toMatchObject({ last: 7 });
    expect(summary).toMatchObject({ lines: 2, accepted: 0, rejected: 2 });
  });

  it('says the server’s time for a file sent whole, and the time from first to last for one sent in parts', async () => {
    // The server's answer saying it took 12.34 s.
    const slow = (server: ReturnType<typeof fakeServer>): ReturnType<typeof fakeServer> => ({
      ...server,
      send: async function* (part, signal) {
        for await (const chunk of server.send(part, signal)) yield chunk.map((line) => line.replace(/"seconds":[0-9.]+/, '"seconds":12.34'));
      },
    });
    const whole = fileOf(TEN.slice(0, 3));
    const wholePlan = planBulkParts(whole, 'ndjson');
    expect((await upload(whole, wholePlan, slow(fakeServer(whole, wholePlan, 'ndjson')))).summary).toMatchObject({ lines: 3, accepted: 3, seconds: 12.34 });
    const file = fileOf(TEN);
    const plan = planBulkParts(file, 'ndjson', { records: 2, bytes: 1 << 20 });
    const { summary } = await upload(file, plan, slow(fakeServer(file, plan, 'ndjson')));
    expect(summary!.seconds).toBeLessThan(5);
  });
});
