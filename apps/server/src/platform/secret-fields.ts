/**
 * Which request fields hold a credential, by name: the log redacts them wherever they appear (app.ts) and
 * no refusal quotes what was sent in them (http/validation-errors.ts), so a password typed into the wrong
 * field is never echoed back or written down.
 *
 * SECRET_FIELDS are the credentials the API's schemas take (@gpos/contracts): a sign-in's and a new user's
 * `password`, a password change's `currentPassword` and `newPassword`, a federation peer's `apiKey`, and
 * `secret` (the name the API answers a new key's or webhook's secret under, which a client may send back).
 * Beyond them, any name that reads like a credential counts (SECRET_NAME, conservative: `csrfToken`,
 * `api_key`, `x-signature`, a lone `key`), so a field added later is covered before anyone lists it. Not
 * `apiKeyId` or `apiKeyPrefix`: they name a key, they are not one.
 */
export const SECRET_FIELDS = ['password', 'currentPassword', 'newPassword', 'apiKey', 'secret'] as const;

/** A credential's name, with case, `_` and `-` ignored: ends in one of these words, or is `key`. */
const SECRET_NAME = /(?:password|passwd|passphrase|secret|token|apikey|authorization|cookie|signature|credentials?|otp|privatekey)$|^key$/;
const EXPLICIT: ReadonlySet<string> = new Set(SECRET_FIELDS.map((name) => name.toLowerCase()));

export function isSecretName(name: string): boolean {
  const plain = name.toLowerCase().replace(/[-_\s]/g, '');
  return EXPLICIT.has(plain) || SECRET_NAME.test(plain);
}

/** Whether a field at `path` (its segments) is, or is inside, a secret one: `peer.apiKey`, `auth.token.value`. */
export function isSecretPath(path: readonly string[]): boolean {
  return path.some(isSecretName);
}

/**
 * Fields that hold an address the server will call with what it shares: a webhook's `url`, a federation
 * peer's `url` and `apiRoot`. Their path or query may be the receiver's credential (a chat service's
 * `/services/T…/B…/<token>`, `?token=`), so a refusal quotes such an address up to its host only (endpointShown).
 */
const ENDPOINT_NAME = /^(?:url|apiroot)$/;

export function isEndpointPath(path: readonly string[]): boolean {
  const last = path.at(-1);
  return last !== undefined && ENDPOINT_NAME.test(last.toLowerCase());
}

/** Its scheme and host (any user name and password left out), then `/…` when more followed. */
const AUTHORITY = /^((?:[a-z][a-z0-9+.-]*:)?\/\/)?(?:[^/?#@]*@)?([^/?#@]*)/i;

/** An endpoint as a refusal may quote it: `https://hooks.example/…` of `https://hooks.example/services/T0/B0/secret`. */
export function endpointShown(address: string): string {
  const [head = '', scheme = '', host = ''] = AUTHORITY.exec(address) ?? [];
  return `${scheme}${host}${head.length < address.length ? '/…' : ''}`;
}
