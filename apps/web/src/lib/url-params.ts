import { readWholeNumber } from '@gpos/contracts';

/**
 * A whole number from a page's URL, read as the API reads its query parameters (the contracts'
 * readWholeNumber: digits only), within [min, max]; anything else is no value (the filter stays unset), as
 * an unknown country in the URL is. Not Number(): it takes `1e2` for 100, `0x10` for 16 and an empty
 * parameter for 0.
 */
export function wholeNumberParam(text: string | null, min: number, max: number): number | undefined {
  const value = text === null ? undefined : readWholeNumber(text);
  return value !== undefined && value >= min && value <= max ? value : undefined;
}
