import fs from 'node:fs';

/** Bytes read at a time while looking for a file's first character that is not blank. */
const SNIFF_CHUNK = 65_536;

/**
 * How `gpos import` reads a file of reports: by its extension when it says (`.csv`; `.ndjson`, `.jsonl`),
 * otherwise by its content — NDJSON when its first line that is not blank starts with `{` (a UTF-8 byte
 * order mark aside), CSV otherwise. By the extension alone, a CSV export named `reports.txt`, or one with
 * no extension at all, was read as NDJSON and every line of it refused as "not valid JSON". (The web
 * upload page decides the same way: detectBulkFormat.)
 */
export function importFormat(file: string): 'csv' | 'ndjson' {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(ndjson|jsonl)$/i.test(file)) return 'ndjson';
  return firstCharacter(file) === '{' ? 'ndjson' : 'csv';
}

/** The file's first character that is not blank (whitespace, or the byte order mark), or '' when it has none. */
function firstCharacter(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(SNIFF_CHUNK);
    for (let position = 0; ; ) {
      const read = fs.readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) return '';
      // trimStart drops the byte order mark too (U+FEFF is white space to JavaScript).
      const text = chunk.subarray(0, read).toString('utf8').trimStart();
      if (text !== '') return text[0]!;
      position += read;
    }
  } finally {
    fs.closeSync(fd);
  }
}
