import { TAXII_MEDIA_TYPE } from '../taxii/index.js';
import { cutToUtf16Units } from '../../platform/cut-text.js';

/**
 * A small TAXII 2.1 client over Node's fetch (undici): every request has a timeout, and a response body
 * larger than the bound is cut off and refused rather than buffered. The API key goes as Bearer, or as
 * HTTP Basic when it has the form `user:password` (what most other TAXII servers expect).
 */
export interface TaxiiClientOptions {
  apiKey: string;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface TaxiiResponse<T> {
  body: T;
  headers: Headers;
}

export class TaxiiClientError extends Error {}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Why a fetch got no answer, in words an operator can act on: undici says only "fetch failed" and keeps the
 * reason in `cause` (`connect ECONNREFUSED 127.0.0.1:8099`, `getaddrinfo ENOTFOUND …`, a TLS error), which
 * the peer's last error dropped (federation review, session 59). A timeout says so.
 */
function fetchFailure(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'no answer in time (timed out)';
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error ? error.cause : undefined;
  const said = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : '';
  return said && !message.includes(said) ? `${message} (${said})` : message;
}

export function createTaxiiClient(options: TaxiiClientOptions) {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const authorization = options.apiKey.includes(':') ? `Basic ${Buffer.from(options.apiKey).toString('base64')}` : `Bearer ${options.apiKey}`;

  async function get<T>(url: string, query: Record<string, string | undefined> = {}): Promise<TaxiiResponse<T>> {
    const target = new URL(url);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) target.searchParams.set(k, v);
    let response: Response;
    try {
      response = await fetch(target, { headers: { accept: TAXII_MEDIA_TYPE, authorization }, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new TaxiiClientError(`GET ${target.origin}${target.pathname}: ${withoutUrlSecrets(fetchFailure(error), target)}`);
    }
    const text = await boundedText(response, maxBytes, target);
    if (!response.ok) {
      let detail = cutToUtf16Units(text, 300);
      try {
        const e = JSON.parse(text) as { title?: string; description?: string };
        if (e.title) detail = cutToUtf16Units(`${e.title}${e.description ? `: ${e.description}` : ''}`, 300);
      } catch {
        // not a TAXII error resource; the start of the body is the detail
      }
      throw new TaxiiClientError(`GET ${target.origin}${target.pathname} answered ${response.status}: ${detail}`);
    }
    try {
      return { body: JSON.parse(text) as T, headers: response.headers };
    } catch {
      throw new TaxiiClientError(`GET ${target.origin}${target.pathname}: the answer is not JSON`);
    }
  }

  return { get };
}

async function boundedText(response: Response, maxBytes: number, target: URL): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new TaxiiClientError(`GET ${target.origin}${target.pathname}: the answer (${declared} bytes) is larger than the ${maxBytes}-byte limit`);
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new TaxiiClientError(`GET ${target.origin}${target.pathname}: the answer is larger than the ${maxBytes}-byte limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export type TaxiiClient = ReturnType<typeof createTaxiiClient>;

/**
 * A fetch error's message as kept (the peer's last error, the sync's answer): undici repeats the whole URL
 * in some (`…includes credentials: https://user:pw@host/?token=…`), and its query or user name and password
 * may be secrets. The URL is written as origin and path, as the client's own messages write it.
 */
function withoutUrlSecrets(message: string, target: URL): string {
  return message.split(target.href).join(`${target.origin}${target.pathname}`).replace(/\/\/[^\s/@]*@/g, '//');
}
