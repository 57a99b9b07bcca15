import { useEffect, useState } from 'react';

/** Written internationally, read the same from any country: shown until the national example has loaded. */
export const INTERNATIONAL_PHONE_EXAMPLE = '+66 81 234 5678';

/**
 * The report form's example phone number for an organisation of `country` (lib/phone-example.ts). The
 * example comes from libphonenumber-js's metadata, some 110 KB that every page of the app would otherwise
 * load for one hint, so it is a chunk of its own, loaded when a form first shows the hint.
 */
export function usePhoneExample(country: string): string {
  const [loaded, setLoaded] = useState<{ country: string; example: string } | null>(null);
  useEffect(() => {
    let current = true;
    void import('../lib/phone-example').then(({ phoneExample }) => {
      if (current) setLoaded({ country, example: phoneExample(country) });
    });
    return () => {
      current = false;
    };
  }, [country]);
  return loaded?.country === country ? loaded.example : INTERNATIONAL_PHONE_EXAMPLE;
}
