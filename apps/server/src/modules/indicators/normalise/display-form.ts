/**
 * What GPOS itself shows for an identifier (an indicator's `display`), read back as input: a person copies
 * `3712345678 (KASITHBK, TH)` or `Telegram @scam_support` from a GPOS page into Lookup, a report or a
 * bulk file, and it must find the very indicator it was copied from.
 *
 * Most displays are input already (phones, IBANs, wallets, URLs, domains, e-mails, IPs, Android packages);
 * these are not, and are read here: national bank accounts `<number> (<bank>, <country>)`, accounts
 * `<Platform> <key as shown>`, iOS apps `App Store id…` / `iOS <bundle id>`. Each reader sits beside the
 * code that makes the display. `index.ts` calls this only after the value as given was rejected, so the
 * identifiers that are accepted — nearly every one a lookup sees — never pay for it.
 */
import type { IndicatorType } from '@gpos/contracts';
import { accountTypeOf, readAccountDisplay } from './account.normaliser.js';
import { readAppDisplay } from './app.normaliser.js';
import { readBankAccountDisplay } from './bank-account.normaliser.js';

/** The input text a display form stands for (a canonical or platform-prefixed form), and its type. */
export interface DisplayReading {
  type: IndicatorType;
  value: string;
}

/** Reads a cleaned value (see `cleanValue`) as one of the display forms above; null when it is none. */
export function readDisplayForm(value: string): DisplayReading | null {
  // Every display form has a space (or a bracket) in it: most rejected values are done with here.
  if (!/[ (]/.test(value)) return null;
  const bank = readBankAccountDisplay(value);
  if (bank !== null) return { type: 'bank_account', value: bank };
  const app = readAppDisplay(value);
  if (app !== null) return { type: 'app', value: app };
  const account = readAccountDisplay(value);
  if (account !== null) return { type: accountTypeOf(account.platform), value: account.text };
  return null;
}
