/**
 * What an importer says in the reader's language: the STIX importer about an object (its reason, its own
 * errors), the MISP importer about an attribute it did not import, the bulk upload about a CSV column it
 * could not read.
 *
 * The server sends the English text with a code `stix.<name>`, `misp.<name>` or `csv.<name>` and the params
 * the text interpolates (ids, counts, STIX and MISP type names, a parser's own English, a refused amount);
 * the locale files say the same under the same keys. What this client cannot say — no code, a code newer than its
 * locale files, a param missing — falls back to the server's English.
 */
import type { i18n as I18n } from 'i18next';

/** `t` with keys built at run time (the typed `t` only takes literal keys). */
type LooseT = (key: string, options: Record<string, unknown>) => string;

/**
 * The importers whose codes this client can say: each code is `<prefix>.<name>`, a key of the locale files
 * (`csv.*`: the bulk upload's refusals of a CSV column, e.g. `csv.amount_too_large`; `watch.*`: a
 * watchlist pattern's refusals; `webhook.*`: a webhook URL's; `json.*`: a JSON document's, such as
 * `json.forbidden_key`; `bulk.*`: a whole bulk upload's, `bulk.not_utf8_file` and `bulk.semicolon_delimited`; `text.*`: a string no
 * database stores as sent, `text.nul` and `text.lone_surrogate`; `report.*`: a report's refusals beyond its
 * schema, such as `report.occurred_in_future`; `refusal.*`: the other refusals of a request, a whole one's
 * (the problem's `detailCode`) or a field's, such as `refusal.user_email_taken`; `request.*`: a request refused
 * whole for its body or as a whole (a wrong media type, too large, not valid JSON, too many requests), the
 * problem's `detailCode` and the code of its body's field error).
 */
export type ImporterPrefix = 'stix' | 'misp' | 'csv' | 'watch' | 'webhook' | 'json' | 'bulk' | 'text' | 'report' | 'refusal' | 'request';

const CODES: Readonly<Record<ImporterPrefix, RegExp>> = {
  stix: /^stix\.[a-z0-9_]{1,90}$/,
  misp: /^misp\.[a-z0-9_]{1,90}$/,
  csv: /^csv\.[a-z0-9_]{1,90}$/,
  watch: /^watch\.[a-z0-9_]{1,90}$/,
  webhook: /^webhook\.[a-z0-9_]{1,90}$/,
  json: /^json\.[a-z0-9_]{1,90}$/,
  // The server's codes only: the `bulk` group of the locale files holds the upload page's own texts too.
  bulk: /^bulk\.(?:not_utf8_file|semicolon_delimited)$/,
  text: /^text\.[a-z0-9_]{1,90}$/,
  report: /^report\.[a-z0-9_]{1,90}$/,
  refusal: /^refusal\.[a-z0-9_]{1,90}$/,
  request: /^request\.[a-z0-9_]{1,90}$/,
};
/** `{{name}}`, or `{{name, number}}` with its format (a server's quantity, grouped as the language groups digits). */
const PLACEHOLDERS = /\{\{\s*(\w+)\s*(?:,[^}]*)?\}\}/g;

export const isImporterCode = (prefix: ImporterPrefix, code: string | null | undefined): code is string => typeof code === 'string' && CODES[prefix].test(code);
export const isStixCode = (code: string | null | undefined): code is string => isImporterCode('stix', code);
export const isMispCode = (code: string | null | undefined): code is string => isImporterCode('misp', code);
export const isCsvCode = (code: string | null | undefined): code is string => isImporterCode('csv', code);
export const isWatchCode = (code: string | null | undefined): code is string => isImporterCode('watch', code);
export const isWebhookCode = (code: string | null | undefined): code is string => isImporterCode('webhook', code);
export const isJsonCode = (code: string | null | undefined): code is string => isImporterCode('json', code);
export const isBulkCode = (code: string | null | undefined): code is string => isImporterCode('bulk', code);
export const isTextCode = (code: string | null | undefined): code is string => isImporterCode('text', code);
export const isReportCode = (code: string | null | undefined): code is string => isImporterCode('report', code);
export const isRefusalCode = (code: string | null | undefined): code is string => isImporterCode('refusal', code);
export const isRequestCode = (code: string | null | undefined): code is string => isImporterCode('request', code);

/** The params of a schema text carried inside a `stix.*` code's params (`message.<name>`). */
const SCHEMA_TEXT_PARAM = 'message.';

/**
 * The message of a `stix.*` code in the instance's language, or null when it has none for these params. A
 * schema error's `{{message}}` (the server's English) is said by its `messageCode` (`interop.stixSchema.*`,
 * with its params `message.<name>`) when this client knows it.
 */
export function stixCodeMessage(instance: I18n, code: string, params: Readonly<Record<string, string | number>> | null | undefined): string | null {
  const messageCode = params?.messageCode;
  if (typeof messageCode !== 'string' || !/^[a-z0-9_]{1,60}$/.test(messageCode) || !instance.exists(`interop.stixSchema.${messageCode}`)) {
    return importerCodeMessage(instance, 'stix', code, params);
  }
  const textParams: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params ?? {})) if (name.startsWith(SCHEMA_TEXT_PARAM)) textParams[name.slice(SCHEMA_TEXT_PARAM.length)] = value;
  const t = instance.t as unknown as LooseT;
  const message = t(`interop.stixSchema.${messageCode}`, { replace: textParams, nest: false });
  return importerCodeMessage(instance, 'stix', code, { ...params, message });
}

/** The message of a `<prefix>.*` code in the instance's language, or null when it has none for these params. */
export function importerCodeMessage(instance: I18n, prefix: ImporterPrefix, code: string, params: Readonly<Record<string, string | number>> | null | undefined): string | null {
  if (!isImporterCode(prefix, code) || !instance.exists(code)) return null;
  const t = instance.t as unknown as LooseT;
  const values: Record<string, string | number> = { ...params };
  const template = t(code, { skipInterpolation: true, nest: false });
  if (typeof template !== 'string') return null;
  // A param the message needs but the server did not send would show as {{name}}: not a message.
  for (const [, name] of template.matchAll(PLACEHOLDERS)) if (!Object.hasOwn(values, name!)) return null;
  // `replace`: params are values only, never i18next options (lng, count…); `nest: false`: a value from the
  // bundle is never read as a `$t(…)` reference.
  const text = t(code, { replace: values, nest: false });
  return typeof text === 'string' ? text : null;
}
