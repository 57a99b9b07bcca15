/**
 * What the STIX importer says about an object (its reason, its own errors) in the reader's language.
 *
 * The server sends the English text with a code `stix.<name>` and the params the text interpolates (ids,
 * counts, STIX type names, a parser's own English); the locale files say the same under `stix.<name>`.
 * What this client cannot say — no code, a code newer than its locale files, a param missing — falls back
 * to the server's English.
 */
import type { i18n as I18n } from 'i18next';

/** `t` with keys built at run time (the typed `t` only takes literal keys). */
type LooseT = (key: string, options: Record<string, unknown>) => string;

const STIX_CODE = /^stix\.[a-z0-9_]{1,90}$/;
const PLACEHOLDERS = /\{\{\s*(\w+)\s*\}\}/g;

export const isStixCode = (code: string | null | undefined): code is string => typeof code === 'string' && STIX_CODE.test(code);

/** The message of a `stix.*` code in the instance's language, or null when it has none for these params. */
export function stixCodeMessage(instance: I18n, code: string, params: Readonly<Record<string, string | number>> | null | undefined): string | null {
  if (!isStixCode(code) || !instance.exists(code)) return null;
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
