import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, buildUrl, normaliseFieldPath, onUnauthenticated, postForStream, readJson, setCsrfToken, whyStreamRefused } from './client';

function respond(status: number, body: unknown, contentType = 'application/problem+json') {
  return vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': contentType } }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('api client', () => {
  it('turns problem+json into an ApiError with status, code, detail and field errors', async () => {
    vi.stubGlobal(
      'fetch',
      respond(400, {
        type: 'https://gpos.example/problems/validation-failed',
        title: 'Validation failed',
        status: 400,
        code: 'validation_failed',
        detail: 'body.email: must be an email address',
        requestId: 'req-1',
        errors: [
          { path: 'body.email', message: 'must be an email address' },
          { path: 'memberOrganisationIds.2', message: 'unknown organisation' },
          { path: 'body.indicators.0.value', message: '"+66999" is too short', code: 'phone.too_short_for_region', params: { value: '"+66999"', region: 'TH', bad: { nested: true } } },
        ],
      }),
    );
    const error = await api.post('/users', { email: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.code).toBe('validation_failed');
    expect(apiError.detail).toBe('body.email: must be an email address');
    expect(apiError.requestId).toBe('req-1');
    expect(apiError.fieldError('email')).toBe('must be an email address');
    expect(apiError.fieldError('memberOrganisationIds')).toBe('unknown organisation');
    expect(apiError.fieldError('password')).toBeUndefined();
    // A refused identifier's code and params are kept (values of other shapes dropped) for translation.
    expect(apiError.fieldErrorEntry('indicators.0')).toEqual({ path: 'indicators.0.value', message: '"+66999" is too short', code: 'phone.too_short_for_region', params: { value: '"+66999"', region: 'TH' } });
    expect(apiError.fieldErrorEntry('email')).toEqual({ path: 'email', message: 'must be an email address' });
  });

  it('keeps a refused STIX bundle’s counts, sent as members of the problem', async () => {
    const id = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
    vi.stubGlobal('fetch', respond(400, { status: 400, code: 'validation_failed', detail: 'x', errors: [], rejectedObjects: 2, totalObjects: 5, firstRejected: { index: 3, id } }));
    expect(((await api.post('/stix/bundles', {}).catch((e: unknown) => e)) as ApiError).stixRefusal).toEqual({ rejectedObjects: 2, totalObjects: 5, firstRejected: { index: 3, id } });
    // An object without an id; and none at all from a problem that lacks a member.
    vi.stubGlobal('fetch', respond(400, { status: 400, code: 'validation_failed', rejectedObjects: 1, totalObjects: 1, firstRejected: { index: 0, id: null } }));
    expect(((await api.post('/stix/bundles', {}).catch((e: unknown) => e)) as ApiError).stixRefusal).toEqual({ rejectedObjects: 1, totalObjects: 1, firstRejected: { index: 0, id: null } });
    vi.stubGlobal('fetch', respond(400, { status: 400, code: 'validation_failed', rejectedObjects: 1, firstRejected: { index: 0, id: null } }));
    expect(((await api.post('/stix/bundles', {}).catch((e: unknown) => e)) as ApiError).stixRefusal).toBeUndefined();
  });

  it('reads a malformed id in the path as not found, not as a form’s field errors', async () => {
    vi.stubGlobal('fetch', respond(400, { status: 400, code: 'validation_failed', detail: 'params.id: Invalid UUID', requestId: 'req-2', errors: [{ path: 'params.id', message: 'Invalid UUID', code: 'validation.invalid_format' }] }));
    const error = (await api.get('/reports/not-a-real-id').catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status: 404, code: 'not_found', fieldErrors: [], requestId: 'req-2' });
    // A body's error stays what it is.
    vi.stubGlobal('fetch', respond(400, { status: 400, code: 'validation_failed', errors: [{ path: 'params.id', message: 'x' }, { path: 'body.name', message: 'y' }] }));
    expect(await api.post('/x', {}).catch((e: unknown) => e)).toMatchObject({ status: 400, code: 'validation_failed' });
  });

  it('survives a non-JSON error body: a proxy’s HTML page is an unreadable answer with its status', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })));
    const error = (await api.get('/organisations').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(502);
    expect(error.code).toBe('unreadable_response');
  });

  // A body that is not the JSON it should be: the browser's parser error ("Unexpected token '<'…",
  // "JSON.parse: unexpected character…") must never reach the page, which speaks the UI's language.
  describe.each([
    ['an HTML page with 200 (a proxy or SPA fallback)', 200, '<!doctype html><html><body>Login</body></html>', 'text/html'],
    ['a cut-off JSON body', 200, '{"items":[{"id":"a"', 'application/json'],
    ['an empty body with 200', 200, '', 'application/json'],
    ['an HTML 502 from a proxy', 502, '<html><head><title>502 Bad Gateway</title></head></html>', 'text/html'],
    ['an empty 504', 504, '', 'text/plain'],
    ['an HTML 413 from a proxy', 413, '<html><body>413 Request Entity Too Large</body></html>', 'text/html'],
    ['a JSON error body that is no problem object', 500, '"oops"', 'application/json'],
  ])('an unreadable answer: %s', (_name, status, body, contentType) => {
    it('is a coded ApiError with the HTTP status, without the parser’s text', async () => {
      vi.stubGlobal('fetch', vi.fn(async () => new Response(body, { status, headers: { 'content-type': contentType } })));
      const error = (await api.get('/reports').catch((e: unknown) => e)) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status, code: 'unreadable_response', fieldErrors: [] });
      expect(error.message).not.toMatch(/JSON|token|Unexpected/i);
    });
  });

  it('keeps a 401’s status when its body is no problem+json, so an ended session still sends the user to sign in', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('Unauthorized', { status: 401 })));
    expect(await api.get('/auth/me').catch((e: unknown) => e)).toMatchObject({ status: 401, code: 'unreadable_response' });
  });

  it('reports a network failure as status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const error = (await api.get('/auth/me').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(0);
    expect(error.code).toBe('network_error');
  });

  it('reports a connection lost while the body is read as a network failure, not the stream’s TypeError', async () => {
    const body = new ReadableStream({ start: (controller) => controller.error(new TypeError('network error')) });
    vi.stubGlobal('fetch', vi.fn(async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })));
    expect(await api.get('/reports').catch((e: unknown) => e)).toMatchObject({ status: 0, code: 'network_error' });
  });

  it('lets an abort through as the AbortError it is', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new DOMException('The operation was aborted.', 'AbortError'))));
    const error = await api.get('/reports').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('reads the answer of a streamed write (import) the same way', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>Gateway Timeout</html>', { status: 200 })));
    const response = await postForStream('/misp/events', new Blob(['{}']), 'application/json');
    expect(await readJson(response).catch((e: unknown) => e)).toMatchObject({ status: 200, code: 'unreadable_response' });
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    expect(await postForStream('/reports/bulk', new Blob(['x']), 'text/csv').catch((e: unknown) => e)).toMatchObject({ status: 0, code: 'network_error' });
  });

  it('sends the CSRF token and JSON content type on writes, same-origin credentials always', async () => {
    const fetchMock = respond(200, { ok: true }, 'application/json');
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('tok-123');
    await api.patch('/auth/me', { locale: 'th' });
    await api.get('/organisations', { q: 'bank', type: undefined, limit: 50 });
    const [writeUrl, write] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    const [readUrl, read] = fetchMock.mock.calls[1] as unknown as [string, RequestInit];
    expect(writeUrl).toBe('/api/v1/auth/me');
    expect(write.method).toBe('PATCH');
    expect(write.credentials).toBe('same-origin');
    expect((write.headers as Record<string, string>)['x-csrf-token']).toBe('tok-123');
    expect((write.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(write.body).toBe('{"locale":"th"}');
    expect(readUrl).toBe('/api/v1/organisations?q=bank&limit=50');
    expect(read.credentials).toBe('same-origin');
    expect((read.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
  });

  it('returns undefined for 204 No Content', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })));
    await expect(api.delete('/api-keys/abc')).resolves.toBeUndefined();
  });

  it('builds query strings without empty values and normalises field paths', () => {
    expect(buildUrl('/audit-events', { action: '', from: undefined, cursor: null, limit: 10 })).toBe('/api/v1/audit-events?limit=10');
    expect(normaliseFieldPath('body.name')).toBe('name');
    expect(normaliseFieldPath('/body/scopes/0')).toBe('scopes.0');
    expect(normaliseFieldPath('country')).toBe('country');
  });

  it('carries the idle limit of a session that ended unused (401 session_expired), and only a whole number of minutes', async () => {
    vi.stubGlobal('fetch', respond(401, { type: 'https://gpos.example/problems/session-expired', title: 'Session expired', status: 401, code: 'session_expired', detail: 'You were signed out after 30 minutes without activity; sign in again', idleMinutes: 30 }));
    const error = (await api.get('/auth/me').catch((e: unknown) => e)) as ApiError;
    expect([error.status, error.code, error.idleMinutes]).toEqual([401, 'session_expired', 30]);
    vi.stubGlobal('fetch', respond(401, { title: 'Session expired', status: 401, code: 'session_expired', idleMinutes: '30' }));
    expect(((await api.get('/auth/me').catch((e: unknown) => e)) as ApiError).idleMinutes).toBeUndefined();
  });

  it('marks a polled GET as the page’s own doing (x-gpos-background), and no other request', async () => {
    const fetchMock = respond(200, { items: [], nextCursor: null }, 'application/json');
    vi.stubGlobal('fetch', fetchMock);
    await api.poll('/webhooks');
    await api.get('/webhooks');
    const headersOf = (call: number) => (fetchMock.mock.calls[call] as unknown as [string, RequestInit])[1].headers as Record<string, string>;
    expect(headersOf(0)['x-gpos-background']).toBe('1');
    expect(headersOf(1)['x-gpos-background']).toBeUndefined();
  });
});

describe('whyStreamRefused: the answer an EventSource cannot read', () => {
  afterEach(() => onUnauthenticated(null));

  it('reads a refusal as the ApiError with its retry-after, asking with the cookie for an event stream', async () => {
    const fetchMock = vi.fn(
      async () =>
        new Response(JSON.stringify({ status: 429, code: 'rate_limited', title: 'Too many requests', detail: 'you have 10 event streams open already', detailCode: 'refusal.event_streams_full_user', detailParams: { limit: 10 } }), {
          status: 429,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '30' },
        }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const refusal = await whyStreamRefused('/events', new AbortController());
    expect(refusal?.retryAfter).toBe('30');
    expect([refusal?.error.status, refusal?.error.code, refusal?.error.detailCode, refusal?.error.detailParams]).toEqual([429, 'rate_limited', 'refusal.event_streams_full_user', { limit: 10 }]);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect([url, init.credentials, (init.headers as Record<string, string>).accept]).toEqual(['/api/v1/events', 'include', 'text/event-stream']);
  });

  it('never keeps a stream that opens: aborts it at once and answers null', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(new ReadableStream(), { status: 200, headers: { 'content-type': 'text/event-stream' } })));
    const controller = new AbortController();
    expect(await whyStreamRefused('/events', controller)).toBeNull();
    expect(controller.signal.aborted).toBe(true);
  });

  it('a 401 goes through the app’s signed-out handling; no answer at all is the coded network error', async () => {
    const signedOut = vi.fn();
    onUnauthenticated(signedOut);
    vi.stubGlobal('fetch', respond(401, { status: 401, code: 'unauthenticated', title: 'Sign in' }));
    expect((await whyStreamRefused('/events', new AbortController()))?.error.status).toBe(401);
    expect(signedOut).toHaveBeenCalledTimes(1);
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    expect((await whyStreamRefused('/events', new AbortController()))?.error.code).toBe('network_error');
    expect(signedOut).toHaveBeenCalledTimes(1);
  });

  it('rejects when aborted (the feed closed meanwhile)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new DOMException('The operation was aborted.', 'AbortError'))));
    await expect(whyStreamRefused('/events', new AbortController())).rejects.toMatchObject({ name: 'AbortError' });
  });
});
