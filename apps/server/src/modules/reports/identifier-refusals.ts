/**
 * An identifier's own refusal (the normaliser's: a phone number too short, an IBAN whose check digits are
 * wrong), as a report's refusal names it, and the identifiers' refusals of a report its schema refused.
 */
import { LIMITS, reportIndicatorInputSchema } from '@gpos/contracts';
import type { FieldError } from '../../platform/errors.js';
import { normaliseIndicator, type NormaliseResult } from '../indicators/normalise/index.js';

/** The refusal of the report's identifier at `index`, at the field of it at fault (`indicators.1.value`). */
export function identifierRefusal(index: number, result: Extract<NormaliseResult, { ok: false }>): FieldError {
  return { path: `indicators.${index}.${result.field}`, message: result.reason, code: result.code, params: result.params };
}

/**
 * The refusals of the identifiers of a report its schema refused (`value` as sent: a bulk line, a request's
 * body), said with the schema's own so that one answer shows every problem: said alone, an unknown scamType
 * hid that `+66 12` is too short a phone number, and the sender learnt of it only once the first was fixed.
 * Only identifiers the schema takes on their own are read (the schema says what is wrong with the others),
 * at most as many as a report may name, and nothing is stored: the report is refused whatever they are.
 * Normalised as an accepted report's are (ingest.service.ts' prepare), for the same country.
 */
export function identifierRefusals(value: unknown, reporterCountry: string): FieldError[] {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, 'indicators')) return [];
  const indicators = (value as { indicators: unknown }).indicators;
  if (!Array.isArray(indicators)) return [];
  const refusals: FieldError[] = [];
  indicators.slice(0, LIMITS.indicatorsPerReport).forEach((raw, index) => {
    const parsed = reportIndicatorInputSchema.safeParse(raw);
    if (!parsed.success) return;
    const { role: _role, ...identifier } = parsed.data;
    const result = normaliseIndicator(identifier, { reporterCountry });
    if (!result.ok) refusals.push(identifierRefusal(index, result));
  });
  return refusals;
}
