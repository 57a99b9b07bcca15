import { scoToRawIndicator } from '../indicators/indicator.stix.js';
import { normaliseIndicator, type CanonicalIndicator } from '../indicators/normalise/index.js';
import { quoteText as quote } from '../../platform/quote-text.js';
import { live, reject, unmapped, type Entry, type Json } from './stix-import-model.js';
import { parseStixPattern } from './stix-pattern.js';
import { say } from './stix-reasons.js';
import { isScoType } from './stix-validator.js';

/** The identifiers GPOS keeps that a bundle's observables and indicators name (stix-import.ts, step 2). */
export interface BundleIdentifiers {
  /** Each observable's and indicator's identifiers, normalised the way a report's would be (with what they derive). */
  canonicalOf: Map<Entry, CanonicalIndicator[]>;
  /**
   * What normalising derived (a URL's registrable domain, a WhatsApp account's phone). Ingest derives it
   * again from its source, so a report does not send it as submitted: GPOS's own exports carry it beside its
   * source, and counted twice a report of 100 identifiers (up to 200 with what they derive) could not be
   * imported on another node.
   */
  derivedOnes: WeakSet<CanonicalIndicator>;
}

/**
 * Reads the identifiers of the live observables (SCOs) and STIX-pattern indicators among `entries`. One
 * whose identifier a normaliser refuses is rejected, at the property holding it; one that names nothing
 * GPOS keeps (a platform it does not know, another pattern language, a pattern without an identifier) is
 * unmapped, saying why. `reporterCountry` reads national phone numbers, as a report's would be read.
 */
export function mapIdentifiers(entries: readonly Entry[], reporterCountry: string): BundleIdentifiers {
  const canonicalOf = new Map<Entry, CanonicalIndicator[]>();
  const derivedOnes = new WeakSet<CanonicalIndicator>();
  const normalise = (entry: Entry, object: Json, path: string): CanonicalIndicator[] | null => {
    const mapping = scoToRawIndicator(object);
    if (mapping.kind === 'unmapped') return null;
    const normalised = normaliseIndicator(mapping.raw, { reporterCountry });
    if (!normalised.ok) {
      if (normalised.field === 'platform') return null;
      // At the property holding the identifier, whichever of its parts the normaliser names.
      reject(entry, [{ path, message: normalised.reason, code: normalised.code, params: normalised.params }]);
      return [];
    }
    for (const derived of normalised.derived) derivedOnes.add(derived);
    return [normalised.indicator, ...normalised.derived];
  };
  for (const entry of entries) {
    if (!live(entry) || !entry.object || !entry.type || !isScoType(entry.type)) continue;
    const mapped = normalise(entry, entry.object, identifierPropertyOf(entry.type, entry.object));
    if (mapped === null) {
      const why = (scoToRawIndicator(entry.object) as { reason?: string }).reason;
      unmapped(entry, why !== undefined ? say('stix.observable_unmapped', { reason: why }) : say('stix.unknown_platform', { type: entry.type }));
    }
    else if (live(entry)) canonicalOf.set(entry, mapped);
  }
  for (const entry of entries) {
    if (!live(entry) || entry.type !== 'indicator' || !entry.object) continue;
    if (entry.object.pattern_type !== 'stix') {
      unmapped(entry, say('stix.pattern_type_unsupported', { patternType: quote(String(entry.object.pattern_type)) }));
      continue;
    }
    const parsed = parseStixPattern(String(entry.object.pattern));
    if (!parsed.ok) {
      unmapped(entry, say('stix.pattern_unusable', { reason: parsed.reason }));
      continue;
    }
    const found: CanonicalIndicator[] = [];
    for (const pseudo of parsed.objects) {
      const mapped = normalise(entry, { type: pseudo.type, ...pseudo.properties }, 'pattern');
      if (mapped) found.push(...mapped);
    }
    if (!live(entry)) continue;
    if (found.length === 0) unmapped(entry, say('stix.pattern_no_identifier'));
    else canonicalOf.set(entry, found);
  }
  return { canonicalOf, derivedOnes };
}

/** The property of an observable that holds the identifier, where a refusal of it is said. */
function identifierPropertyOf(type: string, object: Json): string {
  if (type === 'user-account') return 'user_id';
  if (type === 'software') return 'name';
  if (type === 'bank-account') return typeof object.iban === 'string' && object.iban !== '' ? 'iban' : 'account_number';
  return 'value';
}
