/**
 * i18next set-up. Every visible string lives in `locales/<code>.json`; adding a language means adding a
 * file here and its code to `@gpos/contracts` LOCALES. The chosen language is kept in localStorage (so the
 * sign-in page speaks it) and in the user's profile (so it follows the user to another device).
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LOCALES, type Locale } from '@gpos/contracts';
import en from './locales/en.json';
import th from './locales/th.json';
import { INTERPOLATION } from './interpolation';

export const resources = {
  en: { translation: en },
  th: { translation: th },
} as const satisfies Record<Locale, { translation: unknown }>;

const STORAGE_KEY = 'gpos.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function readStoredLocale(): Locale | null {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : null;
  } catch {
    return null;
  }
}

function detectInitialLocale(): Locale {
  const stored = readStoredLocale();
  if (stored) return stored;
  const browser = (navigator.languages ?? [navigator.language]).map((l) => l.slice(0, 2).toLowerCase());
  return browser.find(isLocale) ?? 'en';
}

/** Starts fetching the Thai web font in every weight the UI uses, so no text waits on it. */
function preloadFonts(locale: Locale): void {
  if (locale !== 'th' || !('fonts' in document)) return;
  for (const weight of [400, 600, 700]) void document.fonts.load(`${weight} 1em "Noto Sans Thai"`, 'ก').catch(() => undefined);
}

/** Switches the UI language, `<html lang>` and the remembered choice. */
export function applyLocale(locale: Locale): void {
  preloadFonts(locale);
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode or storage disabled: the profile still remembers the choice once signed in.
  }
  document.documentElement.lang = locale;
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
}

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : 'en';
}

export { intlLocale } from './locale-tag';

const initial = detectInitialLocale();
document.documentElement.lang = initial;
preloadFonts(initial);

/** `<html lang dir>` follow every language change, whoever makes it (switch, profile after sign-in, init). */
function syncDocumentLanguage(lng: string | undefined): void {
  if (!lng) return;
  document.documentElement.lang = lng;
  document.documentElement.dir = i18n.dir(lng);
}
// Registered before init, so the first languageChanged (from init itself) is seen too.
i18n.on('languageChanged', syncDocumentLanguage);

void i18n.use(initReactI18next).init({
  resources,
  lng: initial,
  fallbackLng: 'en',
  supportedLngs: [...LOCALES],
  interpolation: INTERPOLATION,
  returnNull: false,
});

export default i18n;
