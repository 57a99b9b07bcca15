import { isUtf8 } from 'node:buffer';

/**
 * A line whose bytes are not UTF-8 (a file saved as Windows-874, Latin-1 or Shift JIS, say): `text` is
 * the line decoded with U+FFFD for every byte that is not, for quoting in a refusal only. Decoding it
 * silently would store a different narrative or identifier than the one sent.
 */
export class NotUtf8Line {
  constructor(readonly text: string) {}
}

/**
 * The lines of a stream of UTF-8 text, split at '\n' (a '\r' before it dropped), in order. A line longer
 * than `maxBytes` is never held: its bytes are only counted until its end, and it comes out as `null`, so
 * the caller can refuse it by its number and go on. (node:readline buffers a line whole before anyone
 * can measure it: one upload line of 600 MB overflowed the largest string V8 allows and crashed the
 * process.) A line that is not UTF-8 comes out as a NotUtf8Line. An empty line comes out as ''; a last
 * line without '\n' comes out too, an empty one does not.
 */
export async function* boundedLines(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxBytes: number): AsyncGenerator<string | null | NotUtf8Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let over = false;
  const finish = (): string | null | NotUtf8Line => {
    const wasOver = over;
    let line = Buffer.concat(parts, size);
    parts = [];
    size = 0;
    over = false;
    if (wasOver) return null;
    if (line.length > 0 && line[line.length - 1] === 13) line = line.subarray(0, line.length - 1);
    if (line.length > maxBytes) return null;
    return isUtf8(line) ? line.toString('utf8') : new NotUtf8Line(line.toString('utf8'));
  };
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let start = 0; ; ) {
      const newline = bytes.indexOf(10, start);
      const end = newline === -1 ? bytes.length : newline;
      if (!over && end > start) {
        // One byte of slack for the '\r' of a '\r\n' ending, checked once the line is whole.
        if (size + (end - start) > maxBytes + 1) {
          over = true;
          parts = [];
          size = 0;
        } else {
          parts.push(bytes.subarray(start, end));
          size += end - start;
        }
      }
      if (newline === -1) break;
      yield finish();
      start = newline + 1;
    }
  }
  if (size > 0 || over) yield finish();
}
