import { Readable } from 'node:stream';

/**
 * The first `bytes` bytes of a stream (fewer if it ends first), read before anything else reads it, and
 * the whole stream again, those bytes included, to read as if nothing had been taken. For what must be
 * decided from a body's start before answering (a bulk upload's encoding: a 4xx is no longer possible
 * once its streamed answer has begun). `drain` reads and drops the rest instead, when the body is
 * refused: a client still sending gets the refusal rather than a connection closed under it.
 */
export async function readHead(input: Readable, bytes: number): Promise<{ head: Buffer; whole: () => Readable; drain: () => void }> {
  const iterator: AsyncIterator<Buffer | string> = input[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    taken.push(chunk);
    size += chunk.length;
  }
  const rest = async function* () {
    yield* taken;
    if (!ended) for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  };
  return {
    head: Buffer.concat(taken).subarray(0, bytes),
    whole: () => Readable.from(rest(), { objectMode: false }),
    drain: () => {
      if (ended) return;
      void (async () => {
        while (!(await iterator.next()).done) {
          // dropped
        }
      })().catch(() => undefined);
    },
  };
}
