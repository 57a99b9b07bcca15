import { DOMAIN_WATCH_TYPES, PREFIX_WATCH_TYPES, type createWatchlistSchema } from '@gpos/contracts';
import type { z } from 'zod';
import type { Said } from '../../platform/coded-text.js';
import { AppError } from '../../platform/errors.js';
import { cleanValue } from '../indicators/normalise/common.js';
import { normaliseIndicator, type RawIndicator } from '../indicators/normalise/index.js';
import { canonicalPrefix, quote, watchRefusals } from './watch-pattern.js';

type WatchInput = z.output<typeof createWatchlistSchema>;
type Refusal = { path: 'body.pattern' | 'body.indicatorType' } & Omit<Said, 'params'> & { params: Readonly<Record<string, string | number>> };

/**
 * A new watch's pattern in the canonical form it is matched in (an exact identifier as the normaliser
 * stores it, a domain as its host, a range by canonicalPrefix), or why not, by field, code and params: a
 * client says every refusal in its reader's language, and at the field that is wrong (the web form, in
 * Thai too; the refusals once went without a code, so Thai readers were told in English).
 */
export function readWatchPattern(input: WatchInput, country: string | null): { ok: true; pattern: string } | ({ ok: false } & Refusal) {
  if (input.kind === 'exact') {
    const result = normaliseIndicator(exactIdentifier(input.indicatorType, input.pattern), { reporterCountry: country });
    if (result.ok) return { ok: true, pattern: result.indicator.value };
    // A report gives the bank or the platform in a field of its own; a watch has only its pattern, so the
    // refusal says how to write them in it (the normaliser's own asks for a field the watch has not).
    const value = String(result.params.value ?? quote(input.pattern));
    if (result.code === 'bank.bank_code_required') return refuse('body.pattern', watchRefusals.say('watch.exact_needs_bank', { value }));
    if (result.code === 'account.platform_required') return refuse('body.pattern', watchRefusals.say('watch.exact_needs_platform', { value }));
    return { ok: false, path: 'body.pattern', message: result.reason, code: result.code, params: result.params };
  }
  if (input.kind === 'domain') {
    // What it covers under the domain: everything (`domain`), or only its URLs or its e-mail addresses.
    if (!(DOMAIN_WATCH_TYPES as readonly string[]).includes(input.indicatorType)) return refuse('body.indicatorType', watchRefusals.say('watch.domain_type', { value: quote(input.indicatorType) }));
    const result = normaliseIndicator({ type: 'domain', value: input.pattern }, { reporterCountry: null });
    if (result.ok) return { ok: true, pattern: result.indicator.value };
    return { ok: false, path: 'body.pattern', message: result.reason, code: result.code, params: result.params };
  }
  const result = canonicalPrefix(input.indicatorType, input.pattern, country);
  if (result.ok) return result;
  return refuse((PREFIX_WATCH_TYPES as readonly string[]).includes(input.indicatorType) ? 'body.pattern' : 'body.indicatorType', result);
}

/** `COUNTRY:BANK:NUMBER` as a person writes it (`TH:KASITHBK:123-4-56789`), its parts read as a report's fields. */
const ACCOUNT_WITH_BANK = /^([A-Za-z]{2})\s*:\s*([A-Za-z0-9]+)\s*:\s*(\S.*)$/;

/**
 * An exact watch's pattern as the identifier a report would give: a bank account written with its country
 * and bank is read as the number with those fields, so its separators go as a report's do (the canonical
 * text alone would have to be typed without them); anything else is the value as typed.
 *
 * The country and bank are found after the clean-up the normaliser gives every value and field (common.ts:
 * invisible characters stripped, NFKC): `TH:KASI\u200BTHBK:…` or full-width `ＴＨ：ＫＡＳＩＴＨＢＫ：…` was read
 * whole, so a number in Thai digits (`๑๒๓-๔-๕๖๗๘๙-๐`, only read as a number on its own) was refused as
 * needing a bank.
 */
function exactIdentifier(type: WatchInput['indicatorType'], pattern: string): RawIndicator {
  const cleaned = type === 'bank_account' ? cleanValue(pattern) : null;
  const account = cleaned?.ok ? ACCOUNT_WITH_BANK.exec(cleaned.value) : null;
  if (account) return { type, value: account[3]!, country: account[1]!.toUpperCase(), bankCode: account[2]! };
  return { type, value: pattern };
}

const refuse = (path: Refusal['path'], said: Said): { ok: false } & Refusal => ({ ok: false, path, ...said });

/** The 400 of a refused pattern, or the 409 of one the organisation watches already: its field, code and params. */
export function watchRefusalError(refusal: Refusal, status: 'validation_failed' | 'conflict' = 'validation_failed'): AppError {
  const { path, message, code, params } = refusal;
  return new AppError(status, `${path}: ${message}`, { errors: [{ path, message, code, params: { ...params } }] });
}

/** The refusal of a watch the organisation has already (the same kind, type and canonical pattern), naming it. */
export function duplicateWatch(typed: string, existing: { name: string; pattern: string }): AppError {
  const said = watchRefusals.say('watch.duplicate', { value: quote(typed.trim()), name: quote(existing.name), pattern: existing.pattern });
  return watchRefusalError({ path: 'body.pattern', ...said }, 'conflict');
}
