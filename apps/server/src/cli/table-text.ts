/**
 * Rows printed as a plain text table for people (`gpos org list`, `gpos user list`, `gpos apikey list`…):
 * a header of column names in words, then one line per row, the columns aligned by spaces. No index column,
 * quotes or box lines (console.table's), so a line can be read, copied and searched with grep as it is.
 * `--json` stays the API's shape: this is only how the same rows read.
 */
import { jsonForTerminal, terminalText } from './cli-support.js';

/** Between two columns. */
const GAP = '  ';

/** An ISO 8601 instant as the API sends it (`2026-03-01T09:30:00.000Z`, or with an offset). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A column's name in words, from the API's camelCase field: `organisationId` → "Organisation ID",
 * `expiresAt` → "Expires at", `displayName` → "Display name".
 */
export function columnTitle(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_]+/)
    .filter(Boolean)
    .map((word) => (word.toLowerCase() === 'id' ? 'ID' : word.toLowerCase()));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An instant to the minute, in UTC, said so: "2026-03-01 09:30 UTC". */
export function instantText(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * One value as a cell: nothing for a missing one (null), a date-time readable, a list comma-separated,
 * and what a terminal cannot show safely written out visibly (terminalText).
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return terminalText(INSTANT.test(value) ? instantText(value) : value);
  if (Array.isArray(value)) return value.map(cellText).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'object') return terminalText(JSON.stringify(value));
  return String(value);
}

/**
 * How many columns a text takes: its code points less the combining marks, which sit on the letter before
 * them (Thai vowels and tone marks). Wide (East Asian) letters are counted as one: close enough for the
 * names these tables hold, without a width table.
 */
export const textColumns = (text: string): number => [...text.replace(/\p{M}/gu, '')].length;

/**
 * The rows as lines of text (each ending in a newline), in `columns` (default: every field of the rows,
 * in the order they first appear). The last column is not padded, so no line ends in spaces.
 */
export function tableText(rows: readonly object[], columns?: readonly string[]): string {
  const keys = columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const lines = [keys.map(columnTitle), ...rows.map((row) => keys.map((key) => cellText((row as Record<string, unknown>)[key])))];
  const widths = keys.map((_, i) => Math.max(...lines.map((cells) => textColumns(cells[i]!))));
  return lines
    .map((cells) =>
      cells
        .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - textColumns(cell))))
        .join(GAP)
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/**
 * Rows as a table, or with `json` as JSON. Rows are shaped like the API's (camelCase, the contracts'
 * names), never database rows: `--json` output is what a script would get from the API. `columns`
 * narrows the table (not the JSON) to the ones that fit a terminal.
 */
export function printTable(rows: readonly object[], json = false, columns?: readonly string[]): void {
  if (json) {
    process.stdout.write(`${jsonForTerminal(rows)}\n`);
    return;
  }
  process.stdout.write(rows.length === 0 ? '(none)\n' : tableText(rows, columns));
}
