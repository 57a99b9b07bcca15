/**
 * Defanged identifiers made whole again. Analysts and feeds write URLs, domains, e-mail and IP addresses
 * so that nothing turns them into links by accident — `hxxps://pay-lotus[.]top/login`, `scam[@]mail[.]com`,
 * `203.0.113[.]7` — and paste them as they are. Only the conventions that cannot be part of a real value
 * are read back: `hxxp`/`hxxps` as the scheme, a dot, colon or at-sign written in brackets (`[.]`, `(.)`,
 * `{.}`, `[dot]`, `[:]`, `[@]`, `[at]`…; the ideographic full stop a CJK keyboard types for a dot, `[。]`,
 * as a dot), and `\.` for a dot.
 */
const SCHEME = /^h(?:xx|XX|\*\*)p(s?)(?:\[:\/\/\]|\[:\]\/\/|:\/\/)/;
const BRACKETED = /[[({]\s*(\.|。|dot|:|@|at)\s*[\])}]|\\\./gi;

/** The value refanged, or null when it holds no defanging (so the caller's rejection stands). */
export function refanged(value: string): string | null {
  if (!value.includes('[') && !value.includes('(') && !value.includes('{') && !value.includes('\\') && !/^h(?:xx|XX|\*\*)p/.test(value)) return null;
  const whole = value.replace(SCHEME, (_m, s: string) => `http${s}://`).replace(BRACKETED, (m: string, sign?: string) => {
    if (sign === undefined) return '.'; // `\.`
    const lower = sign.toLowerCase();
    return lower === 'dot' || lower === '。' ? '.' : lower === 'at' ? '@' : lower;
  });
  return whole === value ? null : whole;
}
