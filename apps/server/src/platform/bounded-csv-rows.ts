/**
 * The rows of a CSV stream, cut where its line ends are outside quotes, each with the lines it spans,
 * for a CSV parser (csv-parse) to read row by row, never more than a row at a time it may hold and never
 * past a row it cannot read. A row longer than `maxBytes` is never held:
 * its bytes are only followed (quotes and all, so the row after it starts where it really does) until
 * its end, and it comes out without its text, so the caller can refuse it by its line number and go on.
 * This is the CSV counterpart of boundedLines: a parser fed the whole stream stops at the first row it
 * cannot read, and every row after it was lost.
 *
 * Where a row ends follows the quoting rules of csv-parse with `trim`: a quote opens a quoted value only
 * at the start of a value (after spaces or tabs, if any); inside it, a doubled quote is a quote and line
 * ends are text; the next single quote closes it. A quote anywhere else is text here, and csv-parse
 * refuses that one row for it (as it does text after a closing quote): each row is cut the same as
 * csv-parse would cut it whenever the row is valid, and a row that is not is refused on its own.
 *
 * Line ends: '\n' or '\r\n' (both ends of a row, mixed in one file if need be), or a lone '\r' in a file
 * whose first line end, outside quotes, is a lone '\r' (old Mac files); in other files a lone '\r' is
 * text (at the edge of a value, trimmed by csv-parse). A row's text leaves its line end out. Lines are
 * numbered from 1 by the same line ends, quoted or not: each '\n' (a '\r\n' once) ends one, and in an
 * old Mac file each lone '\r' too. (The web app numbers the records of a file it uploads by its '\n's.)
 * A UTF-8 byte order mark is dropped. A file in UTF-16 is refused whole before it gets here
 * (notUtf8File in bulk-ingest.ts): read as UTF-8, its rows would be garbage.
 */
export type CsvRow =
  /** A row to parse: its text (UTF-8, without its line end), its first line and its last. */
  | { kind: 'row'; text: Buffer; line: number; last: number }
  /** A row of more than the limit's bytes (its line end left out), not kept. */
  | { kind: 'too_long'; line: number; last: number }
  /** The last row, in a quoted value that the file ends in: by CSV's rules, every line from its first to the file's end is that value's. `field`: the index of that value in its row. */
  | { kind: 'quote_not_closed'; line: number; last: number; field: number };

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const SPACE = 32;
const TAB = 9;
const FORM_FEED = 12;

/** Where the reader is in a row. */
const FIELD_START = 0; // at the start of a value (or in the spaces before it)
const UNQUOTED = 1; // in a value that does not start with a quote (or after a quoted value closed)
const QUOTED = 2; // in a quoted value
const QUOTE_IN_QUOTED = 3; // right after a quote in a quoted value: a second quote is a quote, anything else closes it

export async function* boundedCsvRows(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxBytes: number): AsyncGenerator<CsvRow> {
  let state = FIELD_START;
  let field = 0; // the index of the current value in its row
  let quotedField = 0; // the index of the value the last quote opened
  let crEndsRows: boolean | undefined; // whether a lone '\r' ends a row: decided by the file's first line end outside quotes
  let crPending = false; // a '\r' outside quotes, its meaning known at the next byte; left out of the row's text until then

  // Lines: a byte is on line `ended + 1`, where `ended` counts the line ends before it ('\r\n' once);
  // a line end's bytes are on the line they end. A '\r' counts at once in an old Mac file; before the
  // first line end outside quotes tells whether this is one, the lone ones are kept aside in `earlyCrs`.
  let ended = 0;
  let earlyCrs = 0;
  const decide = (crEnds: boolean) => {
    crEndsRows = crEnds;
    if (crEnds) ended += earlyCrs;
    earlyCrs = 0;
  };
  let previous = -1; // the last byte of the previous chunk
  let position = 0; // the bytes of the previous chunks

  // The row being read: where it starts, its first line, and its bytes (unless it is over the limit).
  let rowStart = 0;
  let rowLine = 1;
  let parts: Buffer[] = [];
  let size = 0;
  let over = false;

  const keep = (bytes: Buffer, from: number, to: number) => {
    if (over || to <= from) return;
    if (size + (to - from) > maxBytes) {
      over = true;
      parts = [];
      size = 0;
    } else {
      parts.push(bytes.subarray(from, to));
      size += to - from;
    }
  };
  /** The row read, which ended on line `last`; the next starts at byte `next` of the chunk. */
  const endRow = (last: number, next: number): CsvRow => {
    const row: CsvRow = over ? { kind: 'too_long', line: rowLine, last } : { kind: 'row', text: Buffer.concat(parts, size), line: rowLine, last };
    parts = [];
    size = 0;
    over = false;
    state = FIELD_START;
    field = 0;
    rowStart = position + next;
    rowLine = ended + 1;
    return row;
  };

  for await (const bytes of utf8(input)) {
    let from = 0; // the start of the current row's bytes not yet kept, in this chunk
    const length = bytes.length;
    for (let i = 0; i < length; i++) {
      const byte = bytes[i]!;
      if (crPending) {
        crPending = false;
        if (byte === LF) {
          // '\r\n': one line end, which ends the row (counted at its '\r' in an old Mac file).
          if (crEndsRows === undefined) {
            earlyCrs -= 1;
            decide(false);
          }
          if (!crEndsRows) ended += 1;
          yield endRow(ended, i + 1);
          from = i + 1;
          continue;
        }
        if (crEndsRows === undefined) decide(true);
        if (crEndsRows) {
          yield endRow(ended, i); // a lone '\r' ended it; this byte starts the next row
          from = i;
        } else if (i === 0) keep(Buffer.of(CR), 0, 1); // a lone '\r' that is text, at the end of the previous chunk
        else from = i - 1; // a lone '\r' that is text, kept where it stands
      }
      // Most bytes are text: they only end a value's start, or a quoted value just closed.
      if (byte > QUOTE && byte !== COMMA) {
        if (state !== QUOTED) state = UNQUOTED;
        continue;
      }
      if (byte === QUOTE) {
        if (state === QUOTED) state = QUOTE_IN_QUOTED;
        else if (state === QUOTE_IN_QUOTED) state = QUOTED; // a doubled quote: a quote in the value
        else if (state === FIELD_START) {
          state = QUOTED;
          quotedField = field;
        } // (in an unquoted value, a quote is text: csv-parse refuses the row)
      } else if (byte === LF) {
        const afterCr = (i > 0 ? bytes[i - 1] : previous) === CR;
        if (!(afterCr && crEndsRows)) ended += 1; // (a '\r' before it counted already in an old Mac file)
        if (afterCr && crEndsRows === undefined) earlyCrs -= 1; // that '\r' was not a lone one
        if (state !== QUOTED) {
          if (crEndsRows === undefined) decide(false);
          keep(bytes, from, i);
          yield endRow(ended, i + 1);
          from = i + 1;
        }
      } else if (byte === CR) {
        if (crEndsRows) ended += 1;
        else if (crEndsRows === undefined) earlyCrs += 1;
        if (state !== QUOTED) {
          if (state === QUOTE_IN_QUOTED) state = UNQUOTED;
          keep(bytes, from, i);
          from = i + 1;
          crPending = true;
        }
      } else if (state !== QUOTED) {
        if (byte === COMMA) {
          state = FIELD_START;
          field += 1;
        } else if (state !== FIELD_START || (byte !== SPACE && byte !== TAB && byte !== FORM_FEED)) state = UNQUOTED;
      }
    }
    keep(bytes, from, length);
    position += length;
    if (length > 0) previous = bytes[length - 1]!;
  }
  if (crPending) {
    // A '\r' ends the file: a line end, unless lone ones are text in this file.
    if (crEndsRows === undefined) decide(true);
    if (crEndsRows) {
      yield endRow(ended, 0);
      return;
    }
    keep(Buffer.of(CR), 0, 1);
  }
  const lastLine = previous === LF || (previous === CR && crEndsRows) ? ended : ended + 1; // the line of the file's last byte
  if (state === QUOTED) {
    const row: CsvRow = { kind: 'quote_not_closed', line: rowLine, last: lastLine, field: quotedField };
    endRow(lastLine, 0);
    yield row;
  } else if (position > rowStart) yield endRow(lastLine, 0);
}

/** The bytes of the input without a UTF-8 byte order mark. */
async function* utf8(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): AsyncGenerator<Buffer> {
  const UTF8_BOM = Buffer.of(0xef, 0xbb, 0xbf);
  // The first bytes, held until they are known to start with the mark or not.
  let head: Buffer | null = Buffer.alloc(0);
  for await (const chunk of input) {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (head !== null) {
      head = Buffer.concat([head, bytes]);
      if (head.length < UTF8_BOM.length && UTF8_BOM.subarray(0, head.length).equals(head)) continue;
      bytes = head.length >= UTF8_BOM.length && head.subarray(0, UTF8_BOM.length).equals(UTF8_BOM) ? head.subarray(UTF8_BOM.length) : head;
      head = null;
    }
    if (bytes.length > 0) yield bytes;
  }
  if (head !== null && head.length > 0) yield head; // a file of one or two bytes
}
