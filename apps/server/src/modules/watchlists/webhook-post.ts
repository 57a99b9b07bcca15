import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isPublicAddress, NonPublicAddressError, publicOnlyLookup } from '../../platform/http/public-address.js';

/**
 * POSTs one webhook delivery and answers the receiver's status code (a redirect is an answer like any
 * other, never followed: it could point inside). With `publicOnly`, the connection goes only to public
 * addresses: an IP in the URL is checked here, a name where it is resolved (publicOnlyLookup), so a
 * registered name that resolves inside, then or later, is refused before any byte is sent.
 */
export function postWebhook(url: string, headers: Record<string, string>, body: string, options: { timeoutMs: number; publicOnly: boolean }): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const literal = target.hostname.replace(/^\[|\]$/g, '');
    if (options.publicOnly && isIP(literal) !== 0 && !isPublicAddress(literal)) {
      reject(new NonPublicAddressError(`${literal} is not a public address`));
      return;
    }
    const send = target.protocol === 'https:' ? https.request : http.request;
    const request = send(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      signal: AbortSignal.timeout(options.timeoutMs),
      ...(options.publicOnly ? { lookup: publicOnlyLookup } : {}),
    });
    request.on('error', reject);
    request.on('response', (response) => {
      // The answer's body is not read, only drained, so the connection is freed.
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.end(body);
  });
}
