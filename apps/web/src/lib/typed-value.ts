import { INDICATOR_TYPES, type IndicatorType } from '@gpos/contracts';

/**
 * `type:value` as the CSV upload and the warninglist editor write it (`phone:+66812345678`,
 * `bank_account:TH:BKKBTHBK:1234567890`), or a bare value for detection (`https://x.example` is a bare
 * value: `https` is no indicator type).
 */
export function parseTypedValue(text: string): { type?: IndicatorType; value: string } {
  const trimmed = text.trim();
  const match = /^([a-z_]+):(.+)$/s.exec(trimmed);
  if (match && (INDICATOR_TYPES as readonly string[]).includes(match[1] ?? '')) {
    return { type: match[1] as IndicatorType, value: (match[2] ?? '').trim() };
  }
  return { value: trimmed };
}
