import { describe, expect, it } from 'vitest';
import { shownIndicator } from './indicator-display';

describe('shownIndicator', () => {
  it('shows an account as the server displays it, with its @, and the canonical value under it', () => {
    expect(shownIndicator({ value: 'telegram:scamdesk', display: 'Telegram @scamdesk' })).toEqual({ primary: 'Telegram @scamdesk', canonical: 'telegram:scamdesk' });
    expect(shownIndicator({ value: 'instagram:scamdesk.ig', display: 'Instagram @scamdesk.ig' })).toEqual({
      primary: 'Instagram @scamdesk.ig',
      canonical: 'instagram:scamdesk.ig',
    });
  });

  it('does not repeat a value that reads the same as its display form', () => {
    expect(shownIndicator({ value: 'lotus-bank-verify.com', display: 'lotus-bank-verify.com' })).toEqual({ primary: 'lotus-bank-verify.com', canonical: null });
  });

  it('falls back to the value when the server gave no display form', () => {
    expect(shownIndicator({ value: 'telegram:scamdesk' })).toEqual({ primary: 'telegram:scamdesk', canonical: null });
    expect(shownIndicator({ value: '+66812345678', display: '' })).toEqual({ primary: '+66812345678', canonical: null });
    expect(shownIndicator({ value: '+66812345678', display: null })).toEqual({ primary: '+66812345678', canonical: null });
  });
});
