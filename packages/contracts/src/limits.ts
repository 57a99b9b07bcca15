/**
 * Every string and array that crosses the API has a bound; they live here so the web app's forms and the
 * server's validation cannot drift apart.
 */
export const LIMITS = {
  shortText: 120,
  name: 200,
  email: 254,
  // The longest ISO 8601 date-time worth reading: nanoseconds and an offset, 2026-01-31T23:59:59.123456789+07:00.
  dateTime: 35,
  description: 2000,
  passwordMin: 12,
  passwordMax: 256,
  searchText: 200,
  pageSizeDefault: 50,
  pageSizeMax: 200,
  cursor: 512,
  recipients: 200,
  communityMembers: 500,
  apiKeyScopes: 3,
  requestBodyBytes: 1_048_576,
  indicatorValue: 2048,
  indicatorsPerReport: 100,
  narrative: 20_000,
  lookupBatch: 1000,
  // Per organisation: every ingest matches all watchlists, and every event goes to every webhook (with
  // retries), so neither may grow without bound; their lists are answered whole, within these.
  watchlistsPerOrganisation: 1000,
  webhooksPerOrganisation: 10,
  // Attempts at one webhook delivery before it is given up: backoff 10 s, 20 s, 40 s … then hourly, so the
  // last comes about 24 hours after the first and a receiver down for a day's maintenance loses nothing.
  webhookDeliveryAttempts: 33,
  // A webhook's withdrawn deliveries are counted up to this many (GET /webhooks): they are kept forever and
  // only grow, so the count reads at most this many index entries a webhook; at it, it means "this many or more".
  webhookWithdrawnCounted: 1000,
  // WebGL stays responsive at 5,000 nodes; beyond that the explorer expands around a node instead.
  networkGraphNodes: 5000,
  // A value a refusal quotes (the server's quote-text.ts): at most quoteChars characters of it, as a JSON
  // string whose escapes make each character at most twelve (`\uDB40\uDC67`), within quotedText.
  quoteChars: 60,
  quotedText: 2 + 12 * 60,
  // A refusal as the server words it (a problem's `detail`, a field error's `message`: the longest, an
  // importer's, are a few hundred characters plus one quote), and a field's path (`indicators.3.value`; a
  // key the sender chose is cut at quoteChars). The server cuts to these, so a client may rely on them.
  errorText: 4000,
  errorPath: 500,
  // The field errors one refusal lists (a problem's, a bulk line's): one for each item of the largest batch,
  // then one that counts the rest (`refusal.more_errors`). A line of 90,000 unknown keys had 90,000.
  fieldErrors: 1000,
  // A problem's `instance`: the request's path, which the HTTP parser already caps at its header limit.
  errorInstance: 2048,
} as const;
