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

const PATTERN_TEXTS: readonly [test: (pattern: string) => boolean, text: (pattern: string) => string][] = [
  [(p) => /^\^\(?[a-z0-9|-]+\)?--/.test(p), (p) => `must be a STIX identifier of type ${typesOf(p)} (<type>--<UUID>)`],
  [(p) => p.startsWith('T\\d{2}:\\d{2}:\\d{2}\\.\\d{3,}Z'), () => MILLIS_TIMESTAMP],
  [(p) => p.startsWith('T\\d{2}:\\d{2}:\\d{2}Z'), () => 'must be a timestamp in UTC to the second, without a fraction (e.g. 2026-01-31T12:00:00Z)'],
  // The OASIS timestamp, and the GPOS extension's `occurred_at`.
  [(p) => p.startsWith('^[0-9]{4}-(0[1-9]|1[012])-') || p.startsWith('^[0-9]{4}-[0-9]{2}-[0-9]{2}T'), () => TIMESTAMP],
  [(p) => p.startsWith('^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\\.){3}'), () => 'must be an IPv4 address, optionally with a CIDR suffix (e.g. 198.51.100.7 or 198.51.100.0/24)'],
  [(p) => p.includes('[0-9a-fA-F]{1,4}') || p.includes('[0-9A-Fa-f]{1,4}'), () => 'must be an IPv6 address, optionally with a CIDR suffix'],
  [(p) => /^\^\[a-fA-F0-9\]\{(\d+)\}\$$/.test(p), (p) => `must be ${/\{(\d+)\}/.exec(p)![1]} hexadecimal characters`],
  [(p) => p.startsWith('^([a-z][a-z0-9]*)+(-[a-z0-9]+)*'), () => 'must be lower-case letters and digits separated by single hyphens (e.g. x-acme-widget)'],
  [(p) => p.startsWith('^([A-Za-z0-9+/]{4})*'), () => 'must be base64'],
];

function typesOf(pattern: string): string {
  const types = /^\^\(?([a-z0-9|-]+?)\)?--/.exec(pattern)?.[1]?.split('|') ?? [];
  return types.length === 0 ? 'the right type' : types.join(' or ');
}

const FORMAT_TEXTS: Record<string, string> = {
  email: 'must be an e-mail address',
  'idn-email': 'must be an e-mail address',
  uri: 'must be an absolute URI (e.g. https://example.org/x)',
  'idn-hostname': 'must be a host name',
  hostname: 'must be a host name',
  'date-time': 'must be a date and time (RFC 3339, e.g. 2026-03-01T08:00:00.000Z)',
  ipv4: 'must be an IPv4 address',
  ipv6: 'must be an IPv6 address',
};

/** One Ajv error as the sentence an importer shows (without the path, the object's property `path` being where it is). */
export function schemaErrorText(error: Pick<ErrorObject, 'keyword' | 'message' | 'params'>, path = ''): string {
  if (error.keyword === 'pattern' && typeof error.params?.pattern === 'string') {
    const pattern = error.params.pattern as string;
    const known = PATTERN_TEXTS.find(([test]) => test(pattern));
    const text = known ? known[1](pattern) : 'is not in the form the STIX 2.1 schema requires for this property';
    return text === TIMESTAMP && MILLIS_FIELDS.has(path) ? MILLIS_TIMESTAMP : text;
  }
  if (error.keyword === 'additionalProperties') {
    return 'is not a property STIX 2.1 defines here, nor a custom one: custom property names are 3 to 250 lower-case letters, digits and underscores';
  }
  if (error.keyword === 'format' && typeof error.params?.format === 'string') {
    return FORMAT_TEXTS[error.params.format as string] ?? `must be in the ${error.params.format as string} format`;
  }
  const allowed = error.params && 'allowedValues' in error.params ? ` (${(error.params.allowedValues as unknown[]).slice(0, 5).join(', ')})` : '';
  return `${error.message ?? 'is not valid'}${allowed}`;
}
