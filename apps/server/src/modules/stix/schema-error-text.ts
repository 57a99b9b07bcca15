import type { ErrorObject } from 'ajv';

/**
 * Ajv's English for a failed `pattern` or `format` is the regular expression itself ("must match pattern
 * "^(([0-9]|[1-9][0-9]|…"), which tells a person sending a bundle nothing. The OASIS schemas use a few
 * patterns for the same few things (ids, timestamps, addresses, hashes, type names); each is said here
 * as what it asks for. A pattern not recognised is said as a property not in its required form.
 */
/**
 * STIX timestamps (`created`, `modified`, `valid_from`, `first_seen`…): RFC 3339 in UTC, ending in Z. Every
 * object's `created` and `modified` must give milliseconds too (the OASIS core schema checks that second,
 * so a malformed one is said with the milliseconds at once, rather than fixed twice).
 */
const TIMESTAMP = 'must be a timestamp in UTC (e.g. 2026-01-31T12:00:00Z)';
const MILLIS_TIMESTAMP = 'must be a timestamp in UTC to the millisecond (e.g. 2026-01-31T12:00:00.000Z)';
const MILLIS_FIELDS: ReadonlySet<string> = new Set(['created', 'modified']);

/**
 * One schema error as said: its English, and — for the texts written here — a code (`<name>`, the web's
 * `interop.stixSchema.<name>`) with the params the text names, so a client can say it in its reader's
 * language. Ajv's own English (a keyword not rewritten here) has no code.
 */
export interface SchemaSaid {
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

const said = (code: string, message: string, params?: Record<string, string | number>): SchemaSaid => ({ message, code, ...(params ? { params } : {}) });

const PATTERN_TEXTS: readonly [test: (pattern: string) => boolean, text: (pattern: string) => SchemaSaid][] = [
  [(p) => /^\^\(?[a-z0-9|-]+\)?--/.test(p), (p) => said('stix_id', `must be a STIX identifier of type ${typesOf(p)} (<type>--<UUID>)`, { types: typesOf(p) })],
  [(p) => p.startsWith('T\\d{2}:\\d{2}:\\d{2}\\.\\d{3,}Z'), () => said('millis_timestamp', MILLIS_TIMESTAMP)],
  [(p) => p.startsWith('T\\d{2}:\\d{2}:\\d{2}Z'), () => said('second_timestamp', 'must be a timestamp in UTC to the second, without a fraction (e.g. 2026-01-31T12:00:00Z)')],
  // The OASIS timestamp, and the GPOS extension's `occurred_at`.
  [(p) => p.startsWith('^[0-9]{4}-(0[1-9]|1[012])-') || p.startsWith('^[0-9]{4}-[0-9]{2}-[0-9]{2}T'), () => said('timestamp', TIMESTAMP)],
  [(p) => p.startsWith('^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\\.){3}'), () => said('ipv4_cidr', 'must be an IPv4 address, optionally with a CIDR suffix (e.g. 198.51.100.7 or 198.51.100.0/24)')],
  [(p) => p.includes('[0-9a-fA-F]{1,4}') || p.includes('[0-9A-Fa-f]{1,4}'), () => said('ipv6_cidr', 'must be an IPv6 address, optionally with a CIDR suffix')],
  [(p) => /^\^\[a-fA-F0-9\]\{(\d+)\}\$$/.test(p), (p) => said('hex', `must be ${/\{(\d+)\}/.exec(p)![1]} hexadecimal characters`, { count: Number(/\{(\d+)\}/.exec(p)![1]) })],
  [(p) => p.startsWith('^([a-z][a-z0-9]*)+(-[a-z0-9]+)*'), () => said('type_name', 'must be lower-case letters and digits separated by single hyphens (e.g. x-acme-widget)')],
  [(p) => p.startsWith('^([A-Za-z0-9+/]{4})*'), () => said('base64', 'must be base64')],
];

function typesOf(pattern: string): string {
  const types = /^\^\(?([a-z0-9|-]+?)\)?--/.exec(pattern)?.[1]?.split('|') ?? [];
  return types.length === 0 ? 'the right type' : types.join(' or ');
}

const FORMAT_TEXTS: Record<string, SchemaSaid> = {
  email: said('email', 'must be an e-mail address'),
  'idn-email': said('email', 'must be an e-mail address'),
  uri: said('uri', 'must be an absolute URI (e.g. https://example.org/x)'),
  'idn-hostname': said('hostname', 'must be a host name'),
  hostname: said('hostname', 'must be a host name'),
  'date-time': said('date_time', 'must be a date and time (RFC 3339, e.g. 2026-03-01T08:00:00.000Z)'),
  ipv4: said('ipv4', 'must be an IPv4 address'),
  ipv6: said('ipv6', 'must be an IPv6 address'),
};

/** The codes schemaErrorSaid can give (the web's `interop.stixSchema.*`; a test checks each has a Thai text). */
export const STIX_SCHEMA_TEXT_CODES = [
  'stix_id', 'millis_timestamp', 'second_timestamp', 'timestamp', 'ipv4_cidr', 'ipv6_cidr', 'hex', 'type_name', 'base64',
  'not_in_form', 'not_defined', 'email', 'uri', 'hostname', 'date_time', 'ipv4', 'ipv6',
] as const;

/** One Ajv error as the sentence an importer shows (without the path, the object's property `path` being where it is). */
export function schemaErrorText(error: Pick<ErrorObject, 'keyword' | 'message' | 'params'>, path = ''): string {
  return schemaErrorSaid(error, path).message;
}

/** schemaErrorText with its code and params, where it has them. */
export function schemaErrorSaid(error: Pick<ErrorObject, 'keyword' | 'message' | 'params'>, path = ''): SchemaSaid {
  if (error.keyword === 'pattern' && typeof error.params?.pattern === 'string') {
    const pattern = error.params.pattern as string;
    const known = PATTERN_TEXTS.find(([test]) => test(pattern));
    const text = known ? known[1](pattern) : said('not_in_form', 'is not in the form the STIX 2.1 schema requires for this property');
    return text.code === 'timestamp' && MILLIS_FIELDS.has(path) ? said('millis_timestamp', MILLIS_TIMESTAMP) : text;
  }
  if (error.keyword === 'additionalProperties') {
    return said('not_defined', 'is not a property STIX 2.1 defines here, nor a custom one: custom property names are 3 to 250 lower-case letters, digits and underscores');
  }
  if (error.keyword === 'format' && typeof error.params?.format === 'string') {
    return FORMAT_TEXTS[error.params.format as string] ?? { message: `must be in the ${error.params.format as string} format` };
  }
  const allowed = error.params && 'allowedValues' in error.params ? ` (${(error.params.allowedValues as unknown[]).slice(0, 5).join(', ')})` : '';
  return { message: `${error.message ?? 'is not valid'}${allowed}` };
}

/**
 * A schema error's text said with its code (`params.messageCode`, the web's `interop.stixSchema.<code>`)
 * and that text's params (`message.<name>`), as the MISP importer passes a normaliser's reason: a client
 * then says `{{message}}` in its reader's language too. As it is for Ajv's own English, which has no code.
 */
export function withSchemaText<T extends { params?: Record<string, string | number> | undefined }>(said: T, error: { said?: Omit<SchemaSaid, 'message'> | undefined }): T {
  if (!error.said?.code) return said;
  const params: Record<string, string | number> = { ...said.params, messageCode: error.said.code };
  for (const [name, value] of Object.entries(error.said.params ?? {})) params[`message.${name}`] = value;
  return { ...said, params };
}
