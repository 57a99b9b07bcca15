import i18next from 'i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import en from '../i18n/locales/en.json';
import th from '../i18n/locales/th.json';
import { clearSessionEnded, markSessionEnded, onSessionEnded, sessionEnded, sessionEndText } from './session-ended';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

beforeEach(() => {
  const kept = new Map<string, string>();
  vi.stubGlobal('sessionStorage', { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v), removeItem: (k: string) => void kept.delete(k) });
});
afterEach(() => vi.unstubAllGlobals());

describe('why the sign-in page says the session ended', () => {
  it('keeps an idle sign-out with its minutes, which a plain end that follows does not hide', () => {
    expect(sessionEnded()).toBeNull();
    markSessionEnded();
    expect(sessionEnded()).toEqual({ idleMinutes: null });
    markSessionEnded(30);
    expect(sessionEnded()).toEqual({ idleMinutes: 30 });
    // Requests in flight when the session was deleted answer a plain 401 after the session_expired one.
    markSessionEnded();
    expect(sessionEnded()).toEqual({ idleMinutes: 30 });
    clearSessionEnded();
    expect(sessionEnded()).toBeNull();
  });

  it('tells a sign-in page already shown when the idle reason arrives after a plain end, and stops when it goes', () => {
    const heard: Array<ReturnType<typeof sessionEnded>> = [];
    const stop = onSessionEnded(() => heard.push(sessionEnded()));
    markSessionEnded();
    markSessionEnded(30);
    // A plain end after the idle one changes nothing, and is not announced.
    markSessionEnded();
    expect(heard).toEqual([{ idleMinutes: null }, { idleMinutes: 30 }]);
    stop();
    markSessionEnded(45);
    expect(heard).toHaveLength(2);
    clearSessionEnded();
  });

  it('says in English and Thai after how many minutes without activity the person was signed out', async () => {
    await i18n.changeLanguage('en');
    expect(sessionEndText(i18n.t, { idleMinutes: 30 })).toBe('You were signed out after 30 minutes without activity. Sign in again to go on where you were: a report you were writing is kept.');
    expect(sessionEndText(i18n.t, { idleMinutes: 1 })).toMatch(/^You were signed out after 1 minute without activity\./);
    expect(sessionEndText(i18n.t, { idleMinutes: null })).toMatch(/^Your session ended\./);
    await i18n.changeLanguage('th');
    expect(sessionEndText(i18n.t, { idleMinutes: 30 })).toMatch(/^คุณถูกออกจากระบบเนื่องจากไม่มีการใช้งานเป็นเวลา 30 นาที /);
    expect(sessionEndText(i18n.t, { idleMinutes: null })).toMatch(/^เซสชันของคุณหมดอายุแล้ว/);
  });
});
