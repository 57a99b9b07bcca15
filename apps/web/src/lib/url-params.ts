/**
 * A whole number from a page's URL, read as the API reads its query parameters: digits only, within
 * [min, max]; anything else is no value (the filter stays unset), as an unknown country in the URL is.
 * Not Number(): it takes `1e2` for 100, `0x10` for 16 and an empty parameter for 0.
 */
export function wholeNumberParam(text: string | null, min: number, max: number): number | undefined {
  if (text === null || !/^[0-9]{1,16}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}
