/**
 * A bulk upload line's refusals as a person reads them, in English and Thai.
 *
 * The server sends each refusal with its field's path (`indicators.0.value`, `victimCountry`, `(line)`)
 * and, for a schema's, `code: 'validation.<zod issue code>'` with the constraint's params (see
 * validation-error.ts). zod's own wording, in either language, is a developer's: `Invalid option:
 * expected one of "investment"|…`, `expected string, received undefined`. Here the common issues are
 * said plainly from the same code and params ("is required", "must be one of: investment, romance, …"),
 * and paths are named as the report form names its fields ("Scam type (scamType)", "Identifier 1 · Bank
 * code"), with the file's own column or field name beside the label: that is what the file's author has to
 * find and fix.
 *
 * What is not said here falls back to the app's usual helpers (fieldErrorText: zod's locale, a
 * normaliser's code) and, failing those, to the server's English.
 */
import type { i18n as I18n } from 'i18next';
import { COUNTRY_CODE_MESSAGE } from '@gpos/contracts';
import type { BulkError, BulkFormat } from './bulk';
import { fieldErrorText, splitQuote, withQuote } from './errors';
import { importerCodeMessage, isCsvCode } from './importer-codes';
import { normaliseFieldLabel } from './normalise-error';
import { isValidationCode, rebuildIssue, VALIDATION_CODE_PREFIX } from './validation-error';

/** `t` with keys built at run time (the typed `t` only takes literal keys). */
type LooseT = (key: string, options?: Record<string, unknown>) => string;

const looseT = (i18n: I18n): LooseT => i18n.t as unknown as LooseT;

function readerLocale(i18n: I18n): string {
  return (i18n.resolvedLanguage ?? i18n.language ?? '').split('-')[0] ?? '';
}

/**
 * zod's own English messages (what the server sends when the schema has no wording of its own). Any other
 * English message is the schema's ("must be a BCP 47 language tag such as th or en-GB"), more precise
 * than a generic sentence, so an English reader keeps it.
 */
const ZOD_DEFAULT_ENGLISH = /^(?:Invalid input|Invalid option|Too small|Too big|Invalid string|Invalid number|Invalid ISO|Invalid email|Invalid UUID|Invalid URL|Invalid key|Invalid element|Unrecognized keys?)\b/;

/** The zod type names `invalid_type` can expect or receive that have a plain name here. */
const TYPE_NAMES: ReadonlySet<string> = new Set(['string', 'number', 'int', 'boolean', 'array', 'object', 'null']);

const text = (value: string | number | undefined): value is string => typeof value === 'string' && value !== '';

function parseValues(json: string | number | undefined): string[] | null {
  if (!text(json)) return null;
  try {
    const values: unknown = JSON.parse(json);
    return Array.isArray(values) && values.length > 0 ? values.map((v) => String(v)) : null;
  } catch {
    return null;
  }
}

/**
 * A schema's refusal (`validation.*`) said plainly in the reader's language; null when this has no plain
 * form for it (a refinement's own reason, a code or param it does not know), or when the reader is
 * English and the schema has its own wording.
 */
export function humanValidationMessage(i18n: I18n, error: Pick<BulkError, 'message' | 'code' | 'params'> & { path?: string }): string | null {
  if (!isValidationCode(error.code)) return null;
  const code = error.code.slice(VALIDATION_CODE_PREFIX.length);
  const p = error.params ?? {};
  const t = looseT(i18n);
  // A value left out, whatever the schema calls it: CSV's empty cell, NDJSON's missing field.
  if (code === 'invalid_type' && (p.received === 'undefined' || p.received === 'null')) return t('bulk.why.required');
  // A date the reader can copy, rather than "ISO 8601".
  if (code === 'invalid_format' && p.format === 'datetime') return t('bulk.why.dateTime');
  // The report schema's one refinement a bulk line commonly fails (countryCodeSchema in @gpos/contracts):
  // a refinement's code says only "invalid", so it is known by its English; any other falls through.
  if (code === 'custom' && error.message === COUNTRY_CODE_MESSAGE) return t('bulk.why.country');
  const schemaWording = !ZOD_DEFAULT_ENGLISH.test(error.message);
  if (schemaWording && readerLocale(i18n) === 'en') return null;
  // The same params validationErrorMessage needs: what it would not rebuild is not said here either.
  if (rebuildIssue(error.code, p) === null) return null;
  const inclusive = p.inclusive !== 'false';
  const exact = p.exact === 'true';
  switch (code) {
    case 'invalid_type': {
      if (!text(p.expected) || !TYPE_NAMES.has(p.expected)) return null;
      if (p.received === 'nan') return t('bulk.why.notANumber');
      if (p.expected === 'int' && p.received === 'number') return t('bulk.why.wholeNumber');
      if (!text(p.received) || !TYPE_NAMES.has(p.received)) return null;
      return t('bulk.why.wrongType', { expected: t(`bulk.why.types.${p.expected}`), received: t(`bulk.why.types.${p.received}`) });
    }
    case 'invalid_value': {
      const values = parseValues(p.values);
      if (!values) return null;
      const said = values.map((value) => allowedValueText(i18n, error.path ?? '', value));
      return said.length === 1 ? t('bulk.why.exactly', { value: said[0] }) : t('bulk.why.oneOf', { values: said.join(', ') });
    }
    case 'too_small':
    case 'too_big': {
      const small = code === 'too_small';
      const bound = Number(small ? p.minimum : p.maximum);
      if (!Number.isFinite(bound)) return null;
      // "at least 3" for > 2 as for >= 3: counts are whole.
      const count = inclusive || exact ? bound : small ? bound + 1 : bound - 1;
      if (p.origin === 'string') {
        if (small && count === 1 && !exact) return t('bulk.why.empty');
        return t(exact ? 'bulk.why.exactChars' : small ? 'bulk.why.minChars' : 'bulk.why.maxChars', { count });
      }
      if (p.origin === 'array' || p.origin === 'set') return t(exact ? 'bulk.why.exactItems' : small ? 'bulk.why.minItems' : 'bulk.why.maxItems', { count });
      if (p.origin === 'number' || p.origin === 'int' || p.origin === 'bigint') {
        const key = small ? (inclusive ? 'bulk.why.minNumber' : 'bulk.why.moreThan') : inclusive ? 'bulk.why.maxNumber' : 'bulk.why.lessThan';
        return t(key, { limit: bound });
      }
      return null;
    }
    case 'not_multiple_of':
      return t('bulk.why.multipleOf', { divisor: p.divisor });
    case 'unrecognized_keys':
      return t('bulk.why.unknownField', { key: p.key });
    case 'invalid_format': {
      // The form a field takes, said in the reader's language where this client knows the field.
      const path = (error.path ?? '').replace(/^body\./, '');
      const known = Object.hasOwn(FORMAT_TEXTS, path) ? FORMAT_TEXTS[path] : undefined;
      if (known && readerLocale(i18n) !== 'en') return t(known);
      const plain = t('bulk.why.format');
      // The schema's English names the form expected ("such as th or en-GB"): worth keeping beside it.
      return schemaWording ? `${plain} (${error.message})` : plain;
    }
    default:
      return null;
  }
}

/** The form each field whose format the schema checks must take (`invalid_format`), by its path: said whole rather than the schema's English. */
const FORMAT_TEXTS: Readonly<Record<string, string>> = { language: 'bulk.why.languageTag' };

/** The locale group that labels the values of each field whose values are codes, as the report form's choices do. */
const VALUE_LABELS: Readonly<Record<string, string>> = { scamType: 'scamTypes', channel: 'channels' };
/** The same for an identifier's own fields (`indicators.<i>.<field>`). */
const IDENTIFIER_VALUE_LABELS: Readonly<Record<string, string>> = { type: 'indicatorTypes', role: 'sightingRoles' };

/**
 * One allowed value of the field at `path`, as a reader other than an English one reads it: the label the
 * report form gives the choice, then the value the file must hold ("หลอกลงทุน (investment)"), rather than the
 * bare code inside a Thai sentence. The value alone for an English reader (it reads as a word already), and
 * for a field whose values have no labels (a TLP level, a currency).
 */
function allowedValueText(i18n: I18n, rawPath: string, value: string): string {
  if (readerLocale(i18n) === 'en') return value;
  const path = rawPath.replace(/^body\./, '');
  const identifier = identifierOfPath(path);
  const group = identifier ? (identifier.field ? IDENTIFIER_VALUE_LABELS[identifier.field] : undefined) : VALUE_LABELS[path];
  if (!group || !/^[a-z_]{1,40}$/.test(value) || !i18n.exists(`${group}.${value}`)) return value;
  return `${looseT(i18n)(`${group}.${value}`)} (${value})`;
}

/**
 * The NDJSON reader's refusals of a whole line (`ndjson.not_json`, `ndjson.not_utf8`, `ndjson.line_too_long`), said without
 * repeating the line, which is shown beside the error. Null for anything else.
 */
export function lineErrorMessage(i18n: I18n, error: Pick<BulkError, 'code' | 'params'>): string | null {
  const t = looseT(i18n);
  if (error.code === 'ndjson.not_json') return t('bulk.why.notJson');
  if (error.code === 'ndjson.not_utf8') return t('bulk.why.notUtf8');
  const bytes = error.params?.bytes;
  if (error.code === 'ndjson.line_too_long' && typeof bytes === 'number') return t('bulk.why.lineTooLong', { bytes });
  return null;
}

/** The report form's label of each field a line's refusal can name (NDJSON path or CSV column). */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  scamType: 'reports.scamType',
  channel: 'reports.channel',
  victimCountry: 'reports.victimCountry',
  occurredAt: 'reports.occurredAt',
  loss: 'reports.loss',
  'loss.amount': 'reportForm.lossAmount',
  lossAmount: 'reportForm.lossAmount',
  'loss.currency': 'reportForm.currency',
  lossCurrency: 'reportForm.currency',
  narrative: 'reports.narrative',
  language: 'reports.language',
  confidence: 'reports.confidence',
  externalRef: 'reports.externalRef',
  marking: 'reportForm.tlp',
  'marking.tlp': 'reportForm.tlp',
  tlp: 'reportForm.tlp',
  indicators: 'reports.indicators',
};

/** The CSV column a report field's path comes from, where the names differ (see csvRecordToReport on the server). */
const CSV_COLUMN_OF_PATH: Readonly<Record<string, string>> = { loss: 'lossAmount', 'loss.amount': 'lossAmount', 'loss.currency': 'lossCurrency', marking: 'tlp', 'marking.tlp': 'tlp' };

/** The form's label of an identifier's own fields (`indicators.<i>.<field>`). */
const IDENTIFIER_FIELD_LABELS: Readonly<Record<string, string>> = {
  type: 'reportForm.type',
  role: 'reportForm.role',
  country: 'reportForm.country',
  bankCode: 'reportForm.bankCode',
  chain: 'reportForm.chain',
  platform: 'reportForm.platform',
};

/**
 * Which identifier of a report a refusal's path points at: `indicators.2.value` → `{ number: 3, field:
 * 'value' }`, `indicators.0` → `{ number: 1, field: null }`; any other path → null.
 */
export function identifierOfPath(path: string): { number: number; field: string | null } | null {
  const match = /^(?:body\.)?indicators\.(\d{1,4})(?:\.(\w{1,40}))?$/.exec(path);
  return match ? { number: Number(match[1]) + 1, field: match[2] ?? null } : null;
}

/**
 * What a refusal's path names, as the report form names it: "Scam type (scamType)" — the label, then the
 * column (CSV) or field (NDJSON) as the file writes it —, "Identifier 2 · Bank code", "This line" for the
 * whole line. Empty for the report as a whole (an unknown field); a path this does not know, verbatim.
 */
export function bulkPathLabel(i18n: I18n, rawPath: string, format: BulkFormat): string {
  const t = looseT(i18n);
  const path = rawPath.replace(/^body\./, '');
  if (path === '') return '';
  if (path === '(line)') return t('bulk.paths.line');
  const identifier = identifierOfPath(path);
  if (identifier) {
    const number = t('bulk.identifier', { number: identifier.number });
    // The value is the identifier itself ("Identifier 2", not "Identifier 2 · Identifier").
    if (!identifier.field || identifier.field === 'value') return number;
    const key = IDENTIFIER_FIELD_LABELS[identifier.field];
    return t('bulk.identifierField', { number: identifier.number, field: key ? t(key) : normaliseFieldLabel(i18n, identifier.field) });
  }
  const name = format === 'csv' ? (CSV_COLUMN_OF_PATH[path] ?? path) : path;
  const key = Object.hasOwn(FIELD_LABELS, path) ? FIELD_LABELS[path] : undefined;
  return key ? `${t(key)} (${name})` : name;
}

/**
 * A line's error in the reader's language: a CSV column's refusal (`csv.*`, e.g. a loss amount the
 * currency cannot hold), a schema's (`validation.*`) said plainly (humanValidationMessage), the NDJSON
 * reader's refusals of a whole line (`ndjson.*`), or any other coded error (a normaliser's); else the
 * server's English. Followed by the value refused when the server quotes it after its text (splitQuote):
 * the list names a field of a line the reader did not type here, and the line beside it may be cut.
 */
export function bulkErrorMessage(i18n: I18n, error: BulkError): string {
  if (isCsvCode(error.code)) return importerCodeMessage(i18n, 'csv', error.code, error.params) ?? error.message;
  const { entry, quoted } = splitQuote(error);
  const text = lineErrorMessage(i18n, entry) ?? humanValidationMessage(i18n, entry) ?? fieldErrorText(i18n, entry);
  return withQuote(i18n, text, quoted);
}

/** One refusal of a line as the page shows it, and as the CSV download writes it: "<what>: <why>". */
export function bulkErrorLine(i18n: I18n, error: BulkError, format: BulkFormat): string {
  const label = bulkPathLabel(i18n, error.path, format);
  const message = bulkErrorMessage(i18n, error);
  return label ? `${label}: ${message}` : message;
}
