import type { LookupResult, VisibleIndicator } from '@gpos/contracts';

type HiddenHit = NonNullable<LookupResult['hiddenHit']>;

/**
 * The batch lookup answer as JSON. Response schemas are the output whitelist (see
 * platform/http/response-serializer.ts), and so is this: each result is copied field by field — exactly
 * the fields of `lookupResultSchema`, strings as strings — and JSON.stringify writes the copy. On an
 * answer of 1,000 results (~200 KB) that is cheaper than the compiled fast-json-stringify writer: it
 * skips the per-result anyOf checks of the nullable objects, and it builds one flat string, where the
 * writer's concatenations must be flattened again before Node can measure and send the body.
 * `lookup-json.test.ts` checks the output against the contract's own stringifier.
 */
export function lookupBatchJson(answer: { results: readonly LookupResult[] }): string {
  const results = new Array<unknown>(answer.results.length);
  for (let i = 0; i < answer.results.length; i += 1) results[i] = resultFields(answer.results[i]!);
  return JSON.stringify({ results });
}

function resultFields(r: LookupResult) {
  return {
    input: String(r.input),
    type: r.type === null ? null : String(r.type),
    canonical: r.canonical === null ? null : String(r.canonical),
    error: r.error === null ? null : { field: String(r.error.field), reason: String(r.error.reason) },
    found: Boolean(r.found),
    indicator: r.indicator === null ? null : indicatorFields(r.indicator),
    hiddenHit: r.hiddenHit === null ? null : hiddenHitFields(r.hiddenHit),
  };
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
