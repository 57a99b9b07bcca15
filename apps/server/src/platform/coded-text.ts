/**
 * Texts with stable codes, for what an importer says about the objects it did not take (the STIX
 * importer's reasons, the MISP importer's skip messages): a catalogue of codes → English templates with
 * `{{param}}` placeholders. The server sends the English (filled from the whole params, so clients that
 * read only the text see what they always saw), the code, and the params bounded; a client says the same
 * in its reader's language from its own locale files under the same keys. The compiler checks that each
 * call passes exactly the params its template names.
 */
import { cutToCodePoints } from './cut-text.js';

export type TextParams = Record<string, string | number>;

/** The names of the `{{placeholders}}` of a template, as a type. */
export type PlaceholdersOf<T extends string> = T extends `${string}{{${infer Name}}}${infer Rest}` ? Name | PlaceholdersOf<Rest> : never;
/** No argument for a text without placeholders; otherwise an object with exactly its params. */
export type ParamsArg<T extends string> = [PlaceholdersOf<T>] extends [never] ? [] : [params: Record<PlaceholdersOf<T>, string | number>];
/** The codes of a catalogue whose text has no placeholders. */
export type PlainCode<T extends Record<string, string>> = { [C in keyof T & string]: [PlaceholdersOf<T[C]>] extends [never] ? C : never }[keyof T & string];

/** Longest param string sent with a code (the English text is made from the whole value). */
export const MAX_TEXT_PARAM = 200;

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** A template with its params filled in (a missing param stays as its placeholder, which tests catch). */
export function renderText(template: string, params: Readonly<TextParams>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
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
