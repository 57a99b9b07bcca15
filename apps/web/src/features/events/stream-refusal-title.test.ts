import i18n from 'i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError, whyStreamRefused } from '../../api/client';
import en from '../../i18n/locales/en.json';
import th from '../../i18n/locales/th.json';
import { streamRefusalTitle } from './stream-refusal-title';

beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

afterEach(() => vi.unstubAllGlobals());

/** The stream route's refusal as the server answers it (problem+json), read as the feed reads it: by the probe. */
async function heading(lng: 'en' | 'th', status: number, problem: Record<string, unknown>): Promise<string> {
  await i18n.changeLanguage(lng);
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ type: 'about:blank', title: 'x', status, ...problem }), { status, headers: { 'content-type': 'application/problem+json' } })));
  const refusal = await whyStreamRefused('/events', new AbortController());
  if (!refusal) throw new Error('the probe found the stream open');
  return streamRefusalTitle(i18n.t, refusal.error);
}

const streamsFull = (scope: 'user' | 'key' | 'organisation') => ({
  code: 'rate_limited',
  detail: 'you have 10 event streams open already, the most allowed: close one (a browser tab, a worker) before opening another',
  detailCode: `refusal.event_streams_full_${scope}`,
  detailParams: { limit: scope === 'organisation' ? 100 : 10 },
});

describe('streamRefusalTitle: the live feed’s refusal says the feed stopped, and why', () => {
  it('too many streams of one’s own (tabs, or a key’s workers): the feed is paused, too many are open', async () => {
    expect(await heading('en', 429, streamsFull('user'))).toBe('The live feed is paused: too many feeds are open');
    expect(await heading('en', 429, streamsFull('key'))).toBe('The live feed is paused: too many feeds are open');
    expect(await heading('th', 429, streamsFull('user'))).toBe('ฟีดสดหยุดชั่วคราว: มีฟีดเปิดอยู่มากเกินไป');
  });

  it('too many of the organisation’s: said as the organisation’s, which the reader may not close', async () => {
    expect(await heading('en', 429, streamsFull('organisation'))).toBe('The live feed is paused: your organisation has too many feeds open');
    expect(await heading('th', 429, streamsFull('organisation'))).toBe('ฟีดสดหยุดชั่วคราว: องค์กรของคุณเปิดฟีดไว้มากเกินไป');
  });

  it('the route’s other refusals, each by its code', async () => {
    const cases: [number, string, string, string][] = [
      [401, 'unauthenticated', 'The live feed stopped: your session has ended', 'ฟีดสดหยุดแล้ว: เซสชันของคุณหมดอายุแล้ว'],
      [401, 'session_expired', 'The live feed stopped: your session has ended', 'ฟีดสดหยุดแล้ว: เซสชันของคุณหมดอายุแล้ว'],
      [403, 'forbidden', "The live feed is off: your account may not see your organisation's events", 'ฟีดสดปิดอยู่: บัญชีของคุณไม่มีสิทธิ์ดูเหตุการณ์ขององค์กร'],
      [503, 'unavailable', 'The live feed is paused: the server is not available just now', 'ฟีดสดหยุดชั่วคราว: เซิร์ฟเวอร์ยังไม่พร้อมใช้งานในขณะนี้'],
      [500, 'internal', 'The live feed could not connect: the server ran into a problem', 'ฟีดสดเชื่อมต่อไม่ได้: เซิร์ฟเวอร์เกิดปัญหา'],
    ];
    for (const [status, code, english, thai] of cases) {
      expect(await heading('en', status, { code }), code).toBe(english);
      expect(await heading('th', status, { code }), code).toBe(thai);
    }
  });

  it('no answer at all (the probe’s network error): the server cannot be reached', async () => {
    await i18n.changeLanguage('en');
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const refusal = await whyStreamRefused('/events', new AbortController());
    expect(streamRefusalTitle(i18n.t, refusal!.error)).toBe('The live feed could not connect: the server cannot be reached');
  });

  it('a 429 without the streams’ detail code is not said as too many feeds', async () => {
    expect(await heading('en', 429, { code: 'rate_limited', detail: 'Too many requests; slow down and try again shortly', detailCode: 'request.rate_limited' })).toBe('The live feed could not connect');
  });

  it('anything else the route is not known to answer: the feed could not connect', async () => {
    expect(await heading('en', 418, { code: 'teapot' })).toBe('The live feed could not connect');
    expect(await heading('th', 418, { code: 'teapot' })).toBe('ฟีดสดเชื่อมต่อไม่ได้');
    // A code named as an Object member is no heading of its own.
    expect(await heading('en', 400, { code: 'constructor', detailCode: 'toString' })).toBe('The live feed could not connect');
  });

  it('a proxy’s 502 page is no failure of the server said as such; a 502 problem of another code is', async () => {
    await i18n.changeLanguage('en');
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>502 Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' })));
    const refusal = await whyStreamRefused('/events', new AbortController());
    expect(streamRefusalTitle(i18n.t, refusal!.error)).toBe('The live feed could not connect');
    expect(streamRefusalTitle(i18n.t, new ApiError({ status: 502, code: 'http_502', title: 'Bad Gateway' }))).toBe('The live feed could not connect: the server ran into a problem');
  });
});
