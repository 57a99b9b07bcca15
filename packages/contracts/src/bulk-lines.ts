/**
 * Which lines of a bulk upload are blank: skipped, with no result, though the lines after them still count
 * them. One rule for the server (apps/server/src/modules/reports/bulk-ingest.ts) and the web upload page
 * (its records, the header it checks, the rejected-lines file, the parts it sends), which must agree: the
 * page finds each of the server's answers by its line, and takes the file's first row that is not blank for
 * the header, as the server does. Once two rules, the page skipped a row of a no-break space that the
 * server answered, or took for the header.
 */

/**
 * A CSV row (its text without its line end) is blank when it holds nothing but spaces, tabs, form feeds,
 * '\r' and commas: no value at all. A row of separators alone (`,,,`) is what a spreadsheet saves for a
 * formatted row left empty, often hundreds of them under the data; each was refused for the required
 * columns it leaves empty, burying the real refusals of the upload under rows that hold nothing to lose.
 * Anything else is a row, answered: a no-break space or a byte order mark after the file's start (which
 * csv-parse reads as one empty value), a quoted empty value (`""`), a ';'. `at` gives the row's
 * characters by index, a string's code units or a file's bytes alike: each blank character is ASCII, and
 * UTF-8 uses no ASCII byte inside another character.
 */
export function isBlankCsvRow(at: (index: number) => number, start: number, until: number): boolean {
  for (let i = start; i < until; i += 1) {
    const code = at(i);
    if (code !== 32 && code !== 9 && code !== 13 && code !== 12 && code !== 44) return false;
  }
  return true;
}

/** isBlankCsvRow of a row as a string. */
export const isBlankCsvText = (text: string): boolean => isBlankCsvRow((i) => text.charCodeAt(i), 0, text.length);

/**
 * An NDJSON line (without its '\n' and a '\r' before it) is blank when it is nothing but what JavaScript
 * calls white space (String.prototype.trim: a no-break space and a byte order mark included).
 */
export const isBlankNdjsonLine = (line: string): boolean => line.trim() === '';
