import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedLines, NotUtf8Line } from './bounded-lines.js';

const collect = async (chunks: Iterable<Buffer | string> | AsyncIterable<Buffer | string>, max: number) => {
  const lines: (string | null | NotUtf8Line)[] = [];
  for await (const line of boundedLines(chunks, max)) lines.push(line);
  return lines;
};

describe('boundedLines', () => {
  it('splits at \\n, drops the \\r of \\r\\n, keeps empty lines and a last line without \\n', async () => {
    expect(await collect(['a\r\nb\n\nc'], 10)).toEqual(['a', 'b', '', 'c']);
    expect(await collect(['a\n'], 10)).toEqual(['a']);
    expect(await collect([], 10)).toEqual([]);
  });

  it('joins lines across chunks, and a character across chunks, byte for byte', async () => {
    const text = 'สวัสดี\n{"a":"ข"}\n';
    const bytes = Buffer.from(text);
    const split = [bytes.subarray(0, 4), bytes.subarray(4, 20), bytes.subarray(20)];
    expect(await collect(split, 100)).toEqual(['สวัสดี', '{"a":"ข"}']);
  });

  it('gives null for a line over the limit in bytes, and goes on with the next', async () => {
    expect(await collect(['12345\n123456\n1234\r\n'], 5)).toEqual(['12345', null, '1234']);
    // The limit counts bytes, not characters: 'ก' is three.
    expect(await collect(['กก\nก\n'], 5)).toEqual([null, 'ก']);
    expect(await collect(['123', '456', '\nok'], 5)).toEqual([null, 'ok']);
  });

  it('gives a line that is not UTF-8 as a NotUtf8Line, its text with U+FFFD, even when the bad byte ends a chunk', async () => {
    const latin1 = Buffer.from('café\n', 'latin1');
    expect(await collect([Buffer.from('ok\n'), latin1.subarray(0, 4), latin1.subarray(4), 'ok\n'], 10)).toEqual(['ok', new NotUtf8Line('caf\uFFFD'), 'ok']);
    // A character cut between two chunks is not a bad byte.
    const thai = Buffer.from('ก\n');
    expect(await collect([thai.subarray(0, 1), thai.subarray(1)], 10)).toEqual(['ก']);
    // A lone surrogate can only come from a string chunk, which Buffer.from has already made UTF-8.
    expect(await collect(['\uD800\n'], 10)).toEqual(['\uFFFD']);
  });

  it('never holds a line longer than the limit: 600 MB without a newline, then a line', async () => {
    const megabyte = Buffer.alloc(1 << 20, 'a');
    const stream = Readable.from(
      (function* () {
        for (let i = 0; i < 600; i++) yield megabyte;
        yield Buffer.from('\n{"next":true}\n');
      })(),
    );
    const heapBefore = process.memoryUsage().heapUsed;
    const lines: (string | null | NotUtf8Line)[] = [];
    for await (const line of boundedLines(stream, 64 * 1024)) lines.push(line);
    expect(lines).toEqual([null, '{"next":true}']);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 << 20);
  });

  it('agrees with splitting the whole text, for any text and any chunking (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom('a', 'ก', '\n', '\r', '{', '"') , maxLength: 60 }), fc.array(fc.nat(80), { maxLength: 6 }), fc.integer({ min: 1, max: 12 }), async (text, cuts, max) => {
        const bytes = Buffer.from(text);
        const points = [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((from, i, all) => bytes.subarray(from, all[i + 1] ?? bytes.length)).filter((c) => c.length > 0);
        const whole = text.split('\n');
        if (whole.at(-1) === '') whole.pop();
        const expected = whole.map((line) => line.replace(/\r$/, '')).map((line) => (Buffer.byteLength(line) > max ? null : line));
        expect(await collect(chunks, max)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
