/**
 * A normaliser rejection (lookup results, the report form's preview) in the reader's language.
 *
 * The server sends `{field, reason, code?, params?}`: `reason` in English, and — from servers that know
 * codes — `code` (e.g. `phone.too_short_for_region`) with the values the reason interpolates. The message
 * is `normalise.<code>` with those params; `params.detail`, when present, is a further code
 * (`normalise.detail.<detail>`, what exactly is wrong) translated first, `params.field` a field name,
 * shown by its label, and `params.types` a list of indicator types, shown by their names. Whatever the
 * locale files do not know — an old server, a code newer than this client — falls back to the server's
 * English `reason`.
 */
import type { i18n as I18n } from 'i18next';
import type { NormaliseError } from '@gpos/contracts';

/** `t` with keys built at run time (the typed `t` only takes literal keys). */
type LooseT = (key: string, options: Record<string, unknown>) => string;

/** `{{name}}`, or `{{name, number}}` with its format (a server's quantity, grouped as the language groups digits). */
const PLACEHOLDERS = /\{\{\s*(\w+)\s*(?:,[^}]*)?\}\}/g;

function translate(i18n: I18n, key: string, values: Record<string, string | number>): string | null {
  if (!i18n.exists(key)) return null;
  const t = i18n.t as unknown as LooseT;
  // A param the message needs but the server did not send would show as {{name}}: not a message.
  const template = t(key, { skipInterpolation: true, nest: false });
  if (typeof template !== 'string') return null;
  for (const [, name] of template.matchAll(PLACEHOLDERS)) if (!Object.hasOwn(values, name!)) return null;
  // `replace`: the params are interpolation values only, never i18next options (lng, count, context…);
  // `nest: false`: a value typed by the user is never read as a `$t(…)` reference.
  const text = t(key, { replace: values, nest: false });
  return typeof text === 'string' ? text : null;
}

/** Longest code and param value read from a server answer; anything longer is dropped, not shown. */
const MAX_CODE = 100;
const MAX_PARAM = 4096;

/**
 * The optional `code` and `params` of an error object as the server sent it (a field error of a refused
 * report, a bulk upload line): kept only when they have the expected shapes, so a malformed answer falls
 * back to the English message rather than breaking the page.
 */
export function codeAndParams(raw: Record<string, unknown>): { code?: string; params?: Record<string, string | number> } {
  const out: { code?: string; params?: Record<string, string | number> } = {};
  if (typeof raw.code === 'string' && raw.code.length <= MAX_CODE) out.code = raw.code;
  if (typeof raw.params === 'object' && raw.params !== null && !Array.isArray(raw.params)) {
    const params: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(raw.params as Record<string, unknown>)) {
      if ((typeof value === 'string' && value.length <= MAX_PARAM) || (typeof value === 'number' && Number.isFinite(value))) params[key] = value;
    }
    out.params = params;
  }
  return out;
}

/** The label of a normaliser field (`value`, `country`, `bankCode`…), or the name itself when unknown. */
export function normaliseFieldLabel(i18n: I18n, field: string): string {
  return translate(i18n, `normalise.fields.${field}`, {}) ?? field;
}

/**
 * One line for a rejected identifier (report form preview, lookup): "Not valid: <reason>" when
 * the identifier itself (or its type) is wrong, "Country: <reason>" when a qualifying field is.
 */
export function normalisePreviewError(i18n: I18n, error: Pick<NormaliseError, 'field' | 'reason' | 'code' | 'params'>): string {
  const reason = normaliseErrorMessage(i18n, error);
  const t = i18n.t as unknown as LooseT;
  if (error.field === 'value' || error.field === 'type' || !error.field) return t('reportForm.previewErrorValue', { replace: { reason }, nest: false });
  const label = normaliseFieldLabel(i18n, error.field);
  const field = label.charAt(0).toLocaleUpperCase(i18n.language) + label.slice(1);
  return t('reportForm.previewErrorField', { replace: { field, reason }, nest: false });
}

export function normaliseErrorMessage(i18n: I18n, error: Pick<NormaliseError, 'reason' | 'code' | 'params'>): string {
  const { code, params } = error;
  if (!code) return error.reason;
  const values: Record<string, string | number> = { ...params };
  if (typeof values.field === 'string') values.field = normaliseFieldLabel(i18n, values.field);
  // The list of indicator types ("phone, bank_account, …") as the type picker names them.
  if (typeof values.types === 'string') values.types = values.types.split(', ').map((type) => translate(i18n, `indicatorTypes.${type}`, {}) ?? type).join(', ');
  if (typeof values.detail === 'string') {
    const detail = translate(i18n, `normalise.detail.${values.detail}`, values);
    if (detail === null) return error.reason;
    values.detail = detail;
  }
  return translate(i18n, `normalise.${code}`, values) ?? error.reason;
}
