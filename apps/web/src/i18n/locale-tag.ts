/** BCP 47 tag for Intl formatting (kept free of i18next so pure helpers can use it in unit tests). */
export function intlLocale(locale: string): string {
  return locale === 'th' ? 'th-TH' : 'en-GB';
}
