/**
 * Country flags as emoji: an ISO 3166-1 alpha-2 code maps onto the two Unicode "regional indicator"
 * letters, which fonts with emoji draw as the flag. No image set to ship or keep up to date.
 */
const REGIONAL_A = 0x1f1e6;

export function flagEmoji(code: string): string {
  if (!/^[A-Za-z]{2}$/.test(code)) return '';
  const upper = code.toUpperCase();
  return String.fromCodePoint(REGIONAL_A + upper.charCodeAt(0) - 65, REGIONAL_A + upper.charCodeAt(1) - 65);
}
