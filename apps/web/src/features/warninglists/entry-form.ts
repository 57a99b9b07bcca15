/**
 * The warninglist editor's lines as the server takes them, and its refusals said where the admin reads
 * them. An entry takes the hints a report's identifier takes (country, bank code, chain, platform): a
 * national number (`02 123 4567`, a bank's hotline as the bank prints it) has no country otherwise, and
 * the form had no field for one, so such a number could not be listed at all. The refusals came back
 * listed by the API's path (`entries.0.type: …`); they are said at the field, by the line they are of.
 */
import type { i18n as I18n } from 'i18next';
import { ApiError, type FieldError } from '../../api/client';
import type { RawIndicator } from '../../api/intel-types';
import { fieldErrorText } from '../../lib/errors';
import { extraFieldsFor, isIndicatorType } from '../../lib/intel-options';
import { parseTypedValue } from '../../lib/typed-value';

/** The type select's "detect it, or as the line says" choice. */
export const AUTO = 'auto';

export type Hint = 'country' | 'bankCode' | 'chain' | 'platform';
export const HINTS: readonly Hint[] = ['country', 'bankCode', 'chain', 'platform'];

/** What the form holds besides the lines: the type of lines written without one, and the hints. */
export interface EntryFormValues {
  /** An indicator type, or AUTO. */
  type: string;
  country: string;
  bankCode: string;
  chain: string;
  platform: string;
  note: string;
}

/** An entry as the server takes it: an identifier with the hints a report's takes, and a note. */
export type EntryToAdd = RawIndicator & { note?: string };

/** A line sent: its number in the box (1-based, blank lines counted) and its value as typed. */
export interface SentLine {
  line: number;
  value: string;
}

/**
 * The hints the chosen type takes, as the report form asks for them (`extraFieldsFor`); "detect it" may
 * meet a national number, so it takes the country (with it, `02 123 4567` is detected as a phone).
 */
export function hintsFor(type: string): Hint[] {
  return isIndicatorType(type) ? extraFieldsFor(type) : ['country'];
}

/**
 * The entries of the box's non-blank lines, each with the hints its type takes: a line's own `type:`
 * wins over the form's type, and a hint goes only to the lines it means something for (a chain given for
 * wallets would make a domain line a wallet: the server reads a type from the hints).
 */
export function entriesOf(text: string, form: EntryFormValues): { entries: EntryToAdd[]; lines: SentLine[] } {
  const shown = hintsFor(form.type);
  const note = form.note.trim();
  const entries: EntryToAdd[] = [];
  const lines: SentLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (!raw.trim()) return;
    const parsed = parseTypedValue(raw);
    const type = parsed.type ?? (isIndicatorType(form.type) ? form.type : undefined);
    const takes = type ? extraFieldsFor(type) : ['country'];
    const entry: EntryToAdd = { ...(type ? { type } : {}), value: parsed.value };
    for (const hint of HINTS) {
      const value = form[hint].trim();
      if (value && shown.includes(hint) && takes.includes(hint)) entry[hint] = value;
    }
    if (note) entry.note = note;
    entries.push(entry);
    lines.push({ line: index + 1, value: parsed.value });
  });
  return { entries, lines };
}

/** Where the form shows a refusal of an entry: under the box (by line), or at the hint or note field. */
export interface EntryErrors {
  lines: string[];
  country: string[];
  bankCode: string[];
  chain: string[];
  platform: string[];
  note: string[];
}

/** The part of the request the form shows inline (ErrorAlert lists any other). */
export const ENTRY_FIELDS = ['entries'] as const;

const ENTRY_PATH = /^entries(?:\.(\d+)(?:\.(\w+))?)?$/;
/** A value with a national number's shape: digits and separators, a trunk 0 first. */
const NATIONAL_SHAPE = /^0[0-9\s().\u2010-\u2015\u2212-]{5,}$/u;

type LooseT = (key: string, options: Record<string, unknown>) => string;

/**
 * The refusals of `error`'s entries, each said in the reader's language with the number of the line it
 * is of ("Line 1: …"), at the field it is about: the hints and the note are one for all lines, so their
 * refusals are said at that field while it is shown (`form.type`: the type chosen now, which may have
 * changed since), else under the box with the rest: said at a hidden field, a refusal would be said nowhere.
 * A line the server could not tell the type of that looks like a national number, while no country was
 * chosen (`form.country`: as sent), is told how to go on.
 */
export function entryErrors(instance: I18n, error: unknown, sent: readonly SentLine[], form: Pick<EntryFormValues, 'type' | 'country'>): EntryErrors {
  const out: EntryErrors = { lines: [], country: [], bankCode: [], chain: [], platform: [], note: [] };
  if (!(error instanceof ApiError)) return out;
  const t = instance.t as unknown as LooseT;
  const shown = hintsFor(form.type);
  for (const fieldError of error.fieldErrors) {
    const match = ENTRY_PATH.exec(fieldError.path);
    if (!match) continue;
    const index = match[1] === undefined ? null : Number(match[1]);
    const field = match[2] ?? 'value';
    const sentLine = index === null ? undefined : sent[index];
    let message = fieldErrorText(instance, fieldError);
    if (needsCountry(fieldError, sentLine, form.country)) message = `${message} ${t('warninglists.nationalNeedsCountry', {})}`;
    const said = index === null ? message : t('warninglists.lineError', { replace: { line: sentLine?.line ?? index + 1, message }, nest: false });
    const at: keyof EntryErrors = field === 'note' ? 'note' : (HINTS as readonly string[]).includes(field) && shown.includes(field as Hint) ? (field as Hint) : 'lines';
    out[at].push(said);
  }
  return out;
}

function needsCountry(fieldError: FieldError, sent: SentLine | undefined, country: string): boolean {
  return !country && sent !== undefined && fieldError.code === 'type.undetected' && NATIONAL_SHAPE.test(sent.value.trim());
}
