import type { InterpolationOptions } from 'i18next';
import { isolateBidi } from '../lib/bidi';

/**
 * How values enter translated sentences. React escapes HTML itself, so the one "escape" is bidi isolation:
 * a name, reason or note holding right-to-left letters or bidi controls is wrapped in FSI … PDI (its open
 * controls closed), so "{{name}} was created." cannot be shown reversed by a name ending in U+202E. Every
 * other value (numbers and dates, which i18next passes as strings; Latin or Thai text) is left exactly as it is. See lib/bidi.ts.
 */
export const INTERPOLATION: InterpolationOptions = {
  escapeValue: true,
  escape: isolateBidi,
};
