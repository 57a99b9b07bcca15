import type { i18n as I18n, TFunction } from 'i18next';
import i18n from 'i18next';
import { ApiError } from '../api/client';
import { normaliseErrorMessage } from './normalise-error';

/** The translation for an error code, when the locale files have one. */
function codeMessage(t: TFunction, code: string): string | null {
  const key = `errors.codes.${code}`;
  // Codes come from the server at run time, so the key cannot be checked at compile time.
  return i18n.exists(key) ? (t as unknown as (k: string) => string)(key) : null;
}

/** A translated one-line heading for an error, by its stable code. */
export function errorTitle(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    const known = codeMessage(t, error.code);
    if (known) return known;
    if (error.status === 0) return t('errors.network');
    if (error.status >= 500) return t('errors.server');
  }
  return t('errors.title');
}

/** The message to show: the server's `detail` (written for the user), else a translated fallback. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.detail) return error.detail;
    if (error.status === 0) return t('errors.network');
    const known = codeMessage(t, error.code);
    if (known) return known;
    if (error.status >= 500) return t('errors.server');
    return error.message || t('errors.generic');
  }
  return t('errors.generic');
}

export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldError(field) : undefined;
}

/** A field's error in the reader's language when the server sent a normaliser code for it, else its message. */
export function translatedFieldError(instance: I18n, error: unknown, field: string): string | undefined {
  const entry = error instanceof ApiError ? error.fieldErrorEntry(field) : undefined;
  if (!entry) return undefined;
  return entry.code ? normaliseErrorMessage(instance, { reason: entry.message, code: entry.code, params: entry.params }) : entry.message;
}
