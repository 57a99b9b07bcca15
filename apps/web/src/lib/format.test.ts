import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  calendarYear,
  dateInputToEndOfDayIso,
  formatDate,
  formatDateTime,
  formatMonth,
  monthParts,
  localInputToIso,
  parseDateInput,
  readDateInput,
  toDateInput,
  toDateTimeInput,
} from './format';

const NOW = new Date(2026, 10, 30, 9, 0); // 30 November 2026 (2569 in the Buddhist era), local time

describe('dates as lists show them', () => {
  it('count Buddhist-era years in Thai and Gregorian ones in English', () => {
    const at = new Date(2026, 10, 30, 14, 30);
    expect(formatDate(at, 'th')).toBe('30 พ.ย. 2569');
    expect(formatDateTime(at, 'th')).toBe('30 พ.ย. 2569 14:30');
    expect(formatDate(at, 'en')).toBe('30 Nov 2026');
    expect(formatDateTime(at, 'en')).toBe('30 Nov 2026, 14:30');
    expect(formatMonth(2026, 11, 'th')).toBe('พ.ย. 2569');
    expect(formatMonth(2026, 11, 'en')).toBe('Nov 2026');
    expect(monthParts(2026, 11, 'th')).toEqual({ month: 'พ.ย.', year: '2569' });
    expect(monthParts(2026, 1, 'en')).toEqual({ month: 'Jan', year: '2026' });
  });

  it('leave nothing for nothing, and an unreadable value as it came', () => {
    expect(formatDate(null, 'th')).toBe('');
    expect(formatDateTime(undefined, 'en')).toBe('');
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
  });

  it('know when the UI’s calendar numbers years otherwise', () => {
    expect(calendarYear(NOW, 'th')).toBe('2569');
    expect(calendarYear(NOW, 'en')).toBeNull();
  });
});

describe('date input values (always Gregorian, local time)', () => {
  it('are read as the local day or minute they name, and only when whole and real', () => {
    expect(parseDateInput('2026-11-30', 'date')).toEqual(new Date(2026, 10, 30));
    expect(parseDateInput('2026-11-30T14:30', 'datetime-local')).toEqual(new Date(2026, 10, 30, 14, 30));
    expect(parseDateInput('2026-11-30T14:30:15', 'datetime-local')).toEqual(new Date(2026, 10, 30, 14, 30, 15));
    expect(parseDateInput('', 'date')).toBeNull();
    expect(parseDateInput('2026-02-30', 'date')).toBeNull();
    expect(parseDateInput('2026-11-30T14:30', 'date')).toBeNull();
    // A five-digit year (Chrome lets one be typed) is still a date, not an error.
    expect(parseDateInput('20261-01-01', 'date')?.getFullYear()).toBe(20261);
  });

  it('round-trip through the helpers that make and send them', () => {
    const at = new Date(2026, 10, 30, 14, 30);
    expect(toDateInput(at)).toBe('2026-11-30');
    expect(toDateTimeInput(at)).toBe('2026-11-30T14:30');
    expect(localInputToIso('2026-11-30T14:30')).toBe(at.toISOString());
    expect(localInputToIso('')).toBeUndefined();
    expect(dateInputToEndOfDayIso('2026-11-30')).toBe(new Date(2026, 10, 30, 23, 59, 59).toISOString());
    expect(dateInputToEndOfDayIso('nope')).toBeUndefined();
  });
});

describe('readDateInput: what is said beneath a date input', () => {
  it('in Thai: the chosen date as lists say it, with the Gregorian year the input counts', () => {
    expect(readDateInput('2026-11-30T14:30', 'datetime-local', 'th', NOW)).toEqual({ kind: 'date', text: '30 พ.ย. 2569 14:30', gregorianYear: 2026 });
    expect(readDateInput('2026-11-30', 'date', 'th', NOW)).toEqual({ kind: 'date', text: '30 พ.ย. 2569', gregorianYear: 2026 });
  });

  it('in Thai, empty: this year both ways, for whoever types a year', () => {
    expect(readDateInput('', 'date', 'th', NOW)).toEqual({ kind: 'empty', years: { gregorian: 2026, local: '2569' } });
  });

  it('in Thai: a Buddhist-era year typed where the input counts Gregorian ones is called out, with the year to enter', () => {
    expect(readDateInput('2569-11-30', 'date', 'th', NOW)).toEqual({ kind: 'calendarMismatch', typed: 2569, local: '3112', suggested: 2026 });
    expect(readDateInput('2568-01-15T08:00', 'datetime-local', 'th', NOW)).toMatchObject({ kind: 'calendarMismatch', suggested: 2025 });
    // A year far off in both calendars is only itself.
    expect(readDateInput('1900-01-01', 'date', 'th', NOW)).toMatchObject({ kind: 'date', gregorianYear: 1900 });
  });

  it('in English: the chosen date, and nothing to say about calendars', () => {
    expect(readDateInput('2026-11-30T14:30', 'datetime-local', 'en', NOW)).toEqual({ kind: 'date', text: '30 Nov 2026, 14:30', gregorianYear: null });
    expect(readDateInput('', 'datetime-local', 'en', NOW)).toEqual({ kind: 'empty', years: null });
    expect(readDateInput('2569-11-30', 'date', 'en', NOW)).toMatchObject({ kind: 'date', gregorianYear: null });
  });
});

describe('one way to say a date', () => {
  const src = fileURLToPath(new URL('..', import.meta.url));
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return files(path);
      return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
    });
  const sources = files(src).map((path) => ({ path: relative(src, path), text: readFileSync(path, 'utf8') }));

  it('formats dates only in lib/format.ts (so Thai lists and date inputs use one calendar)', () => {
    const formatting = /Intl\.DateTimeFormat|toLocaleDateString|toLocaleTimeString|\.toLocaleString\(/;
    expect(sources.filter((f) => f.path !== 'lib/format.ts' && formatting.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it('draws native date inputs only through DateField (which says the date in the UI’s calendar)', () => {
    const native = /type=["'](?:date|datetime-local|month|week|time)["']/;
    expect(sources.filter((f) => f.path.endsWith('.tsx') && f.path !== 'components/DateField.tsx' && native.test(f.text)).map((f) => f.path)).toEqual([]);
  });
});
