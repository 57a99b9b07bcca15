import { describe, expect, it } from 'vitest';
import { WatchIndex, type Watch } from './watch-index.js';

const watch = (id: string, kind: Watch['kind'], indicatorType: string, pattern: string): Watch => ({ id, organisationId: 'org', name: id, kind, indicatorType, pattern });

describe('WatchIndex', () => {
  it('matches a domain watch by its type: domain covers every identifier under the domain, url and email only their own (API review, session 25)', () => {
    const index = new WatchIndex([watch('all', 'domain', 'domain', 'scam.top'), watch('urls', 'domain', 'url', 'scam.top'), watch('mail', 'domain', 'email', 'scam.top')]);
    const ids = (type: string, value: string) => index.match(type, value).map((w) => w.id).sort();
    expect(ids('url', 'https://login.scam.top/x')).toEqual(['all', 'urls']);
    expect(ids('email', 'boss@scam.top')).toEqual(['all', 'mail']);
    expect(ids('domain', 'pay.scam.top')).toEqual(['all']);
    expect(ids('domain', 'notscam.top')).toEqual([]);
  });

  it('matches an IPv6 range typed with its zero groups against addresses stored with them compressed', () => {
    // The pattern as canonicalPrefix gives it for `2001:0db8:0000:0000:` (leading zeros dropped, groups kept).
    const index = new WatchIndex([watch('net', 'prefix', 'ip', '2001:db8:0:0:'), watch('short', 'prefix', 'ip', '2001:db8::')]);
    const ids = (value: string) => index.match('ip', value).map((w) => w.id).sort();
    expect(ids('2001:db8::1')).toEqual(['net', 'short']);
    expect(ids('2001:db8:0:0:1::')).toEqual(['net']);
    expect(ids('2001:db8::1:0:0:1')).toEqual(['net', 'short']);
    expect(ids('2001:db8:0:1::1')).toEqual([]);
    expect(ids('::1')).toEqual([]);
    expect(new WatchIndex([watch('all', 'prefix', 'ip', '0:0:0:0:0:0:0:')]).match('ip', '::').map((w) => w.id)).toEqual(['all']);
  });

  it('matches exact keys and prefixes of the type only', () => {
    const index = new WatchIndex([watch('exact', 'exact', 'phone', '+66812345678'), watch('range', 'prefix', 'phone', '+668123')]);
    expect(index.match('phone', '+66812345678').map((w) => w.id).sort()).toEqual(['exact', 'range']);
    expect(index.match('phone', '+66812399999').map((w) => w.id)).toEqual(['range']);
    expect(index.match('bank_account', '+66812345678')).toEqual([]);
  });
});
