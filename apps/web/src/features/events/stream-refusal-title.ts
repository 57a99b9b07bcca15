import type { TFunction } from 'i18next';
import { ApiError, NETWORK_ERROR, UNREADABLE_RESPONSE } from '../../api/client';

/**
 * The heading of the live feed's refusal: that it is the feed that stopped, and why, in the reader's words.
 * The error's own heading ("Too many requests") is the API's, and beside "Not connected" does not say
 * which part of the page stopped nor what to do; the detail below it keeps the server's full sentence.
 */

type RefusalTitleKey =
  | 'events.refused.streamsFull'
  | 'events.refused.streamsFullOrganisation'
  | 'events.refused.signedOut'
  | 'events.refused.notPermitted'
  | 'events.refused.serverUnavailable'
  | 'events.refused.serverProblem'
  | 'events.refused.unreachable'
  | 'events.refused.other';

/**
 * Too many open streams (the stream route's 429, stream-slots.ts), told apart by its detail code: the
 * reader's own streams (tabs) are theirs to close, the organisation's are not.
 */
const BY_DETAIL_CODE: ReadonlyMap<string, RefusalTitleKey> = new Map<string, RefusalTitleKey>([
  ['refusal.event_streams_full_user', 'events.refused.streamsFull'],
  ['refusal.event_streams_full_key', 'events.refused.streamsFull'],
  ['refusal.event_streams_full_organisation', 'events.refused.streamsFullOrganisation'],
]);

/**
 * The route's other refusals: the credential no longer holds (401), the role may not read events (403),
 * a closing server (503, `request.server_closing`), a failure (500), no answer at all (the probe's network error).
 */
const BY_CODE: ReadonlyMap<string, RefusalTitleKey> = new Map<string, RefusalTitleKey>([
  ['unauthenticated', 'events.refused.signedOut'],
  ['session_expired', 'events.refused.signedOut'],
  ['forbidden', 'events.refused.notPermitted'],
  ['unavailable', 'events.refused.serverUnavailable'],
  ['internal', 'events.refused.serverProblem'],
  [NETWORK_ERROR, 'events.refused.unreachable'],
]);

/** The live feed's refusal heading for `error`; anything this route is not known to answer is "could not connect". */
export function streamRefusalTitle(t: TFunction, error: ApiError): string {
  const key =
    (error.detailCode === undefined ? undefined : BY_DETAIL_CODE.get(error.detailCode)) ??
    BY_CODE.get(error.code) ??
    // A proxy's 502 page is said by its message ("could not be read (HTTP 502)"), not as the server's failure.
    (error.status >= 500 && error.code !== UNREADABLE_RESPONSE ? 'events.refused.serverProblem' : 'events.refused.other');
  return t(key);
}
