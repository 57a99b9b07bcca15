import type { LookupResult, VisibleIndicator } from '@gpos/contracts';

type HiddenHit = NonNullable<LookupResult['hiddenHit']>;
type RelatedLookup = LookupResult['related'][number];

/**
 * The batch lookup answer as JSON. Response schemas are the output whitelist (see
 * platform/http/response-serializer.ts), and so is this: each result is copied field by field — exactly
 * the fields of `lookupResultSchema`, strings as strings — and JSON.stringify writes the copy (a miss,
 * the common result, is written from a template around its strings instead: `resultJson`). On an
 * answer of 1,000 results (~200 KB) that is cheaper than the compiled fast-json-stringify writer: it
 * skips the per-result anyOf checks of the nullable objects.
 *
 * The answer is written as UTF-8 bytes, a few dozen results per buffer write, straight into one
 * buffer. One JSON.stringify of the whole answer returns a rope of pieces that Node must flatten into one
 * string to measure it (Content-Length) and then encode it to send it; on ~200 KB those two steps cost
 * twice the stringify itself. The bytes are exactly those of `JSON.stringify({ results })` in UTF-8:
 * `{"results":[` + the results joined by `,` + `]}`. `lookup-json.test.ts` checks the output against
 * the contract's own stringifier.
 */
export function lookupBatchJson(answer: { results: readonly LookupResult[] }): string {
  return lookupBatchJsonBytes(answer).toString('utf8');
}

/** Results per buffer write: small enough to stay a short string, large enough to amortise the call. */
const CHUNK = 32;
const OPEN = '{"results":';
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;

export function lookupBatchJsonBytes(answer: { results: readonly LookupResult[] }): Buffer {
  const results = answer.results;
  if (results.length === 0) return Buffer.from('{"results":[]}', 'latin1');
  let buffer = Buffer.allocUnsafe(Math.max(1024, results.length * 256));
  let offset = buffer.write(OPEN, 0, 'latin1');
  for (let start = 0; start < results.length; start += CHUNK) {
    const end = Math.min(results.length, start + CHUNK);
    let json = '[';
    for (let i = start; i < end; i += 1) {
      if (i !== start) json += ',';
      json += resultJson(results[i]!);
    }
    json += ']';
    // `[r1,…,rn]`: after the first chunk, its `[` overwrites the previous chunk's `]` and becomes a comma.
    const at = start === 0 ? offset : offset - 1;
    // A UTF-16 unit is at most 3 bytes of UTF-8; room for the closing brace too.
    const needed = at + json.length * 3 + 1;
    if (needed > buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(buffer.length * 2, needed));
      buffer.copy(grown, 0, 0, offset);
      buffer = grown;
    }
    offset = at + buffer.write(json, at, 'utf8');
    if (start !== 0) buffer[at] = COMMA;
  }
  buffer[offset] = CLOSE_BRACE;
  return buffer.subarray(0, offset + 1);
}

/**
 * A single lookup's answer (`GET /lookup`): one result, written as each result of a batch is. The
 * compiled contract writer's per-field checks of the nullable objects were ~8% of the server's time on
 * found identifiers (profiled); this is the same bytes (`lookup-json.test.ts`).
 */
export function lookupResultJson(result: LookupResult): string {
  return resultJson(result);
}

/**
 * One result as JSON. Most results of a batch are misses — no error, no indicator, no hidden hit, and
 * related identifiers (a domain's or an e-mail's domain; phones, account numbers and wallets imply none)
 * that are misses too — and those are written from a template around their strings (each through
 * JSON.stringify, so escaping is the platform's): half the time of copying them into objects for
 * JSON.stringify (0.3–0.5 against 0.7 ms per 1,000, measured). The key order is the contract's, as
 * `resultFields` gives it.
 */
function resultJson(r: LookupResult): string {
  if (r.error !== null || r.indicator !== null || r.hiddenHit !== null) return JSON.stringify(resultFields(r));
  const related = r.related.length === 0 ? '[]' : relatedMissesJson(r.related);
  if (related === null) return JSON.stringify(resultFields(r));
  return `{"input":${JSON.stringify(String(r.input))},"type":${r.type === null ? 'null' : JSON.stringify(String(r.type))},"canonical":${
    r.canonical === null ? 'null' : JSON.stringify(String(r.canonical))
  },"error":null,"found":${r.found ? 'true' : 'false'},"indicator":null,"hiddenHit":null,"related":${related}}`;
}

/** Related entries with neither indicator nor hidden hit, from the template as `resultJson`; null when one has either. */
function relatedMissesJson(related: readonly RelatedLookup[]): string | null {
  let json = '[';
  for (let i = 0; i < related.length; i += 1) {
    const x = related[i]!;
    if (x.indicator !== null || x.hiddenHit !== null) return null;
    json += `${i === 0 ? '' : ','}{"type":${JSON.stringify(String(x.type))},"canonical":${JSON.stringify(String(x.canonical))},"found":${x.found ? 'true' : 'false'},"indicator":null,"hiddenHit":null}`;
  }
  return `${json}]`;
}

function resultFields(r: LookupResult) {
  return {
    input: String(r.input),
    type: r.type === null ? null : String(r.type),
    canonical: r.canonical === null ? null : String(r.canonical),
    error: r.error === null ? null : errorFields(r.error),
    found: Boolean(r.found),
    indicator: r.indicator === null ? null : indicatorFields(r.indicator),
    hiddenHit: r.hiddenHit === null ? null : hiddenHitFields(r.hiddenHit),
    related: r.related.map(relatedFields),
  };
}

/** A related identifier: the result's own lookup fields, in the contract's order. */
function relatedFields(r: RelatedLookup) {
  return {
    type: String(r.type),
    canonical: String(r.canonical),
    found: Boolean(r.found),
    indicator: r.indicator === null ? null : indicatorFields(r.indicator),
    hiddenHit: r.hiddenHit === null ? null : hiddenHitFields(r.hiddenHit),
  };
}

/** `code` and `params` are optional: absent, they are not written at all (as the contract writer does). */
function errorFields(e: NonNullable<LookupResult['error']>) {
  const copy: { field: string; reason: string; code?: string; params?: Record<string, string | number> } = { field: String(e.field), reason: String(e.reason) };
  if (e.code !== undefined) copy.code = String(e.code);
  if (e.params !== undefined) copy.params = paramRecord(e.params);
  return copy;
}

function paramRecord(record: Record<string, string | number>): Record<string, string | number> {
  const copy: Record<string, string | number> = {};
  for (const key of Object.keys(record)) {
    const value = record[key];
    copy[key] = typeof value === 'number' ? value : String(value);
  }
  return copy;
}

function indicatorFields(i: VisibleIndicator) {
  return {
    id: String(i.id),
    type: String(i.type),
    value: String(i.value),
    display: String(i.display),
    attributes: stringRecord(i.attributes),
    status: String(i.status),
    benign: Boolean(i.benign),
    widelyShared: Boolean(i.widelyShared),
    score: integer(i.score),
    reports: integer(i.reports),
    organisations: integer(i.organisations),
    countries: i.countries.map(String),
    scamTypes: i.scamTypes.map(String),
    roles: i.roles.map(String),
    lossUsd: integer(i.lossUsd),
    firstSeen: i.firstSeen === null ? null : String(i.firstSeen),
    lastSeen: i.lastSeen === null ? null : String(i.lastSeen),
  };
}

function hiddenHitFields(h: HiddenHit) {
  return {
    holders: h.holders.map((holder) => ({ organisationType: String(holder.organisationType), country: String(holder.country) })),
    accessRequest: { method: String(h.accessRequest.method), href: String(h.accessRequest.href) },
  };
}

function stringRecord(record: Record<string, string>): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const key of Object.keys(record)) copy[key] = String(record[key]);
  return copy;
}

/**
 * Every integer of the answer sits in a nullable object, which the compiled writer validates as a whole
 * before writing it: anything but an integer fails the response there, and here.
 */
function integer(value: number): number {
  if (!Number.isInteger(value)) throw new Error(`The value "${String(value)}" is not an integer.`);
  return value;
}
