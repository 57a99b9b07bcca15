/**
 * Texts with stable codes, for what an importer says about the objects it did not take (the STIX
 * importer's reasons, the MISP importer's skip messages): a catalogue of codes → English templates with
 * `{{param}}` placeholders. The server sends the English (filled from the whole params, so clients that
 * read only the text see what they always saw), the code, and the params bounded; a client says the same
 * in its reader's language from its own locale files under the same keys. The compiler checks that each
 * call passes exactly the params its template names.
 *
 * A quantity (a size, a count, a limit, a duration) is written `{{name, number}}`, i18next's number
 * format, which the web app's locales use too: the English says it grouped (1,048,576, as
 * Intl.NumberFormat('en') writes it) and the web app as its reader's language groups it, while the param
 * stays a number for a program. The compiler takes only a number for it. A position or an id (a line, a
 * column, a version, an event) stays `{{name}}`, written as it is.
 */
import { cutToCodePoints } from './cut-text.js';

export type TextParams = Record<string, string | number>;

/** What is between the braces of each `{{placeholder}}` of a template (`name` or `name, number`), as a type. */
type PlaceholderText<T extends string> = T extends `${string}{{${infer Inside}}}${infer Rest}` ? Inside | PlaceholderText<Rest> : never;
/** A placeholder's name, without its format. */
type NameOf<P extends string> = P extends `${infer Name}, number` ? Name : P;
/** The name of a `{{name, number}}` placeholder, never for one without the format. */
type NumberNameOf<P extends string> = P extends `${infer Name}, number` ? Name : never;
/** The names of the `{{placeholders}}` of a template, as a type. */
export type PlaceholdersOf<T extends string> = NameOf<PlaceholderText<T>>;
/** The names of the template's `{{name, number}}` placeholders, which take a number only. */
type NumberPlaceholdersOf<T extends string> = NumberNameOf<PlaceholderText<T>>;
/** No argument for a text without placeholders; otherwise an object with exactly its params. */
export type ParamsArg<T extends string> = [PlaceholdersOf<T>] extends [never]
  ? []
  : [params: { [Name in PlaceholdersOf<T>]: Name extends NumberPlaceholdersOf<T> ? number : string | number }];
/** The codes of a catalogue whose text has no placeholders. */
export type PlainCode<T extends Record<string, string>> = { [C in keyof T & string]: [PlaceholdersOf<T[C]>] extends [never] ? C : never }[keyof T & string];

/** Longest param string sent with a code (the English text is made from the whole value). */
export const MAX_TEXT_PARAM = 200;

/** `{{name}}`, or `{{name, number}}` (i18next's format syntax, as the web app's locales write it). */
const PLACEHOLDER = /\{\{(\w+)(, number)?\}\}/g;
/** The server says its texts in English: digits grouped as English groups them (1,048,576). */
const ENGLISH_NUMBER = new Intl.NumberFormat('en');

/**
 * A quantity as the English of a coded text writes it, `{{name, number}}` rendered (2,048): for texts built
 * in code rather than from a template (the normalisers'), so they say what the web app's locales say.
 */
export function englishQuantity(value: number): string {
  return ENGLISH_NUMBER.format(value);
}

/** A template with its params filled in (a missing param stays as its placeholder, which tests catch). */
export function renderText(template: string, params: Readonly<TextParams>): string {
  return template.replace(PLACEHOLDER, (whole, name: string, asNumber: string | undefined) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = params[name]!;
    return asNumber && typeof value === 'number' ? englishQuantity(value) : String(value);
  });
}

/** Params as sent: strings cut to MAX_TEXT_PARAM characters (by code point), numbers as they are. */
export function boundParams(params: Readonly<TextParams>): TextParams {
  const out: TextParams = {};
  for (const [name, value] of Object.entries(params)) out[name] = typeof value === 'number' ? value : cutToCodePoints(value, MAX_TEXT_PARAM, '…');
  return out;
}

/** One thing said: its English text, its code and its bounded params. */
export interface Said<C extends string = string> {
  message: string;
  code: C;
  params: TextParams;
}

/** `say` and `has` over one catalogue of templates (declared `as const`, so each template's placeholders are known). */
export function textCatalogue<T extends Record<string, string>>(templates: T) {
  return {
    has: (code: string): code is keyof T & string => Object.hasOwn(templates, code),
    say<C extends keyof T & string>(code: C, ...args: ParamsArg<T[C]>): Said<C> {
      const values: TextParams = (args[0] as TextParams | undefined) ?? {};
      return { message: renderText(templates[code] as string, values), code, params: boundParams(values) };
    },
  };
}
