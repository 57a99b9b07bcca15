/**
 * Every date the UI shows goes through here, so lists, pages and the read-back beside date inputs say a
 * date the same way: `Intl` in the UI's locale (`intlLocale`), which for Thai is the Buddhist calendar
 * (2569 for 2026) and for English the Gregorian one. What the app sends stays ISO 8601, Gregorian.
 */
import { intlLocale } from '../i18n/locale-tag';

type DateValue = string | number | Date | null | undefined;

function toDate(value: DateValue): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(value: DateValue, locale: string): string {
  const date = toDate(value);
  if (!date) return typeof value === 'string' ? value : '';
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatDate(value: DateValue, locale: string): string {
  const date = toDate(value);
  if (!date) return typeof value === 'string' ? value : '';
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium' }).format(date);
}

/** A time of day; with its seconds for a moment less than a minute away (when a feed tries again). */
export function formatTime(value: DateValue, locale: string, options: { seconds?: boolean } = {}): string {
  const date = toDate(value);
  if (!date) return '';
  return new Intl.DateTimeFormat(intlLocale(locale), { timeStyle: options.seconds ? 'medium' : 'short' }).format(date);
}

/**
 * A calendar month (`month` 1–12, as counted in UTC) with its whole year: "Nov 2026", "พ.ย. 2569". A
 * two-digit year ("Nov 26") read as the 26th of November next to dates in full.
 */
export function formatMonth(year: number, month: number, locale: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, 1));
}

/** A calendar month's short name and its year apart, for a chart's axis that says the year once: "Nov", "2026". */
export function monthParts(year: number, month: number, locale: string): { month: string; year: string } {
  const parts = new Intl.DateTimeFormat(intlLocale(locale), { month: 'short', year: 'numeric', timeZone: 'UTC' }).formatToParts(Date.UTC(year, month - 1, 1));
  return { month: parts.find((p) => p.type === 'month')?.value ?? String(month), year: parts.find((p) => p.type === 'year')?.value ?? String(year) };
}

/* ------------------------------------------------------------------ date inputs */

/** The two native inputs the app uses; their values are always Gregorian, whatever the browser shows. */
export type DateInputKind = 'date' | 'datetime-local';

const INPUT_VALUE = /^(\d{4,6})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * A date input's value as a local Date: `YYYY-MM-DD` is the start of that day, `YYYY-MM-DDTHH:mm` that
 * minute (local time, as the input means it). Null when empty, incomplete or not a real date.
 */
export function parseDateInput(value: string, kind: DateInputKind): Date | null {
  const m = INPUT_VALUE.exec(value.trim());
  if (!m) return null;
  if (kind === 'date' && m[4] !== undefined) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const date = new Date(2000, month - 1, day, hour, minute, second);
  date.setFullYear(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day ? date : null;
}

/** `<input type="datetime-local">` value (local time, no zone) → ISO 8601 UTC, or undefined when empty. */
export function localInputToIso(value: string): string | undefined {
  return parseDateInput(value, 'datetime-local')?.toISOString();
}

/** `<input type="date">` value → end of that day in local time, as ISO 8601 UTC. */
export function dateInputToEndOfDayIso(value: string): string | undefined {
  const date = parseDateInput(value, 'date');
  if (!date) return undefined;
  date.setHours(23, 59, 59, 0);
  return date.toISOString();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A Date as the value of `<input type="date">` (local day, Gregorian). */
export function toDateInput(date: Date): string {
  return `${String(date.getFullYear()).padStart(4, '0')}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A Date as the value of `<input type="datetime-local">`, in local time, to the minute. */
export function toDateTimeInput(date: Date): string {
  return `${toDateInput(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The year of `date` as the UI's calendar numbers it, when that is not the Gregorian year (Thai: "2569"
 * for 2026); null when the UI's calendar is the Gregorian one.
 */
export function calendarYear(date: Date, locale: string): string | null {
  const year = new Intl.DateTimeFormat(intlLocale(locale), { year: 'numeric' }).formatToParts(date).find((p) => p.type === 'year')?.value;
  return year === undefined || year === String(date.getFullYear()) ? null : year;
}

/** What a date input's value reads as in the UI's calendar: said beside the input, so it and lists agree. */
export type DateInputReading =
  /** Nothing chosen. `years` (this year, both ways) when the UI's calendar is not the Gregorian one. */
  | { kind: 'empty'; years: { gregorian: number; local: string } | null }
  /** A date, formatted as lists show it; `gregorianYear` when the UI's calendar numbers it otherwise. */
  | { kind: 'date'; text: string; gregorianYear: number | null }
  /**
   * A year that is far off as a Gregorian year but near now in the UI's calendar (2569 typed where the
   * input counts Gregorian years): almost surely meant in the UI's calendar, i.e. `suggested` Gregorian.
   */
  | { kind: 'calendarMismatch'; typed: number; local: string; suggested: number };

/** How far from now a year may be before it reads as typed in the other calendar. */
const PLAUSIBLE_YEARS = 100;

export function readDateInput(value: string, kind: DateInputKind, locale: string, now: Date = new Date()): DateInputReading {
  const date = parseDateInput(value, kind);
  const nowLocal = calendarYear(now, locale);
  if (!date) return { kind: 'empty', years: nowLocal === null ? null : { gregorian: now.getFullYear(), local: nowLocal } };
  const offset = nowLocal !== null && /^\d+$/.test(nowLocal) ? Number(nowLocal) - now.getFullYear() : 0;
  const typed = date.getFullYear();
  if (offset !== 0 && Math.abs(typed - now.getFullYear()) > PLAUSIBLE_YEARS && Math.abs(typed - offset - now.getFullYear()) <= PLAUSIBLE_YEARS) {
    return { kind: 'calendarMismatch', typed, local: calendarYear(date, locale) ?? String(typed), suggested: typed - offset };
  }
  const text = kind === 'date' ? formatDate(date, locale) : formatDateTime(date, locale);
  return { kind: 'date', text, gregorianYear: calendarYear(date, locale) === null ? null : typed };
}

export function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 8)}…` : id;
}

/**
 * The end of an id, for references shown in tables. The platform's ids are UUIDv7, whose first
 * characters are a timestamp (ids made the same minute share them); the last ones are random.
 */
export function tailId(id: string): string {
  return id.length > 8 ? `…${id.slice(-8)}` : id;
}
